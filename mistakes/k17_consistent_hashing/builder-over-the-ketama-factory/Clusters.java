// MISTAKE (task 1): the builder copies the Ketama factory's settings but not its locator: modulo hashing
package kata.k17_consistent_hashing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.FailureMode;
import net.spy.memcached.KetamaConnectionFactory;
import net.spy.memcached.MemcachedClient;

/**
 * Clients of a cluster of memcached servers: which server holds a key is the client's choice alone.
 *
 * <p>Task 1: {@link #consistent} places keys with Ketama's consistent hashing (spymemcached's
 * {@code KetamaNodeLocator} with {@code DefaultHashAlgorithm.KETAMA_HASH}); {@link #modulo} with spymemcached's
 * default, the key's {@code String.hashCode()} modulo the number of servers ({@code ArrayModNodeLocator}). Both send
 * every key to its own server, even one they have not connected to yet or one that is down ({@code FailureMode.Retry}:
 * spymemcached's default, {@code Redistribute}, sends it to another server then). Both use the operation timeout they
 * are given, and refuse one under a millisecond ({@link IllegalArgumentException} naming it). Beware:
 * {@code new ConnectionFactoryBuilder(new KetamaConnectionFactory())} builds a modulo client.
 *
 * <p>The lesson, with hints: README.md in this folder.
 */
public final class Clusters {

    private Clusters() {
    }

    /**
     * A client that places keys on {@code servers} with Ketama: removing a server moves only the keys it held.
     *
     * @throws IllegalArgumentException for an operation timeout under 1 ms
     */
    public static MemcachedClient consistent(List<InetSocketAddress> servers, Duration opTimeout) throws IOException {
        return new MemcachedClient(new ConnectionFactoryBuilder(new KetamaConnectionFactory())
                .setFailureMode(FailureMode.Retry)
                .setOpTimeout(millis(opTimeout))
                .build(), servers);
    }

    /**
     * A client that places a key on {@code servers.get(hashCode % servers.size())}, as {@code new
     * MemcachedClient(servers)} does: changing the number of servers moves most keys.
     *
     * @throws IllegalArgumentException for an operation timeout under 1 ms
     */
    public static MemcachedClient modulo(List<InetSocketAddress> servers, Duration opTimeout) throws IOException {
        return new MemcachedClient(new ConnectionFactoryBuilder()
                .setFailureMode(FailureMode.Retry)
                .setOpTimeout(millis(opTimeout))
                .build(), servers);
    }

    private static long millis(Duration opTimeout) {
        if (opTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("opTimeout " + opTimeout + ": spymemcached counts in whole"
                    + " milliseconds, give at least 1 ms");
        }
        return opTimeout.toMillis();
    }
}
