package kata.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.awaitility.Awaitility;

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
     * What the server holds under {@code key}, waiting up to 2 s for it to be there: spymemcached's writes return
     * before the server has the item, so code under test may not have waited. Fails the test (Awaitility's
     * ConditionTimeoutException) when nothing came.
     */
    public StoredItem awaitStored(String key) {
        return Awaitility.await(key + " to be stored").atMost(Duration.ofSeconds(2))
                .until(() -> inspect(key), Optional::isPresent).orElseThrow();
    }

    /**
     * What the server holds under {@code key}: raw bytes, flags, remaining TTL and size, read with the meta command
     * {@code mg <key> v f t s}. A key with a space or control byte travels base64-encoded ({@code b}), so any bytes
     * are safe on the wire. Like any get, it counts in the server's cmd_get and get_hits/get_misses: take stats
     * deltas around the code under test, not around an inspection.
     *
     * @return empty when the server holds nothing under {@code key}
     */
    public Optional<StoredItem> inspect(String key) {
        String command = "mg " + keyToken(key) + " v f t s";
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

    /**
     * Stores {@code value} under {@code key} with the given client {@code flags} and no expiry, exactly as another
     * client (another language, an older service) might have written it, with the meta command
     * {@code ms <key> <length> b F<flags> T0}.
     *
     * @throws IllegalStateException when the server does not answer {@code HD} (stored)
     */
    public void store(String key, byte[] value, int flags) {
        String command = "ms " + keyToken(key) + " " + value.length + " F" + Integer.toUnsignedString(flags) + " T0";
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(value);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = readLine(socket.getInputStream());
            if (!answer.equals("HD")) {
                throw new IllegalStateException("memcached at " + hostAndPort() + " answered '" + command + "' with: "
                        + answer);
            }
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

    /**
     * The keys the server holds that start with {@code prefix}, whoever wrote them, from memcached's
     * {@code lru_crawler metadump all}: for a kata that deletes what its tests left behind, such as the chunks of a
     * big value whose head key is gone. Waits up to 5 s while another crawl keeps the crawler busy.
     */
    public List<String> keysStartingWith(String prefix) {
        return Awaitility.await("memcached at " + hostAndPort() + " to list its keys (lru_crawler metadump all: busy"
                        + " with another crawl)").atMost(Duration.ofSeconds(5))
                .until(() -> metadump(prefix), Optional::isPresent).orElseThrow();
    }

    /** Empty while the crawler is busy. */
    private Optional<List<String>> metadump(String prefix) {
        String command = "lru_crawler metadump all";
        try (Socket socket = connect()) {
            send(socket, command);
            InputStream in = new BufferedInputStream(socket.getInputStream()); // one line per item: not byte by byte
            List<String> keys = new ArrayList<>();
            for (String line = readLine(in); !line.equals("END"); line = readLine(in)) {
                if (line.startsWith("BUSY")) {
                    return Optional.empty();
                }
                if (!line.startsWith("key=")) {
                    throw new IllegalStateException("memcached at " + hostAndPort() + " answered '" + command
                            + "' with: " + line);
                }
                // key=<the key, URI-encoded> exp=… la=… …
                int end = line.indexOf(' ');
                String key = URLDecoder.decode(line.substring("key=".length(), end < 0 ? line.length() : end),
                        StandardCharsets.UTF_8);
                if (key.startsWith(prefix)) {
                    keys.add(key);
                }
            }
            return Optional.of(keys);
        } catch (IOException e) {
            throw unreachable(command, e);
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

    /**
     * The key as a meta command token: as it is when the server can read it plainly, else base64 plus the {@code b}
     * flag. The server caps the token itself at 250 bytes, so a long UTF-8 key (125 × "ñ") must travel plainly.
     */
    private static String keyToken(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            if ((b & 0xFF) <= ' ' || b == 0x7F) {
                return Base64.getEncoder().encodeToString(bytes) + " b";
            }
        }
        return key;
    }

    private static void send(Socket socket, String command) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
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
