package kata.k16_failure;

import java.util.function.Function;

import net.spy.memcached.MemcachedClient;

/**
 * A cache-aside read of text values, guarded by a {@link CircuitBreaker}: while memcached fails, requests are served
 * from the source without waiting for it, and no request is ever answered with a value the source no longer has.
 *
 * <p>Task 4: {@link #get} asks the breaker first. Allowed, it reads memcached: a hit is memcached's value, a miss is
 * the source's, stored for {@link #TTL_SECONDS}, and either is a success for the breaker. A get that times out or is
 * cancelled is a failure: answered from the source, with nothing stored. Not allowed, it answers from the source and
 * does not call memcached at all. A key memcached cannot take is the caller's {@link IllegalArgumentException}.
 * <p>Task 5: {@link #invalidate} deletes memcached's copy of a key whose value changed. When memcached cannot confirm
 * the delete (the breaker is open, or the delete fails), the key is remembered, and deleted before memcached serves
 * any request again: a value changed during an outage is never served stale after it. A key memcached cannot take is
 * refused before it is remembered.
 *
 * <p>The lesson, with hints: README.md in this folder.
 */
public final class GuardedCache {

    /** How long memcached may keep a loaded value. */
    public static final int TTL_SECONDS = 60;

    private final MemcachedClient client;
    private final CircuitBreaker breaker;
    private final Function<String, String> source;

    /**
     * @param breaker shared by every request that uses {@code client}: it decides whether memcached is called
     * @param source  the source of truth: the value of a key, never null
     */
    public GuardedCache(MemcachedClient client, CircuitBreaker breaker, Function<String, String> source) {
        this.client = client;
        this.breaker = breaker;
        this.source = source;
    }

    /**
     * The key's value: memcached's on a hit; else the source's, stored for {@link #TTL_SECONDS}. While the breaker
     * does not allow a request, the source's, and memcached is not called at all.
     *
     * @throws IllegalArgumentException for a key memcached cannot take (the caller's mistake, not a failure)
     */
    public String get(String key) {
        throw new UnsupportedOperationException("k16_failure, task 4: implement GuardedCache.get(key)"
                + " in exercises/kata/k16_failure/GuardedCache.java");
    }

    /**
     * Call after the key's value changed in the source: deletes memcached's copy. When memcached cannot confirm
     * it (the breaker is open, or the delete fails), the key is remembered and deleted before memcached serves any
     * request again.
     *
     * @throws IllegalArgumentException for a key memcached cannot take, before it is remembered: its delete could
     *                                  never be confirmed
     */
    public void invalidate(String key) {
        throw new UnsupportedOperationException("k16_failure, task 5: implement GuardedCache.invalidate(key)"
                + " in exercises/kata/k16_failure/GuardedCache.java");
    }
}
