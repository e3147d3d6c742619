// MISTAKE (task 4): only put checks the key; get and getAs send a bad key to spymemcached and the server.
package kata.k02_encoding;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

import net.spy.memcached.CachedData;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.transcoders.Transcoder;

/**
 * Stores text in memcached as UTF-8 bytes that any client, in any language, reads back unchanged.
 *
 * <p>Task 1: {@link #put} stores text as UTF-8 bytes with flags 0; {@link #get} decodes them as UTF-8, whatever the
 * JVM's default charset.
 * <p>Task 2: {@link #utf8Length} counts what memcached counts: bytes, not characters.
 * <p>Task 3: {@link #getAs} decodes the stored bytes with a charset the caller names, to see what a wrong guess does.
 * <p>Task 4: {@link #checkKey} rejects, with a clear message and before the client sees it, a key memcached would
 * refuse (empty, over 250 bytes, a space or a control character) and a key another client would refuse (any
 * character outside printable ASCII: pymemcache's defaults refuse non-ASCII keys); {@code put}, {@code get} and
 * {@code getAs} call it first, so a bad key sends and stores nothing.
 *
 * <p>The lesson, with hints: README.md in this folder.
 */
public final class TextStore {

    /**
     * memcached's key limit, in bytes. protocol.txt ("Keys") says "250 characters", but the server counts the key's
     * bytes: 125 × "ñ" (250 bytes) is a key, 126 × "ñ" (252 bytes) is refused.
     */
    public static final int MAX_KEY_BYTES = 250;

    private final MemcachedClient client;

    public TextStore(MemcachedClient client) {
        this.client = client;
    }

    /**
     * Stores {@code text} under {@code key} as its UTF-8 bytes with flags 0, no expiry, and waits for the server.
     *
     * @throws IllegalArgumentException when {@link #checkKey} rejects {@code key} (task 4)
     */
    public void put(String key, String text) {
        checkKey(key);
        // we choose the charset ourselves: never text.getBytes() without one, that is the platform's guess
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        try {
            client.set(key, 0, utf8, RawBytes.INSTANCE).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing " + key, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("memcached did not store " + key + ": " + e.getCause(), e.getCause());
        }
    }

    /** Returns the text under {@code key}, its bytes decoded as UTF-8, or empty when there is none. */
    public Optional<String> get(String key) {
        return getAs(key, StandardCharsets.UTF_8);
    }

    /** Returns how many bytes {@code text} takes in UTF-8: what memcached stores and counts. */
    public static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * Returns the bytes under {@code key} exactly as stored, decoded with {@code charset}, or empty when there is
     * none. The bytes do not say which charset wrote them: a wrong guess gives mojibake, not an error.
     */
    public Optional<String> getAs(String key, Charset charset) {
        return Optional.ofNullable(client.get(key, RawBytes.INSTANCE)).map(bytes -> new String(bytes, charset));
    }

    /**
     * Returns {@code key} when every client accepts it, else throws a message that says what is wrong and the rule.
     *
     * <p>The message names the rule and what broke it: for an empty key, "empty"; for a long key, its length in bytes
     * ("252 bytes") and the limit 250; for a space or a control character, its code point ("U+0009") and the rule
     * about "control" characters; for any other character outside ASCII, its code point ("U+00E1", "U+1F44B" for an
     * emoji: a code point, not a Java char) and that keys must be "ASCII". It quotes the key (its start, when long).
     *
     * @throws IllegalArgumentException for an empty key, a key over {@value #MAX_KEY_BYTES} bytes in UTF-8, a key
     *                                  with a space, a control character (CR, LF, tab, NUL, …) or DEL, and a key
     *                                  with any character outside printable ASCII (é, ñ, an emoji, a no-break space)
     */
    public static String checkKey(String key) {
        if (key.isEmpty()) {
            throw new IllegalArgumentException("the key is empty: memcached keys need at least one byte");
        }
        int bytes = utf8Length(key);
        if (bytes > MAX_KEY_BYTES) {
            String start = key.substring(0, key.offsetByCodePoints(0, 20));
            throw new IllegalArgumentException("key \"" + start + "…\" (" + key.length() + " characters) is " + bytes
                    + " bytes in UTF-8: memcached keys are at most " + MAX_KEY_BYTES + " bytes");
        }
        for (int i = 0; i < key.length(); i += Character.charCount(key.codePointAt(i))) {
            int c = key.codePointAt(i); // a code point: an emoji is two Java chars but one character
            if (printableAscii(c)) {
                continue;
            }
            if (c > 0x7F) {
                // memcached takes these bytes, but pymemcache's defaults refuse the key: keep to what every client
                // can ask for
                throw new IllegalArgumentException(String.format("key %s has U+%04X (%s) at index %d: keep keys to"
                        + " printable ASCII, which every client accepts (with its defaults, pymemcache raises"
                        + " MemcacheIllegalInputError: Non-ASCII key); encode the id instead", printable(key), c,
                        Character.getName(c), i));
            }
            // protocol.txt ("Keys"): no control characters or whitespace; the server splits the command line on them
            throw new IllegalArgumentException(String.format("key %s has U+%04X at index %d: memcached keys may not"
                    + " contain spaces or control characters (CR, LF, tab, NUL, DEL)", printable(key), c, i));
        }
        return key;
    }

    /** {@code !} to {@code ~}: what a key may hold, in memcached's rules and every client's. */
    private static boolean printableAscii(int c) {
        return c > ' ' && c < 0x7F;
    }

    /** The key with every other character shown as its code point, so a message can quote it on one line. */
    private static String printable(String key) {
        StringBuilder shown = new StringBuilder("\"");
        key.codePoints().forEach(c -> shown.append(printableAscii(c) ? Character.toString(c)
                : String.format("\\u%04X", c)));
        return shown.append('"').toString();
    }

    /** Hands bytes to memcached and back untouched, with flags 0: the caller has chosen their charset. */
    private enum RawBytes implements Transcoder<byte[]> {
        INSTANCE;

        @Override
        public boolean asyncDecode(CachedData data) {
            // handing the bytes back is no work: spymemcached's decoding thread pool would gain nothing
            return false;
        }

        @Override
        public CachedData encode(byte[] bytes) {
            // flags 0 is "plain bytes, UTF-8 text" to every client; spymemcached's own byte[] flags (2048) are not
            return new CachedData(0, bytes, getMaxSize());
        }

        @Override
        public byte[] decode(CachedData data) {
            return data.getData();
        }

        @Override
        public int getMaxSize() {
            return CachedData.MAX_SIZE;
        }
    }
}
