package kata.k06_sessions;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;

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
        throw new UnsupportedOperationException("k06_sessions, task 1: implement SessionStore.newId()"
                + " in exercises/kata/k06_sessions/SessionStore.java");
    }

    /** Starts a session holding {@code data} for {@link #TTL} and returns its id. */
    public String create(SessionData data) {
        throw new UnsupportedOperationException("k06_sessions, task 2: implement SessionStore.create(data)"
                + " in exercises/kata/k06_sessions/SessionStore.java");
    }

    /**
     * The data of the session {@code id}, and another {@link #TTL} for it; empty when it is unknown or expired.
     *
     * @throws IllegalArgumentException when {@code id} is not a session id this store could have made
     */
    public Optional<SessionData> validate(String id) {
        throw new UnsupportedOperationException("k06_sessions, task 3: implement SessionStore.validate(id)"
                + " in exercises/kata/k06_sessions/SessionStore.java");
    }

    /**
     * Ends the session {@code id}.
     *
     * @return true when there was a session to end
     * @throws IllegalArgumentException when {@code id} is not a session id this store could have made
     */
    public boolean logout(String id) {
        throw new UnsupportedOperationException("k06_sessions, task 5: implement SessionStore.logout(id)"
                + " in exercises/kata/k06_sessions/SessionStore.java");
    }
}
