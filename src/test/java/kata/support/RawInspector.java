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
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

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

    /**
     * What the server holds under {@code key}: raw bytes, flags, remaining TTL and size, read with the meta command
     * {@code mg <key> b v f t s} (the key travels base64-encoded, so any bytes are safe on the wire). Reading does
     * not count as a hit or bump the item in the LRU in a way tests could notice.
     *
     * @return empty when the server holds nothing under {@code key}
     */
    public Optional<StoredItem> inspect(String key) {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        String command = "mg " + Base64.getEncoder().encodeToString(keyBytes) + " b v f t s";
        try (Socket socket = connect()) {
            send(socket, command);
            InputStream in = socket.getInputStream();
            String header = readLine(in);
            if (header.equals("EN")) {
                return Optional.empty();
            }
            if (!header.startsWith("VA ")) {
                throw new IllegalStateException("memcached at " + hostAndPort() + " answered '" + command + "' with: "
                        + header);
            }
            String[] parts = header.split(" ");
            byte[] value = in.readNBytes(Integer.parseInt(parts[1]));
            readLine(in); // the CRLF after the data block
            int flags = 0;
            long ttl = 0;
            int size = value.length;
            for (int i = 2; i < parts.length; i++) {
                String flag = parts[i];
                switch (flag.charAt(0)) {
                    case 'f' -> flags = Integer.parseUnsignedInt(flag.substring(1));
                    case 't' -> ttl = Long.parseLong(flag.substring(1));
                    case 's' -> size = Integer.parseInt(flag.substring(1));
                    default -> { } // flags we did not ask for
                }
            }
            return Optional.of(new StoredItem(key, value, flags, ttl, size));
        } catch (IOException e) {
            throw unreachable(command, e);
        }
    }

    /** The server's {@code stats}, exactly as sent: every value is text on the wire. */
    public Map<String, String> stats() {
        Map<String, String> stats = new LinkedHashMap<>();
        try (Socket socket = connect()) {
            send(socket, "stats");
            InputStream in = socket.getInputStream();
            for (String line = readLine(in); !line.equals("END"); line = readLine(in)) {
                String[] parts = line.split(" ", 3); // STAT <name> <value>
                stats.put(parts[1], parts.length > 2 ? parts[2] : "");
            }
            return stats;
        } catch (IOException e) {
            throw unreachable("stats", e);
        }
    }

    /** {@code host:port}, as failure messages name the server. */
    public String hostAndPort() {
        return address.getHostString() + ":" + address.getPort();
    }

    /** Sends one command line and returns the first line of the answer, without its CRLF. */
    String exchange(String command) {
        try (Socket socket = connect()) {
            send(socket, command);
            return readLine(socket.getInputStream());
        } catch (IOException e) {
            throw unreachable(command, e);
        }
    }

    private static void send(Socket socket, String command) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private UncheckedIOException unreachable(String command, IOException e) {
        return new UncheckedIOException("memcached at " + hostAndPort() + " did not answer '" + command + "': " + e, e);
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
