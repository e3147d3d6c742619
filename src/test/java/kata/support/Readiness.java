package kata.support;

import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.awaitility.core.ConditionTimeoutException;

/** A server is ready when it answers {@code version}: the one check that works for a container, a binary and an address. */
final class Readiness {

    private Readiness() {
    }

    /**
     * Waits until memcached at {@code address} answers {@code version}, or gives up.
     *
     * @param alive false once the server's process is known to be gone, to stop waiting early
     * @return the version it answered
     */
    static String awaitVersion(InetSocketAddress address, Duration atMost, BooleanSupplier alive) {
        RawInspector inspector = new RawInspector(address, Duration.ofMillis(500));
        String[] version = new String[1];
        try {
            await("memcached at " + inspector.hostAndPort() + " to answer 'version'")
                    .atMost(atMost)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        if (!alive.getAsBoolean()) {
                            throw new IllegalStateException("the server exited before it answered");
                        }
                        try {
                            version[0] = inspector.version();
                            return true;
                        } catch (RuntimeException notYet) {
                            return false;
                        }
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("memcached at " + inspector.hostAndPort() + " did not answer 'version' within "
                    + atMost.toMillis() + " ms");
        }
        return version[0];
    }
}
