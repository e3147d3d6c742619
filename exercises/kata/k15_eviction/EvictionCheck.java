package kata.k15_eviction;

import java.util.Map;

import kata.shared.CacheCounters;
import kata.shared.EvictionReport;
import net.spy.memcached.MemcachedClient;

/**
 * Is the cache big enough? Its eviction rate and its hit rate between two moments, from memcached's own counters.
 *
 * <p>Task 3: {@link #parse} reads four counters of one server's general {@code stats} ({@code cmd_set},
 * {@code evictions}, {@code get_hits}, {@code get_misses}: 64-bit); a missing one or one that is not a whole number
 * is an {@link IllegalArgumentException} naming it. {@link #snapshot} asks the servers now
 * ({@code client.getStats()}) and sums them: the whole server's counters, every slab class, never one class's
 * {@code stats items}.
 * <p>Task 4: {@link #between} is the growth of each counter from one snapshot to the next (never the totals since the
 * server started), with evictions / sets and hits / (hits + misses), and no rate at all where there is nothing to
 * divide by. A counter that went down means a restart: an {@link IllegalArgumentException} that says "restart" and
 * names it. {@link #describe} writes one line.
 *
 * <p>The lesson, with hints: README.md in this folder.
 */
public final class EvictionCheck {

    private final MemcachedClient client;

    public EvictionCheck(MemcachedClient client) {
        this.client = client;
    }

    /**
     * The four counters of one server's general {@code stats} (not {@code stats items} or {@code stats slabs}).
     *
     * @throws IllegalArgumentException naming a stat that is missing or not a whole number
     */
    public static CacheCounters parse(Map<String, String> stats) {
        throw new UnsupportedOperationException("k15_eviction, task 3: implement EvictionCheck.parse(stats)"
                + " in exercises/kata/k15_eviction/EvictionCheck.java");
    }

    /**
     * The counters now, summed over every server the client knows.
     *
     * @throws IllegalStateException when no server answered {@code stats}
     */
    public CacheCounters snapshot() {
        throw new UnsupportedOperationException("k15_eviction, task 3: implement EvictionCheck.snapshot()"
                + " in exercises/kata/k15_eviction/EvictionCheck.java");
    }

    /**
     * What happened from {@code before} to {@code after}: the counters' growth, and the rates over it.
     *
     * @throws IllegalArgumentException (its message says "restart") when a counter went down
     */
    public static EvictionReport between(CacheCounters before, CacheCounters after) {
        throw new UnsupportedOperationException("k15_eviction, task 4: implement EvictionCheck.between(before, after)"
                + " in exercises/kata/k15_eviction/EvictionCheck.java");
    }

    /**
     * One line, e.g. {@code 400 sets, 100 evictions (25.0 % of sets); 80 gets, 60 hits (75.0 %)}, or with
     * {@code (no sets)} and {@code (no gets)} in place of a rate there is none for.
     */
    public static String describe(EvictionReport report) {
        throw new UnsupportedOperationException("k15_eviction, task 4: implement EvictionCheck.describe(report)"
                + " in exercises/kata/k15_eviction/EvictionCheck.java");
    }
}
