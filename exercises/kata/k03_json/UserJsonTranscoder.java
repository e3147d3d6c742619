package kata.k03_json;

import com.fasterxml.jackson.databind.ObjectMapper;
import kata.shared.UnreadableValueException;
import kata.shared.User;
import net.spy.memcached.CachedData;
import net.spy.memcached.transcoders.Transcoder;

/**
 * Turns a {@link User} into UTF-8 JSON with flags 0 and back: the form any language can read from memcached.
 *
 * <p>Task 2: {@link #encode} writes the user as JSON with Jackson (never a hand-made string), UTF-8, flags 0 and
 * never compressed, whatever its size. {@link #decode} reads it back, ignoring fields it does not know (another
 * service may add some), and throws {@link UnreadableValueException} for anything else: flags other than 0, or
 * bytes that are not a user in JSON (the JSON {@code null} included).
 *
 * <p>The lesson, with hints: README.md in this folder.
 */
public final class UserJsonTranscoder implements Transcoder<User> {

    private final ObjectMapper mapper = new ObjectMapper();

    /** Returns the user's JSON as UTF-8 bytes with flags 0. */
    @Override
    public CachedData encode(User user) {
        throw new UnsupportedOperationException("k03_json, task 2: implement UserJsonTranscoder.encode(user)"
                + " in exercises/kata/k03_json/UserJsonTranscoder.java");
    }

    /**
     * Returns the user in {@code data}.
     *
     * @throws UnreadableValueException when the flags are not 0 or the bytes are not a user in JSON (the JSON
     *                                  {@code null} included); the message says which
     */
    @Override
    public User decode(CachedData data) {
        throw new UnsupportedOperationException("k03_json, task 2: implement UserJsonTranscoder.decode(data)"
                + " in exercises/kata/k03_json/UserJsonTranscoder.java");
    }

    /** Decodes on the caller's thread: a user is small, and a decoding error then reaches the caller. */
    @Override
    public boolean asyncDecode(CachedData data) {
        return false;
    }

    /** The largest value spymemcached lets through; memcached's own item limit (1 MB) is lower. */
    @Override
    public int getMaxSize() {
        return CachedData.MAX_SIZE;
    }
}
