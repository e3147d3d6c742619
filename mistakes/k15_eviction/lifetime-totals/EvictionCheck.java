// MISTAKE (task 4): reports the totals since the server started (after's counters), not the growth since before.
package kata.k15_eviction;

import java.net.SocketAddress;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

import kata.shared.CacheCounters;
import kata.shared.EvictionReport;
import net.spy.memcached.MemcachedClient;

/**
 * Is the cache big enough? Its eviction rate and its hit rate between two moments, from memcached's own counters.
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
        return new CacheCounters(count(stats, "cmd_set"), count(stats, "evictions"), count(stats, "get_hits"),
                count(stats, "get_misses"));
    }

    private static long count(Map<String, String> stats, String name) {
        String text = stats.get(name);
        if (text == null) {
            throw new IllegalArgumentException("no " + name + " in the stats: " + stats.keySet());
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is \"" + text + "\", not a whole number", e);
        }
    }

    /**
     * The counters now, summed over every server the client knows.
     *
     * @throws IllegalStateException when no server answered {@code stats}
     */
    public CacheCounters snapshot() {
        Map<SocketAddress, Map<String, String>> byServer = client.getStats();
        if (byServer.isEmpty()) {
            throw new IllegalStateException("no server answered stats: is memcached up?");
        }
        long sets = 0;
        long evictions = 0;
        long hits = 0;
        long misses = 0;
        for (Map<String, String> stats : byServer.values()) {
            CacheCounters one = parse(stats);
            sets += one.sets();
            evictions += one.evictions();
            hits += one.hits();
            misses += one.misses();
        }
        return new CacheCounters(sets, evictions, hits, misses);
    }

    /**
     * What happened from {@code before} to {@code after}: the counters' growth, and the rates over it.
     *
     * @throws IllegalArgumentException (its message says "restart") when a counter went down
     */
    public static EvictionReport between(CacheCounters before, CacheCounters after) {
        long sets = growth("sets", before.sets(), after.sets());
        long evictions = growth("evictions", before.evictions(), after.evictions());
        long hits = growth("hits", before.hits(), after.hits());
        long misses = growth("misses", before.misses(), after.misses());
        return new EvictionReport(sets, evictions, hits, misses, rate(evictions, sets), rate(hits, hits + misses));
    }

    private static long growth(String name, long before, long after) {
        if (after < before) {
            throw new IllegalArgumentException(name + " went down from " + before + " to " + after
                    + ": the server restarted between the snapshots, take a new one to start from");
        }
        return after;
    }

    private static OptionalDouble rate(long part, long whole) {
        return whole == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) part / whole);
    }

    /**
     * One line, e.g. {@code 400 sets, 100 evictions (25.0 % of sets); 80 gets, 60 hits (75.0 %)}, or with
     * {@code (no sets)} and {@code (no gets)} in place of a rate there is none for.
     */
    public static String describe(EvictionReport report) {
        return report.sets() + " sets, " + report.evictions() + " evictions ("
                + percent(report.evictionRate(), " of sets", "no sets") + "); " + (report.hits() + report.misses())
                + " gets, " + report.hits() + " hits (" + percent(report.hitRate(), "", "no gets") + ")";
    }

    private static String percent(OptionalDouble rate, String of, String none) {
        return rate.isPresent() ? String.format(Locale.ROOT, "%.1f %%%s", rate.getAsDouble() * 100, of) : none;
    }
}
