package kata.k05_cache_aside;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BiConsumer;

import kata.shared.SlowUserRepository;
import kata.shared.UnreadableValueException;
import kata.shared.User;
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
        throw new UnsupportedOperationException("k05_cache_aside, task 5: implement UserService.connect(address)"
                + " in exercises/kata/k05_cache_aside/UserService.java");
    }

    /** The user with {@code id}, from the cache when it has it, else from the repository; empty when none exists. */
    public Optional<User> find(long id) {
        throw new UnsupportedOperationException("k05_cache_aside, task 1: implement UserService.find(id)"
                + " in exercises/kata/k05_cache_aside/UserService.java");
    }

    /** Writes {@code user} to the repository, then drops its cached copy so the next {@link #find} loads it anew. */
    public void update(User user) {
        throw new UnsupportedOperationException("k05_cache_aside, task 3: implement UserService.update(user)"
                + " in exercises/kata/k05_cache_aside/UserService.java");
    }
}
