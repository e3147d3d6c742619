// MISTAKE (task 3): update sends the delete and returns without its answer: a reader elsewhere may still get the old copy
package kata.k05_cache_aside;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import kata.shared.SlowUserRepository;
import kata.shared.UnreadableValueException;
import kata.shared.User;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.FailureMode;
import net.spy.memcached.MemcachedClient;

/**
 * Serves users from memcached, and from the slow repository only when the cache does not have them: cache-aside.
 *
 * <p>Task 1: {@link #find} on a miss loads the user from the repository and stores it as JSON under
 * {@code keyPrefix + id} for {@link #TTL}: the seed's {@code user:<id>} entries, {@code {"id": 1, "nome": "…"}}, which
 * the seed's Python service reads too.
 * <p>Task 2: {@link #find} on a hit answers from the cache and never calls the repository, also for an entry the seed's
 * Python cached (with fields this service does not know, too). An entry that is not a user in JSON (not text, not
 * JSON, another schema) is a miss: reported to {@code onUnreadable} with its key, answered from the repository and
 * replaced, never an exception.
 * <p>Task 3: {@link #update} writes the repository first, then deletes the cached entry.
 * <p>Task 4: a user that does not exist is remembered as missing, as the JSON {@code null}, for {@link #MISSING_TTL}
 * only, so repeated asks for it do not all reach the repository, and a user created later shows up soon.
 * <p>Task 5: when memcached is down or frozen, {@link #find} and {@link #update} still answer from the repository,
 * within a bounded time: {@link #connect} builds the client with a short operation timeout and
 * {@code FailureMode.Cancel}, and the service treats every cache error as a miss.
 *
 * <p>The lesson, with hints: README.md in this folder.
 */
public final class UserService {

    /** How long a found user stays cached: the seed's {@code expire=60}. */
    public static final Duration TTL = Duration.ofSeconds(60);
    /** How long "no such user" stays cached: short, so a user created meanwhile is not hidden for long. */
    public static final Duration MISSING_TTL = Duration.ofSeconds(10);

    // JSON null: valid JSON that no User parses from; the seed's json.loads reads it as None, "no user", too
    private static final String MISSING = "null";
    // a tolerant reader: a field another service adds must not turn every hit into a miss
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final MemcachedClient cache;
    private final SlowUserRepository repository;
    private final String keyPrefix;
    private final BiConsumer<String, UnreadableValueException> onUnreadable;

    /**
     * A service over {@code repository}, caching in {@code cache} under {@code keyPrefix + id}, and telling
     * {@code onUnreadable} about every cached entry it could not read.
     *
     * @param keyPrefix such as {@code "user:"} (the seed's) or {@code "k05:user:"} (the tests')
     */
    public UserService(MemcachedClient cache, SlowUserRepository repository, String keyPrefix,
                       BiConsumer<String, UnreadableValueException> onUnreadable) {
        this.cache = cache;
        this.repository = repository;
        this.keyPrefix = keyPrefix;
        this.onUnreadable = onUnreadable;
    }

    /**
     * A client for this service: it gives up on memcached quickly instead of making every request wait.
     *
     * @return a client with an operation timeout well under spymemcached's 2.5 s default and
     *         {@code FailureMode.Cancel}; the caller shuts it down
     */
    public static MemcachedClient connect(InetSocketAddress address) {
        try {
            // Cancel: an operation for a node known to be down fails at once instead of waiting for a reconnect
            return new MemcachedClient(new ConnectionFactoryBuilder()
                    .setOpTimeout(250)
                    .setFailureMode(FailureMode.Cancel)
                    .build(), List.of(address));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The user with {@code id}, from the cache when it has it, else from the repository; empty when none exists. */
    public Optional<User> find(long id) {
        String key = keyPrefix + id;
        Object cached = cacheGet(key);
        if (cached != null) {
            try {
                return fromCache(cached);
            } catch (UnreadableValueException e) {
                // someone else's format or an old schema: a miss for the caller, seen by someone, replaced below
                onUnreadable.accept(key, e);
            }
        }
        Optional<User> loaded = repository.findById(id);
        if (loaded.isPresent()) {
            cacheSet(key, TTL, toJson(loaded.get()));
        } else {
            cacheSet(key, MISSING_TTL, MISSING);
        }
        return loaded;
    }

    /** Writes {@code user} to the repository, then drops its cached copy so the next {@link #find} loads it anew. */
    public void update(User user) {
        repository.save(user);
        // after the write, never before: a reader between a delete and the write would cache the old row again
        // if memcached is unreachable the old entry lives until its TTL ends: the staleness cache-aside accepts
        try {
            cache.delete(keyPrefix + user.id()); // sent at once; its answer does not change what the caller sees
        } catch (RuntimeException e) {
            // the cache is an optimisation: its failure must never fail the request
        }
    }

    private Object cacheGet(String key) {
        try {
            return cache.get(key);
        } catch (RuntimeException e) {
            // timeout, cancelled, queue full: a cache that does not answer is a miss, never an outage
            return null;
        }
    }

    private void cacheSet(String key, Duration ttl, String value) {
        // not cached this time if it fails: the next find loads again, which is slow but correct
        awaitQuietly(() -> cache.set(key, Math.toIntExact(ttl.toSeconds()), value));
    }

    /** Waits for a write to memcached, at most the client's operation timeout, and ignores its failure. */
    private static void awaitQuietly(Supplier<Future<Boolean>> write) {
        try {
            write.get().get(); // OperationFuture.get() waits the operation timeout, then throws
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | RuntimeException e) {
            // the cache is an optimisation: its failure must never fail the request
        }
    }

    /** The user a cached entry holds, or empty for the "missing" mark; the JSON null in any spelling is that mark. */
    private static Optional<User> fromCache(Object cached) {
        // spymemcached's default transcoder gives a String only for flags 0 text; byte[], Java objects are not JSON
        if (!(cached instanceof String json)) {
            throw new UnreadableValueException("a cached " + cached.getClass().getSimpleName()
                    + ", not UTF-8 JSON text with flags 0");
        }
        try {
            return Optional.ofNullable(JSON.readValue(json, User.class));
        } catch (JsonProcessingException e) {
            throw new UnreadableValueException("not a user in JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String toJson(User user) {
        try {
            return JSON.writeValueAsString(user);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + user + " as JSON", e);
        }
    }
}
