package kata.support;

import static org.awaitility.Awaitility.await;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.awaitility.core.ConditionTimeoutException;

/**
 * A server is ready when it answers {@code version}: the one check that works for a container, a binary and an address.
 * A server with SASL ({@code -S}) speaks only the binary protocol, where {@code version} is one of the few commands
 * it answers before authentication.
 */
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
        return awaitVersion(address, atMost, alive, false);
    }

    /** As {@link #awaitVersion(InetSocketAddress, Duration, BooleanSupplier)}, in the binary protocol if asked. */
    static String awaitVersion(InetSocketAddress address, Duration atMost, BooleanSupplier alive, boolean binary) {
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
                            version[0] = binary ? binaryVersion(address, Duration.ofMillis(500))
                                    : inspector.version();
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

    /**
     * Waits until memcached at {@code address} leaves a {@code version} unanswered for 100 ms: a pause (SIGSTOP,
     * {@code docker pause}) is only asked for when its command returns, and a request sent at once was now and then
     * still answered. A server that still answers after 5 s fails, saying what was paused and how.
     */
    static void awaitSilent(InetSocketAddress address, String paused, boolean binary) {
        Duration probe = Duration.ofMillis(100);
        Duration atMost = Duration.ofSeconds(5);
        RawInspector inspector = new RawInspector(address, probe);
        try {
            await(paused + " to stop answering 'version' once paused")
                    .atMost(atMost)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> {
                        try {
                            if (binary) {
                                binaryVersion(address, probe);
                            } else {
                                inspector.version();
                            }
                            return false;
                        } catch (RuntimeException silent) {
                            return true;
                        }
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(paused + " still answered 'version' " + atMost.toMillis()
                    + " ms after it was paused: the pause did not freeze it (a test that relies on a frozen server"
                    + " would pass or fail by chance); see whether the process or container is still running");
        }
    }

    /** The binary protocol's {@code version} (opcode 0x0b): a 24-byte request header, the version as the body. */
    static String binaryVersion(InetSocketAddress address, Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(address, (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            byte[] request = new byte[24];
            request[0] = (byte) 0x80; // request magic
            request[1] = 0x0b;
            socket.getOutputStream().write(request);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] header = new byte[24];
            in.readFully(header);
            ByteBuffer fields = ByteBuffer.wrap(header);
            short status = fields.getShort(6);
            byte[] body = new byte[fields.getInt(8)];
            in.readFully(body);
            if ((header[0] & 0xff) != 0x81 || status != 0) {
                throw new IllegalStateException("memcached at " + address + " answered binary 'version' with status "
                        + status + ": " + new String(body, StandardCharsets.US_ASCII));
            }
            return new String(body, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("memcached at " + address + " did not answer binary 'version'", e);
        }
    }
}
