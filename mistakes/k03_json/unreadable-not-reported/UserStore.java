// MISTAKE (task 4): an unreadable value becomes a miss, but onUnreadable never hears of it: nobody notices the bad value
package kata.k03_json;

import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;

import kata.shared.UnreadableValueException;
import kata.shared.User;
import net.spy.memcached.MemcachedClient;

/**
 * Keeps {@link User}s in memcached as JSON under namespaced keys, as the seed's {@code usuario:1}.
 *
 * <p>Task 3: {@link #put} stores a user under {@code keys.key(user.id())} through {@link UserJsonTranscoder} and
 * waits for the server's answer; {@link #find} reads it back, and a missing key is {@link Optional#empty()}. The
 * seed's Python service reads what {@code put} stores, and {@code find} reads what it writes: one cache, one schema.
 * <p>Task 4: a value {@link #find} cannot read (not JSON, someone else's format, other flags) is a miss for the
 * caller, never an exception, and is reported to {@code onUnreadable} with its key and the decoder's exception. A
 * miss is not reported: it is normal. A cache that fails (a timeout, a cancelled operation) is not a bad value:
 * {@code find} lets spymemcached's exception through, unreported.
 *
 * <p>The lesson, with hints: README.md in this folder.
 */
public final class UserStore {

    private final MemcachedClient client;
    private final KeyBuilder keys;
    private final BiConsumer<String, UnreadableValueException> onUnreadable;
    private final UserJsonTranscoder transcoder = new UserJsonTranscoder();

    /**
     * A store that names keys with {@code keys} and tells {@code onUnreadable} about every value it could not read.
     */
    public UserStore(MemcachedClient client, KeyBuilder keys,
                     BiConsumer<String, UnreadableValueException> onUnreadable) {
        this.client = client;
        this.keys = keys;
        this.onUnreadable = onUnreadable;
    }

    /**
     * Stores {@code user} as JSON under its key, with no expiry, and waits for the server's answer.
     *
     * @throws RuntimeException when the server does not answer within the client's operation timeout (spymemcached's
     *                          own, from the future's {@code get()}): a write nobody confirmed is not a write
     */
    public void put(User user) {
        String key = keys.key(user.id());
        try {
            client.set(key, 0, user, transcoder).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing " + key, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("memcached did not store " + key + ": " + e.getCause(), e.getCause());
        }
    }

    /**
     * Returns the user stored under {@code id}'s key, or empty when there is none or it cannot be read.
     *
     * @throws net.spy.memcached.OperationTimeoutException when memcached does not answer in time, as the client threw
     *                                                     it
     * @throws java.util.concurrent.CancellationException  when the client cancelled the operation (a server known to
     *                                                     be down), as the client threw it
     */
    public Optional<User> find(long id) {
        String key = keys.key(id);
        try {
            return Optional.ofNullable(client.get(key, transcoder));
        } catch (RuntimeException e) {
            // spymemcached wraps the transcoder's exception: RuntimeException("Exception waiting for value",
            // ExecutionException(ours)); anything else (a timeout, a dead server) is not ours to hide
            UnreadableValueException unreadable = unreadableCause(e);
            if (unreadable == null) {
                throw e;
            }
            return Optional.empty(); // a bad value is just a miss
        }
    }

    private static UnreadableValueException unreadableCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UnreadableValueException unreadable) {
                return unreadable;
            }
        }
        return null;
    }
}
