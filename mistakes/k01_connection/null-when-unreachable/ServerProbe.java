// MISTAKE (task 2): returns null when no server answered, like the seed's `return None`, instead of throwing.
package kata.k01_connection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import kata.shared.ServerUnreachableException;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.MemcachedClient;

/**
 * Checks that a memcached server is there and answering, the way a service checks at start-up.
 *
 * <p>Task 1: {@link #version} connects to {@code address} and returns the server's version, such as "1.6.18".
 * <p>Task 2: when nothing answers, it throws {@link ServerUnreachableException} after about {@code timeout}, not
 * after spymemcached's default 2.5 s and never a hang.
 * <p>Task 3: it always shuts its client down, on success and on failure: the client's "Memcached IO" thread is not a
 * daemon, and one left behind keeps the JVM alive.
 *
 * <p>The lesson, with hints: README.md in this folder.
 */
public final class ServerProbe {

    private ServerProbe() {
    }

    /**
     * Returns the version of the memcached server at {@code address}.
     *
     * @param timeout how long to wait for an answer (build the client with it as its operation timeout)
     * @throws ServerUnreachableException when no answer comes within {@code timeout}
     * @see MemcachedClient#getVersions()
     */
    public static String version(InetSocketAddress address, Duration timeout) {
        MemcachedClient client = open(address, timeout);
        try {
            // getVersions() waits at most the operation timeout; a server that did not answer has no entry
            return client.getVersions().values().stream()
                    .findFirst()
                    .orElse(null); // the caller checks for null, as the seed's caller checked for None
        } finally {
            client.shutdown();
        }
    }

    private static MemcachedClient open(InetSocketAddress address, Duration timeout) {
        try {
            // the constructor does not connect: it never fails for a dead server, the first operation does
            return new MemcachedClient(new ConnectionFactoryBuilder().setOpTimeout(timeout.toMillis()).build(),
                    List.of(address));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
