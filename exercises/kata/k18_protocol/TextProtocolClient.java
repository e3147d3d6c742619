package kata.k18_protocol;

import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
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

    private final InetSocketAddress address;
    private final Duration timeout;

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
        throw new UnsupportedOperationException("k18_protocol, task 1: implement TextProtocolClient.set(key, value,"
                + " flags, exptime) in exercises/kata/k18_protocol/TextProtocolClient.java");
    }

    /**
     * The item under {@code key} ({@code get <key>}), or empty when memcached holds none.
     *
     * @throws ErrorReplyException for a reply that is neither an item nor {@code END}
     */
    public Optional<Item> get(String key) {
        throw new UnsupportedOperationException("k18_protocol, task 1: implement TextProtocolClient.get(key)"
                + " in exercises/kata/k18_protocol/TextProtocolClient.java");
    }

    /** Closes the connection, if one is open. The next command would open a new one. */
    @Override
    public void close() {
        throw new UnsupportedOperationException("k18_protocol, task 1: implement TextProtocolClient.close()"
                + " in exercises/kata/k18_protocol/TextProtocolClient.java");
    }

    // ---- task 2 --------------------------------------------------------------------------------------------------

    /**
     * Stores {@code value} under {@code key} only when memcached holds nothing there ({@code add}).
     *
     * @return true for {@code STORED}, false for {@code NOT_STORED} (the key was taken: not an error)
     * @throws ErrorReplyException for any other reply
     */
    public boolean add(String key, String value, int flags, int exptime) {
        throw new UnsupportedOperationException("k18_protocol, task 2: implement TextProtocolClient.add(key, value,"
                + " flags, exptime) in exercises/kata/k18_protocol/TextProtocolClient.java");
    }

    /**
     * The items memcached holds under {@code keys}, in the order it sent them, from one {@code get <key>*} line;
     * keys it does not hold are left out. No keys: an empty map, and nothing is sent.
     *
     * @throws ErrorReplyException for a reply that is neither an item nor {@code END}
     */
    public Map<String, Item> getMany(Collection<String> keys) {
        throw new UnsupportedOperationException("k18_protocol, task 2: implement TextProtocolClient.getMany(keys)"
                + " in exercises/kata/k18_protocol/TextProtocolClient.java");
    }

    /**
     * Deletes the item under {@code key} ({@code delete <key>}).
     *
     * @return true for {@code DELETED}, false for {@code NOT_FOUND}
     * @throws ErrorReplyException for any other reply
     */
    public boolean delete(String key) {
        throw new UnsupportedOperationException("k18_protocol, task 2: implement TextProtocolClient.delete(key)"
                + " in exercises/kata/k18_protocol/TextProtocolClient.java");
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
        throw new UnsupportedOperationException("k18_protocol, task 2: implement TextProtocolClient.incr(key, delta)"
                + " in exercises/kata/k18_protocol/TextProtocolClient.java");
    }

    /**
     * The server's version ({@code version}): {@code "1.6.18"} from {@code VERSION 1.6.18}.
     *
     * @throws ErrorReplyException for any other reply
     */
    public String version() {
        throw new UnsupportedOperationException("k18_protocol, task 2: implement TextProtocolClient.version()"
                + " in exercises/kata/k18_protocol/TextProtocolClient.java");
    }

    // ---- task 3 --------------------------------------------------------------------------------------------------

    /**
     * Refuses what memcached would not read as one key: an {@link IllegalArgumentException} that names the problem.
     * A key is 1 to {@value #MAX_KEY_BYTES} bytes of UTF-8, with no space and no control character (CR, LF, tab, NUL,
     * DEL, …): a CR or an LF would end the command line and start another one.
     */
    public static void validateKey(String key) {
        throw new UnsupportedOperationException("k18_protocol, task 3: implement TextProtocolClient.validateKey(key)"
                + " in exercises/kata/k18_protocol/TextProtocolClient.java");
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
        throw new UnsupportedOperationException("k18_protocol, task 4: implement TextProtocolClient.metaGet(key,"
                + " extraFlags) in exercises/kata/k18_protocol/TextProtocolClient.java");
    }

    /**
     * Stores {@code value} under {@code key} as its UTF-8 bytes with a meta set: {@code ms <key> <datalen>
     * F<flags> T<ttl>}, then the data block.
     *
     * @param ttlSeconds memcached's exptime, sent as it is (0: no expiry)
     * @throws ErrorReplyException for any reply but {@code HD}
     */
    public void metaSet(String key, String value, int flags, int ttlSeconds) {
        throw new UnsupportedOperationException("k18_protocol, task 4: implement TextProtocolClient.metaSet(key, value,"
                + " flags, ttlSeconds) in exercises/kata/k18_protocol/TextProtocolClient.java");
    }
}
