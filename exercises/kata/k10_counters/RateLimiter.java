package kata.k10_counters;

import java.time.Duration;

import net.spy.memcached.MemcachedClient;

/**
 * A fixed-window rate limiter: at most {@code limit} requests per client in each window, counted by memcached.
 *
 * <p>Task 3: {@link #tryAcquire} counts a client's requests under {@code keyPrefix + clientId} with one atomic
 * increment (a {@link Counters#incrementOrCreate}), and allows exactly the first {@code limit} of them: of 50 at
 * once, exactly {@code limit} pass, whatever the interleaving.
 * <p>Task 4: the window is the counter's TTL, set once by the request that creates it and never renewed, so the
 * window ends on time however often a client knocks; then the next request starts a new window.
 *
 * <p>The lesson, with hints: README.md in this folder.
 */
public final class RateLimiter {

    private final Counters counters;
    private final String keyPrefix;
    private final long limit;
    private final Duration window;

    /**
     * A limiter allowing {@code limit} requests per client per {@code window}, counting under {@code keyPrefix}.
     *
     * @param keyPrefix such as {@code "k10:rate:"}: a client's counter is {@code keyPrefix + clientId}
     * @param window    whole seconds, from 1 s to {@link Counters#MAX_TTL}
     */
    public RateLimiter(MemcachedClient client, String keyPrefix, long limit, Duration window) {
        this.counters = new Counters(client);
        this.keyPrefix = keyPrefix;
        this.limit = limit;
        this.window = window;
    }

    /**
     * Counts this request of {@code clientId} and says whether it is within the limit of its window.
     *
     * @throws IllegalArgumentException when the window is under 1 s (a window of 0 would never end), before anything
     *                                  is counted
     */
    public boolean tryAcquire(String clientId) {
        throw new UnsupportedOperationException("k10_counters, task 3: implement RateLimiter.tryAcquire(clientId)"
                + " in exercises/kata/k10_counters/RateLimiter.java");
    }
}
