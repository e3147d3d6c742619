package kata.k02_encoding;

import java.nio.charset.Charset;
import java.util.Optional;

import net.spy.memcached.MemcachedClient;

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
        throw new UnsupportedOperationException("k02_encoding, task 1: implement TextStore.put(key, text)"
                + " in exercises/kata/k02_encoding/TextStore.java");
    }

    /** Returns the text under {@code key}, its bytes decoded as UTF-8, or empty when there is none. */
    public Optional<String> get(String key) {
        throw new UnsupportedOperationException("k02_encoding, task 1: implement TextStore.get(key)"
                + " in exercises/kata/k02_encoding/TextStore.java");
    }

    /** Returns how many bytes {@code text} takes in UTF-8: what memcached stores and counts. */
    public static int utf8Length(String text) {
        throw new UnsupportedOperationException("k02_encoding, task 2: implement TextStore.utf8Length(text)"
                + " in exercises/kata/k02_encoding/TextStore.java");
    }

    /**
     * Returns the bytes under {@code key} exactly as stored, decoded with {@code charset}, or empty when there is
     * none. The bytes do not say which charset wrote them: a wrong guess gives mojibake, not an error.
     */
    public Optional<String> getAs(String key, Charset charset) {
        throw new UnsupportedOperationException("k02_encoding, task 3: implement TextStore.getAs(key, charset)"
                + " in exercises/kata/k02_encoding/TextStore.java");
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
        throw new UnsupportedOperationException("k02_encoding, task 4: implement TextStore.checkKey(key)"
                + " in exercises/kata/k02_encoding/TextStore.java");
    }
}
