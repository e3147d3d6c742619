package kata.k16_failure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.ConnectionObserver;
import net.spy.memcached.FailureMode;
import net.spy.memcached.MemcachedClient;

/**
 * Clients that fail in bounded time, each with the {@link FailureMode} it is given.
 *
 * <p>The lesson, with hints: README.md in this folder.
 */
public final class FailureModes {

    private FailureModes() {
    }

    /**
     * A client of {@code nodes} whose operations give up after {@code opTimeout}, and that treats an operation for a
     * node it knows to be down as {@code mode} says. It returns once every node is connected, or after
     * {@code opTimeout} when some are not: a node that is down never makes it throw.
     *
     * @param opTimeout whole milliseconds, at least 1
     * @throws IllegalArgumentException for no nodes, or an operation timeout under 1 ms, naming it
     */
    public static MemcachedClient connect(List<InetSocketAddress> nodes, FailureMode mode, Duration opTimeout) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("no nodes: give the address of at least one memcached server");
        }
        if (opTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("opTimeout " + opTimeout + ": give 1 ms or more (spymemcached counts"
                    + " whole milliseconds, and 0 times every operation out at once)");
        }
        MemcachedClient client;
        try {
            client = new MemcachedClient(new ConnectionFactoryBuilder()
                    .setFailureMode(mode)
                    .setOpTimeout(opTimeout.toMillis())
                    .build(), nodes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitConnections(client, nodes.size(), opTimeout);
        return client;
    }

    /**
     * Waits until {@code expected} nodes are connected, at most {@code bound}: a node not connected yet counts as
     * down, so with {@link FailureMode#Cancel} the first operations of a fresh client would be cancelled.
     */
    private static void awaitConnections(MemcachedClient client, int expected, Duration bound) {
        Semaphore established = new Semaphore(0);
        client.addObserver(new ConnectionObserver() {
            @Override
            public void connectionEstablished(SocketAddress address, int reconnectCount) {
                established.release();
            }

            @Override
            public void connectionLost(SocketAddress address) {
                // a node lost while we wait is down: the bound ends the wait
            }
        });
        long deadline = System.nanoTime() + bound.toNanos();
        try {
            // observed after the observer was added, so a connection made in between is seen by one or the other
            while (client.getAvailableServers().size() < expected) {
                // past the deadline, tryAcquire only takes a permit already there
                if (!established.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
