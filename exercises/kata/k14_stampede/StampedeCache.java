package kata.k14_stampede;

import java.time.Clock;
import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import kata.shared.LoadTimeoutException;
import kata.shared.UnreadableValueException;
import net.spy.memcached.MemcachedClient;

/**
 * A cache-aside read that protects a slow repository from a stampede: when a hot key is missing, one request
 * recomputes it and the others wait for it, bounded, or serve the stale copy.
 *
 * <p>An entry is stored as one text value, {@code "<refreshAt> <value>"}: the epoch millisecond after which it
 * should be refreshed (its soft TTL), a space, then the value. Its hard TTL is memcached's exptime. The lock of
 * {@code key} is the key {@code key + ":lock"}, holding its owner's token.
 *
 * <p>Task 1: a miss takes the lock with {@code add}; the one request that gets it loads and stores the value, the
 * others poll for it: of 50 requests at once, exactly one loads, and all answer the value.
 * <p>Task 2: the lock has a short TTL ({@code lockTtl}), so a lock whose owner died expires by itself and a waiter
 * takes it; a load that fails releases the lock at once, and only if it is still this request's own (its token).
 * <p>Task 3: a waiter waits at most {@code maxWait}, then gives up with a {@link LoadTimeoutException}; it never
 * loads as well.
 * <p>Task 4: early refresh by a soft TTL inside the value: past {@code refreshAt}, one request takes the lock and
 * refreshes while every other request answers the stale value at once. A cached value not in that form (another
 * client's {@code "hello"}, not text, no number before the space) is a miss: reported to {@code onUnreadable} with its
 * key, once per request, then loaded and replaced; never an exception.
 *
 * <p>The lesson, with hints: README.md in this folder.
 */
public final class StampedeCache {

    /** What the lock of a key is called: the key and this suffix. */
    public static final String LOCK_SUFFIX = ":lock";

    private final MemcachedClient client;
    private final Duration softTtl;
    private final Duration hardTtl;
    private final Duration lockTtl;
    private final Duration maxWait;
    private final Clock clock;
    private final BiConsumer<String, UnreadableValueException> onUnreadable;

    /**
     * A cache whose entries are refreshed after {@code softTtl} and dropped by memcached after {@code hardTtl}.
     *
     * @param lockTtl how long a lock outlives an owner that died: whole seconds, at least 1 s
     * @param maxWait how long a request waits for another's load before it gives up
     * @param clock   what the soft TTL is measured by (tests move it on)
     * @param onUnreadable told the key and the reason of every cached value that is not {@code "<refreshAt> <value>"}
     * @throws IllegalArgumentException when the lock would never expire, or the soft TTL outlives the hard one
     */
    public StampedeCache(MemcachedClient client, Duration softTtl, Duration hardTtl, Duration lockTtl,
            Duration maxWait, Clock clock, BiConsumer<String, UnreadableValueException> onUnreadable) {
        // task 2: refuse a lockTtl under 1 s; task 4: refuse a softTtl longer than the hardTtl
        this.client = client;
        this.softTtl = softTtl;
        this.hardTtl = hardTtl;
        this.lockTtl = lockTtl;
        this.maxWait = maxWait;
        this.clock = clock;
        this.onUnreadable = onUnreadable;
    }

    /**
     * The value of {@code key}: from the cache when it is fresh, else loaded by one request while the others wait for
     * it (bounded) or answer the stale copy.
     *
     * @throws LoadTimeoutException when another request held the lock for longer than {@code maxWait}
     * @throws RuntimeException     what {@code loader} threw, with the lock released
     */
    public String get(String key, Supplier<String> loader) {
        throw new UnsupportedOperationException("k14_stampede, task 1: implement StampedeCache.get(key, loader)"
                + " in exercises/kata/k14_stampede/StampedeCache.java");
    }
}
