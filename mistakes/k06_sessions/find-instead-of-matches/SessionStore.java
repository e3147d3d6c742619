// MISTAKE (task 6): the id pattern is searched (find), not matched: any id holding 22 good characters passes
package kata.k06_sessions;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import kata.shared.SessionData;
import kata.shared.UnreadableValueException;
import net.spy.memcached.MemcachedClient;

/**
 * Login sessions in memcached, shared with the seed's Python service: a random id for the browser, the session's
 * data as JSON under {@code keyPrefix + id}.
 *
 * <p>Task 1: {@link #newId} returns 16 bytes from the store's {@link SecureRandom} ({@code random.nextBytes}),
 * base64url without padding: 22 characters from {@code A-Z a-z 0-9 - _}, safe in a URL, a cookie and a memcached
 * key.
 * <p>Task 2: {@link #create} stores the data as JSON with Jackson ({@link SessionData}'s names, the seed's
 * {@code {"user_id", "username", "login_time"}}), as a {@code String} (UTF-8, flags 0), under
 * {@code keyPrefix + id} for {@link #TTL} (30 minutes), with {@code add}: when the id is already taken it throws
 * {@link IllegalStateException}, and the session that holds it is left alone.
 * <p>Task 3: {@link #validate} returns the data of a live session, whichever service wrote it; an unknown or expired
 * id gives an empty result, not an exception.
 * <p>Task 4: {@link #validate} slides the expiry: each access {@code touch}es the session back to {@link #TTL}.
 * <p>Task 5: {@link #logout} deletes the session.
 * <p>Task 6: {@link #validate} and {@link #logout} reject a malformed id (wrong length, a character outside the
 * alphabet, CR/LF) with {@link IllegalArgumentException} before any cache call: user input never reaches the
 * protocol.
 * <p>Task 7: a value {@link #validate} cannot read as a session (not text, not JSON, not the contract's fields) is
 * an empty result, reported to {@code onUnreadable} with its key as an {@link UnreadableValueException}; it is
 * neither touched nor deleted. A miss is not reported, and a cache that does not answer is not an unreadable value.
 *
 * <p>The lesson, with hints: README.md in this folder.
 */
public final class SessionStore {

    /** How long an idle session lives: the seed's {@code expire=1800}. */
    public static final Duration TTL = Duration.ofMinutes(30);
    /** The seed's key prefix: {@code session:<id>}. */
    public static final String DEFAULT_PREFIX = "session:";

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MemcachedClient client;
    private final String keyPrefix;
    private final BiConsumer<String, UnreadableValueException> onUnreadable;
    private final SecureRandom random;

    /**
     * Sessions under {@code keyPrefix + id}, with ids from a new {@link SecureRandom}.
     *
     * @param keyPrefix    {@link #DEFAULT_PREFIX} to share the seed's sessions or, in the tests, {@code "k06:session:"}
     * @param onUnreadable told the key and the reason of every value {@link #validate} could not read as a session
     */
    public SessionStore(MemcachedClient client, String keyPrefix,
                        BiConsumer<String, UnreadableValueException> onUnreadable) {
        this(client, keyPrefix, onUnreadable, new SecureRandom());
    }

    /**
     * Sessions under {@code keyPrefix + id}, with ids from {@code random}.
     *
     * @param random where {@link #newId} takes its bytes
     */
    public SessionStore(MemcachedClient client, String keyPrefix,
                        BiConsumer<String, UnreadableValueException> onUnreadable, SecureRandom random) {
        this.client = client;
        this.keyPrefix = keyPrefix;
        this.onUnreadable = onUnreadable;
        this.random = random;
    }

    /** A new session id: 16 bytes from the store's {@link SecureRandom}, base64url without padding (22 characters). */
    public String newId() {
        byte[] bits = new byte[16];
        random.nextBytes(bits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    /**
     * Starts a session holding {@code data} for {@link #TTL} and returns its id.
     *
     * @throws IllegalStateException when memcached already holds a session under the new id; it keeps that one
     */
    public String create(SessionData data) {
        String id = newId();
        // add, not set: a live session is never replaced, and never handed to a second user
        if (!await(client.add(keyPrefix + id, ttlSeconds(), toJson(data)))) {
            // no id in the message: it is a live session's secret, and messages end up in logs
            throw new IllegalStateException("a new session id is already taken: memcached kept the session under"
                    + " it; 128 random bits do not repeat, so check where the store's random comes from");
        }
        return id;
    }

    /**
     * The data of the session {@code id}, and another {@link #TTL} for it; empty when it is unknown, expired or
     * unreadable (reported to {@code onUnreadable}).
     *
     * @throws IllegalArgumentException when {@code id} is not a session id this store could have made
     */
    public Optional<SessionData> validate(String id) {
        String key = keyPrefix + checked(id);
        Object value = client.get(key);
        if (value == null) {
            return Optional.empty();
        }
        SessionData data;
        try {
            data = read(value);
        } catch (UnreadableValueException e) {
            // not a session we can use, but perhaps another service's: leave it as it is, and say so
            onUnreadable.accept(key, e);
            return Optional.empty();
        }
        // sliding expiry: an active user stays logged in; touch on a session that just expired simply misses
        await(client.touch(key, ttlSeconds()));
        return Optional.of(data);
    }

    /**
     * Ends the session {@code id}.
     *
     * @return true when there was a session to end
     * @throws IllegalArgumentException when {@code id} is not a session id this store could have made
     */
    public boolean logout(String id) {
        return await(client.delete(keyPrefix + checked(id)));
    }

    /** Checks the id's shape before it gets near a key: it arrives from a browser, so anything may be in it. */
    private static String checked(String id) {
        if (id == null || !ID.matcher(id).find()) {
            // never echo the input: it may carry CR/LF into a log line too
            throw new IllegalArgumentException("malformed session id: expected 22 characters from A-Z a-z 0-9 - _"
                    + " (base64url), got " + (id == null ? "null" : id.length() + " characters that do not fit"));
        }
        return id;
    }

    private static int ttlSeconds() {
        return Math.toIntExact(TTL.toSeconds());
    }

    private static boolean await(Future<Boolean> operation) {
        try {
            return operation.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for memcached", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("memcached failed: " + e.getCause(), e.getCause());
        }
    }

    private static String toJson(SessionData data) {
        try {
            return JSON.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + data + " as JSON", e);
        }
    }

    private static SessionData read(Object value) {
        // spymemcached gives a String for flags 0 (what pymemcache and our create write), other types for others
        if (!(value instanceof String json)) {
            throw new UnreadableValueException("a " + value.getClass().getSimpleName() + ", not text: another"
                    + " client's flags; sessions are UTF-8 JSON with flags 0");
        }
        SessionData data;
        try {
            data = JSON.readValue(json, SessionData.class);
        } catch (JsonProcessingException e) {
            throw new UnreadableValueException("not a session in JSON {\"user_id\", \"username\", \"login_time\"}: "
                    + e.getOriginalMessage().lines().findFirst().orElse(""), e);
        }
        if (data == null) {
            // Jackson reads the JSON literal null as no object at all
            throw new UnreadableValueException("the JSON null, not a session");
        }
        return data;
    }
}
