package kata.k05_cache_aside;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import kata.shared.SlowUserRepository;
import kata.shared.User;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.FailureMode;
import net.spy.memcached.MemcachedClient;

/**
 * Serves users from memcached, and from the slow repository only when the cache does not have them: cache-aside.
 *
 * <p>Task 1: {@link #find} on a miss loads the user from the repository and stores it as JSON under
 * {@code keyPrefix + id} for {@link #TTL}.
 * <p>Task 2: {@link #find} on a hit answers from the cache and never calls the repository.
 * <p>Task 3: {@link #update} writes the repository first, then deletes the cached entry.
 * <p>Task 4: a user that does not exist is remembered as missing for {@link #MISSING_TTL} only, so repeated asks
 * for it do not all reach the repository, and a user created later shows up soon.
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

    // JSON null: valid JSON that no User parses from, so "known to be missing" never looks like a user
    private static final String MISSING = "null";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MemcachedClient cache;
    private final SlowUserRepository repository;
    private final String keyPrefix;

    /**
     * A service over {@code repository}, caching in {@code cache} under {@code keyPrefix + id}.
     *
     * @param keyPrefix such as {@code "user:"} (the seed's) or {@code "k05:user:"} (the tests')
     */
    public UserService(MemcachedClient cache, SlowUserRepository repository, String keyPrefix) {
        this.cache = cache;
        this.repository = repository;
        this.keyPrefix = keyPrefix;
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
        Optional<String> cached = cacheGet(key);
        if (cached.isPresent()) {
            return cached.get().equals(MISSING) ? Optional.empty() : Optional.of(fromJson(cached.get()));
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
        awaitQuietly(() -> cache.delete(keyPrefix + user.id()));
    }

    private Optional<String> cacheGet(String key) {
        try {
            return Optional.ofNullable((String) cache.get(key));
        } catch (RuntimeException e) {
            // timeout, cancelled, queue full: a cache that does not answer is a miss, never an outage
            return Optional.empty();
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

    private static String toJson(User user) {
        try {
            return JSON.writeValueAsString(user);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + user + " as JSON", e);
        }
    }

    private static User fromJson(String json) {
        try {
            return JSON.readValue(json, User.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the cache holds something that is not a user: " + json, e);
        }
    }
}
