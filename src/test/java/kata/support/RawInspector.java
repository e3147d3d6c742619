package kata.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Speaks memcached's text protocol over a plain socket, to see what the server really holds.
 *
 * <p>Tests use it as a second opinion that does not go through the learner's client. It is the one piece of
 * hand-written protocol code in the project: no Java client exposes the raw answers we want to show.
 */
public final class RawInspector {

    private final InetSocketAddress address;
    private final Duration timeout;

    public RawInspector(InetSocketAddress address) {
        this(address, Duration.ofSeconds(2));
    }

    public RawInspector(InetSocketAddress address, Duration timeout) {
        this.address = address;
        this.timeout = timeout;
    }

    /** The server's version, e.g. {@code "1.6.18"}, from the {@code version} command. */
    public String version() {
        String line = exchange("version");
        if (!line.startsWith("VERSION ")) {
            throw new IllegalStateException("memcached at " + hostAndPort() + " answered 'version' with: " + line);
        }
        return line.substring("VERSION ".length());
    }

    /** {@code host:port}, as failure messages name the server. */
    public String hostAndPort() {
        return address.getHostString() + ":" + address.getPort();
    }

    /** Sends one command line and returns the first line of the answer, without its CRLF. */
    String exchange(String command) {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return readLine(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("memcached at " + hostAndPort() + " did not answer '" + command + "': " + e, e);
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        int millis = Math.toIntExact(timeout.toMillis());
        socket.connect(address, millis);
        socket.setSoTimeout(millis);
        return socket;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            line.write(b);
        }
        if (b == -1 && line.size() == 0) {
            throw new IOException("connection closed before any answer");
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }
}
