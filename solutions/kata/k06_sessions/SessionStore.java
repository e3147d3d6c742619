package kata.k06_sessions;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import kata.shared.SessionData;
import net.spy.memcached.MemcachedClient;

/**
 * Login sessions in memcached: a random id for the browser, the session's data as JSON under {@code prefix + id}.
 *
 * <p>Task 1: {@link #newId} returns 128 random bits from {@link SecureRandom}, base64url without padding: 22
 * characters from {@code A-Z a-z 0-9 - _}, safe in a URL, a cookie and a memcached key.
 * <p>Task 2: {@link #create} stores the data as JSON under {@code keyPrefix + id} for {@link #TTL} (30 minutes).
 * <p>Task 3: {@link #validate} returns the data of a live session; an unknown or expired id gives an empty result,
 * not an exception.
 * <p>Task 4: {@link #validate} slides the expiry: each access {@code touch}es the session back to {@link #TTL}.
 * <p>Task 5: {@link #logout} deletes the session.
 * <p>Task 6: {@link #validate} and {@link #logout} reject a malformed id (wrong length, a character outside the
 * alphabet, CR/LF) with {@link IllegalArgumentException} before any cache call: user input never reaches the
 * protocol.
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
    private final SecureRandom random = new SecureRandom();

    /** Sessions under the seed's keys, {@code session:<id>}. */
    public SessionStore(MemcachedClient client) {
        this(client, DEFAULT_PREFIX);
    }

    /**
     * Sessions under {@code keyPrefix + id}.
     *
     * @param keyPrefix such as {@code "session:"} or, in the tests, {@code "k06:session:"}
     */
    public SessionStore(MemcachedClient client, String keyPrefix) {
        this.client = client;
        this.keyPrefix = keyPrefix;
    }

    /** A new session id: 128 bits from {@link SecureRandom}, base64url without padding (22 characters). */
    public String newId() {
        byte[] bits = new byte[16];
        random.nextBytes(bits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    /** Starts a session holding {@code data} for {@link #TTL} and returns its id. */
    public String create(SessionData data) {
        String id = newId();
        // add, not set: it never replaces a live session (with 128 random bits a clash will not happen anyway)
        if (!await(client.add(keyPrefix + id, ttlSeconds(), toJson(data)))) {
            throw new IllegalStateException("session id " + id + " is already taken; memcached kept the old one");
        }
        return id;
    }

    /**
     * The data of the session {@code id}, and another {@link #TTL} for it; empty when it is unknown or expired.
     *
     * @throws IllegalArgumentException when {@code id} is not a session id this store could have made
     */
    public Optional<SessionData> validate(String id) {
        String key = keyPrefix + checked(id);
        String json = (String) client.get(key);
        if (json == null) {
            return Optional.empty();
        }
        // sliding expiry: an active user stays logged in; touch on a session that just expired simply misses
        await(client.touch(key, ttlSeconds()));
        return Optional.of(fromJson(json));
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
        if (id == null || !ID.matcher(id).matches()) {
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

    private static SessionData fromJson(String json) {
        try {
            return JSON.readValue(json, SessionData.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a session entry that is not session JSON: " + e.getOriginalMessage(), e);
        }
    }
}
