package kata.k06_sessions;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BiConsumer;

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
        throw new UnsupportedOperationException("k06_sessions, task 1: implement SessionStore.newId()"
                + " in exercises/kata/k06_sessions/SessionStore.java");
    }

    /**
     * Starts a session holding {@code data} for {@link #TTL} and returns its id.
     *
     * @throws IllegalStateException when memcached already holds a session under the new id; it keeps that one
     */
    public String create(SessionData data) {
        throw new UnsupportedOperationException("k06_sessions, task 2: implement SessionStore.create(data)"
                + " in exercises/kata/k06_sessions/SessionStore.java");
    }

    /**
     * The data of the session {@code id}, and another {@link #TTL} for it; empty when it is unknown, expired or
     * unreadable (reported to {@code onUnreadable}).
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
