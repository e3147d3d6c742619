package kata.k16_failure;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import net.spy.memcached.FailureMode;
import net.spy.memcached.MemcachedClient;

/**
 * Clients that fail in bounded time, each with the {@link FailureMode} it is given.
 *
 * <p>Task 1: {@link #connect} builds a spymemcached client with an operation timeout and a failure mode, and returns
 * it once it is connected (waiting at most the timeout: a node that is down must not stop a service starting). The
 * tests then compare the three modes on nodes they stop and freeze.
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
        throw new UnsupportedOperationException("k16_failure, task 1: implement FailureModes.connect(nodes, mode,"
                + " opTimeout) in exercises/kata/k16_failure/FailureModes.java");
    }
}
