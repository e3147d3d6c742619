// MISTAKE (task 2): decode trusts the bytes and never looks at the flags: valid JSON stored as byte[] (2048) or gzip (2) is taken for a user
package kata.k03_json;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
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

    // a tolerant reader: another service adding a field must not turn every read into a miss
    private final ObjectMapper mapper = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Returns the user's JSON as UTF-8 bytes with flags 0. */
    @Override
    public CachedData encode(User user) {
        try {
            // Jackson writes UTF-8; flags 0 is what every client reads as plain text, and we never compress
            return new CachedData(0, mapper.writeValueAsBytes(user), getMaxSize());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + user + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Returns the user in {@code data}.
     *
     * @throws UnreadableValueException when the flags are not 0 or the bytes are not a user in JSON (the JSON
     *                                  {@code null} included); the message says which
     */
    @Override
    public User decode(CachedData data) {
        User user;
        try {
            user = mapper.readValue(data.getData(), User.class);
        } catch (IOException e) {
            throw new UnreadableValueException("not a user in JSON: " + e.getMessage().lines().findFirst().orElse(""),
                    e);
        }
        if (user == null) {
            // Jackson reads the JSON literal null as no object at all; returning it would pass for a plain miss
            throw new UnreadableValueException("the JSON null, not a user");
        }
        return user;
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
