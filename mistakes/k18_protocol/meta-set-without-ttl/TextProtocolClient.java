// MISTAKE (task 4): ms is sent without its T flag: the item never expires, whatever ttl was asked.
package kata.k18_protocol;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

import kata.shared.ErrorReplyException;
import kata.shared.Item;
import kata.shared.MetaItem;

/**
 * A memcached client written by hand: memcached's text protocol over one {@link Socket}, nothing in between.
 *
 * <p>Every command is a line that ends in CR LF; a storage command sends a data block after it, of exactly the byte
 * count its line announced, then CR LF. Every reply is read as memcached wrote it: lines, and data blocks read by
 * their byte count (a value may hold CR LF, even {@code "\r\nEND\r\n"}).
 *
 * <p>Task 1: {@link #set} stores a String as UTF-8 with its exact byte count; {@link #get} reads one item back;
 * {@link #close} closes the connection. The first command opens it, with {@code timeout} for the connect and for
 * every read.
 * <p>Task 2: {@link #add}, {@link #getMany} (one {@code get} line for many keys), {@link #delete}, {@link #incr} and
 * {@link #version}. A reply a command does not expect ({@code ERROR}, {@code CLIENT_ERROR …},
 * {@code SERVER_ERROR …}) is an {@link ErrorReplyException} quoting it. A server that does not answer in time, or
 * closes the connection, is an {@link UncheckedIOException} naming the server and the command, and the connection is
 * dropped: the next command opens a new one, so it never reads an answer meant for another.
 * <p>Task 3: {@link #validateKey} refuses what is not a key, and every command calls it before it writes a byte.
 * <p>Task 4: meta commands: {@link #metaGet} reads the value, its flags and its remaining TTL in one round trip;
 * {@link #metaSet} stores.
 *
 * <p>The lesson, with hints: README.md in this folder.
 */
public final class TextProtocolClient implements AutoCloseable {

    /** memcached's limit on a key, in bytes (protocol.txt, "Keys"). */
    public static final int MAX_KEY_BYTES = 250;

    private static final byte[] CRLF = {'\r', '\n'};

    private final InetSocketAddress address;
    private final Duration timeout;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    /**
     * A client of the memcached at {@code address}; it connects on its first command, not here.
     *
     * @param timeout the longest wait for the connection and for any read of a reply
     */
    public TextProtocolClient(InetSocketAddress address, Duration timeout) {
        this.address = address;
        this.timeout = timeout;
    }

    // ---- task 1 --------------------------------------------------------------------------------------------------

    /**
     * Stores {@code value} under {@code key}, as its UTF-8 bytes: {@code set <key> <flags> <exptime> <bytes>}, then the
     * data block. {@code <bytes>} counts bytes, not chars: "João" is 5.
     *
     * @param flags   the client flags, a 32-bit unsigned number (spymemcached's String is 0)
     * @param exptime memcached's exptime, sent as it is (0: no expiry)
     * @throws ErrorReplyException for any reply but {@code STORED} ({@code NOT_STORED} is for {@code add} and
     *                             {@code replace}: a {@code set} is not refused for a condition)
     */
    public void set(String key, String value, int flags, int exptime) {
        store("set", key, value, flags, exptime);
    }

    /**
     * The item under {@code key} ({@code get <key>}), or empty when memcached holds none.
     *
     * @throws ErrorReplyException for a reply that is neither an item nor {@code END}
     */
    public Optional<Item> get(String key) {
        return getMany(List.of(key)).values().stream().findFirst();
    }

    /** Closes the connection, if one is open. The next command would open a new one. */
    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is all that was asked: a socket that fails to close is closed as far as we can tell
            }
            socket = null;
        }
    }

    // ---- task 2 --------------------------------------------------------------------------------------------------

    /**
     * Stores {@code value} under {@code key} only when memcached holds nothing there ({@code add}).
     *
     * @return true for {@code STORED}, false for {@code NOT_STORED} (the key was taken: not an error)
     * @throws ErrorReplyException for any other reply
     */
    public boolean add(String key, String value, int flags, int exptime) {
        return store("add", key, value, flags, exptime);
    }

    /**
     * The items memcached holds under {@code keys}, in the order it sent them, from one {@code get <key>*} line;
     * keys it does not hold are left out. No keys: an empty map, and nothing is sent.
     *
     * @throws ErrorReplyException for a reply that is neither an item nor {@code END}
     */
    public Map<String, Item> getMany(Collection<String> keys) {
        keys.forEach(TextProtocolClient::validateKey);
        if (keys.isEmpty()) {
            return Map.of();
        }
        String command = "get " + String.join(" ", keys);
        return exchange(command, null, first -> {
            Map<String, Item> items = new LinkedHashMap<>();
            for (String line = first; !line.equals("END"); line = readLine()) {
                String[] parts = line.split(" ");
                if (parts.length != 4 || !parts[0].equals("VALUE")) {
                    throw new ErrorReplyException(command, line);
                }
                byte[] data = readData(command, Integer.parseInt(parts[3]));
                items.put(parts[1], new Item(parts[1], Integer.parseUnsignedInt(parts[2]), data));
            }
            return items;
        });
    }

    /**
     * Deletes the item under {@code key} ({@code delete <key>}).
     *
     * @return true for {@code DELETED}, false for {@code NOT_FOUND}
     * @throws ErrorReplyException for any other reply
     */
    public boolean delete(String key) {
        validateKey(key);
        String command = "delete " + key;
        return exchange(command, null, reply -> switch (reply) {
            case "DELETED" -> true;
            case "NOT_FOUND" -> false;
            default -> throw new ErrorReplyException(command, reply);
        });
    }

    /**
     * Adds {@code delta} to the decimal number under {@code key} on the server ({@code incr <key> <delta>}).
     *
     * @param delta 0 or more
     * @return the new value, a 64-bit unsigned number held in a {@code long} (2^64 - 1 is -1L); empty for
     *         {@code NOT_FOUND}
     * @throws IllegalArgumentException for a negative delta, before anything is sent
     * @throws ErrorReplyException      for any other reply, such as memcached's {@code CLIENT_ERROR cannot increment
     *                                  or decrement non-numeric value}
     */
    public OptionalLong incr(String key, long delta) {
        validateKey(key);
        if (delta < 0) {
            throw new IllegalArgumentException("incr by " + delta + ": memcached's delta is an unsigned number");
        }
        String command = "incr " + key + " " + delta;
        return exchange(command, null, reply -> {
            if (reply.equals("NOT_FOUND")) {
                return OptionalLong.empty();
            }
            try {
                return OptionalLong.of(Long.parseUnsignedLong(reply));
            } catch (NumberFormatException notANumber) {
                throw new ErrorReplyException(command, reply);
            }
        });
    }

    /**
     * The server's version ({@code version}): {@code "1.6.18"} from {@code VERSION 1.6.18}.
     *
     * @throws ErrorReplyException for any other reply
     */
    public String version() {
        return exchange("version", null, reply -> {
            if (!reply.startsWith("VERSION ")) {
                throw new ErrorReplyException("version", reply);
            }
            return reply.substring("VERSION ".length());
        });
    }

    // ---- task 3 --------------------------------------------------------------------------------------------------

    /**
     * Refuses what memcached would not read as one key: an {@link IllegalArgumentException} that names the problem.
     * A key is 1 to {@value #MAX_KEY_BYTES} bytes of UTF-8, with no space and no control character (CR, LF, tab, NUL,
     * DEL, …): a CR or an LF would end the command line and start another one.
     */
    public static void validateKey(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("the key is empty: a memcached key is 1 to 250 bytes");
        }
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("the key is " + bytes + " bytes of UTF-8 (" + key.length()
                    + " chars): a memcached key is at most 250 bytes");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == ' ' || Character.isISOControl(c)) {
                throw new IllegalArgumentException("the key holds " + describe(c) + " at index " + i
                        + ": memcached reads a space as the end of the key, and a CR or an LF as the end of the"
                        + " command");
            }
        }
    }

    private static String describe(char c) {
        return switch (c) {
            case ' ' -> "a space";
            case '\r' -> "a CR (\\r)";
            case '\n' -> "an LF (\\n)";
            default -> String.format("the control character U+%04X", (int) c);
        };
    }

    // ---- task 4 --------------------------------------------------------------------------------------------------

    /**
     * The item under {@code key} with its flags and remaining TTL, in one round trip: {@code mg <key> v t f}, then
     * {@code extraFlags} as they are (e.g. {@code "N30"} or {@code "R30"}, whose answers are {@link MetaItem#won()},
     * {@link MetaItem#stale()} and {@link MetaItem#alreadyWon()}). Empty for {@code EN} (a miss).
     *
     * @throws IllegalArgumentException for an extra flag that is empty or holds a space or a control character
     * @throws ErrorReplyException      for a reply that is neither {@code VA …} nor {@code EN}
     */
    public Optional<MetaItem> metaGet(String key, String... extraFlags) {
        validateKey(key);
        for (String flag : extraFlags) {
            if (flag.isEmpty() || flag.chars().anyMatch(c -> c <= ' ' || c == 0x7F)) {
                throw new IllegalArgumentException("the meta flag '" + flag + "' is not one token: a flag is a"
                        + " letter and its argument, with no space or control character");
            }
        }
        String command = "mg " + key + " v t f" + (extraFlags.length == 0 ? "" : " " + String.join(" ", extraFlags));
        return exchange(command, null, reply -> {
            if (reply.equals("EN")) {
                return Optional.empty();
            }
            String[] parts = reply.split(" ");
            if (!parts[0].equals("VA")) {
                throw new ErrorReplyException(command, reply);
            }
            byte[] data = readData(command, Integer.parseInt(parts[1]));
            int flags = 0;
            long ttl = -1;
            boolean won = false;
            boolean stale = false;
            boolean alreadyWon = false;
            // returned flags come in the order asked, "though this is not strict" (protocol.txt): read them by letter
            for (int i = 2; i < parts.length; i++) {
                String token = parts[i];
                switch (token.charAt(0)) {
                    case 'f' -> flags = Integer.parseUnsignedInt(token.substring(1));
                    case 't' -> ttl = Long.parseLong(token.substring(1));
                    case 'W' -> won = true;
                    case 'X' -> stale = true;
                    case 'Z' -> alreadyWon = true;
                    default -> { } // answers to extra flags that MetaItem does not carry
                }
            }
            return Optional.of(new MetaItem(data, flags, ttl, won, stale, alreadyWon));
        });
    }

    /**
     * Stores {@code value} under {@code key} as its UTF-8 bytes with a meta set: {@code ms <key> <datalen>
     * F<flags> T<ttl>}, then the data block.
     *
     * @param ttlSeconds memcached's exptime, sent as it is (0: no expiry)
     * @throws ErrorReplyException for any reply but {@code HD}
     */
    public void metaSet(String key, String value, int flags, int ttlSeconds) {
        validateKey(key);
        byte[] data = value.getBytes(StandardCharsets.UTF_8);
        String command = "ms " + key + " " + data.length + " F" + Integer.toUnsignedString(flags);
        String reply = exchange(command, data, first -> first);
        if (!reply.equals("HD")) {
            throw new ErrorReplyException(command, reply);
        }
    }

    // ---- the wire ------------------------------------------------------------------------------------------------

    /** What reads a reply, from its first line on. */
    private interface Reply<T> {
        T read(String firstLine) throws IOException;
    }

    /** A storage command: true for {@code STORED}, false for {@code NOT_STORED}. */
    private boolean store(String verb, String key, String value, int flags, int exptime) {
        validateKey(key);
        byte[] data = value.getBytes(StandardCharsets.UTF_8);
        String command = verb + " " + key + " " + Integer.toUnsignedString(flags) + " " + exptime + " " + data.length;
        return exchange(command, data, reply -> switch (reply) {
            case "STORED" -> true;
            case "NOT_STORED" -> false;
            default -> throw new ErrorReplyException(command, reply);
        });
    }

    /**
     * Sends {@code command} (and {@code data}, when not null, as its data block) and reads the reply. A connection
     * that failed is dropped: whatever it still holds (a late answer) belongs to a command that already failed.
     */
    private <T> T exchange(String command, byte[] data, Reply<T> reply) {
        try {
            if (socket == null) {
                connect();
            }
            out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
            if (data != null) {
                out.write(data);
                out.write(CRLF);
            }
            out.flush();
            return reply.read(readLine());
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("memcached at " + address.getHostString() + ":" + address.getPort()
                    + " did not answer '" + command + "' (timeout " + timeout.toMillis() + " ms): " + e, e);
        }
    }

    /** Opens the connection; when that fails, {@link #exchange}'s {@link #close} releases the socket. */
    private void connect() throws IOException {
        int millis = Math.toIntExact(timeout.toMillis());
        socket = new Socket();
        socket.connect(address, millis);
        socket.setSoTimeout(millis);
        in = new BufferedInputStream(socket.getInputStream());
        out = new BufferedOutputStream(socket.getOutputStream());
    }

    /** One reply line, without its CR LF. */
    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                throw new EOFException("memcached closed the connection");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** A data block of exactly {@code length} bytes, then the CR LF that ends it. */
    private byte[] readData(String command, int length) throws IOException {
        byte[] data = in.readNBytes(length);
        if (data.length < length) {
            throw new EOFException("memcached closed the connection in a data block");
        }
        String end = readLine();
        if (!end.isEmpty()) {
            throw new ErrorReplyException(command, end);
        }
        return data;
    }
}
