package kata.k07_stats;

import java.net.SocketAddress;
import java.util.Map;
import java.util.Optional;

import kata.shared.HitRate;
import kata.shared.ServerStats;
import net.spy.memcached.MemcachedClient;

/**
 * A typed view of memcached's {@code stats}, per server, and the hit rate between two snapshots.
 *
 * <p>Task 1: {@link #parse} turns one server's stats, all text on the wire, into {@link ServerStats}: counters as
 * {@code long}, {@code rusage_user} as {@code double}, {@code version} as text. A stat that is missing or not a
 * number is an {@link IllegalArgumentException} naming it.
 * <p>Task 2: {@link #byServer} asks every server the client knows; a server that did not answer is
 * {@code Optional.empty()}, and {@link #report} writes one line per server: its version, items, connections and
 * uptime, or {@value #UNAVAILABLE}.
 * <p>Task 3: {@link #hitRate} compares two snapshots of one server: the growth of {@code cmd_get}, {@code get_hits}
 * and {@code get_misses} (never the totals since the server started), and hits / (hits + misses), with no rate at
 * all when there were no gets. A restart between the snapshots (uptime or any counter went down) is an
 * {@link IllegalArgumentException}.
 *
 * <p>The lesson, with hints: README.md in this folder.
 */
public final class StatsView {

    /** What {@link #report} says for a server that gave no stats. */
    public static final String UNAVAILABLE = "unavailable";

    private final MemcachedClient client;

    public StatsView(MemcachedClient client) {
        this.client = client;
    }

    /**
     * One server's stats, typed.
     *
     * @param raw the server's stats as sent: name to text, e.g. {@code "cmd_get" -> "3"}
     * @throws IllegalArgumentException naming the stat that is missing or not a number
     */
    public static ServerStats parse(Map<String, String> raw) {
        throw new UnsupportedOperationException("k07_stats, task 1: implement StatsView.parse(raw)"
                + " in exercises/kata/k07_stats/StatsView.java");
    }

    /** Every server the client knows, with its stats, or empty for a server that gave none (down, unreachable). */
    public Map<SocketAddress, Optional<ServerStats>> byServer() {
        throw new UnsupportedOperationException("k07_stats, task 2: implement StatsView.byServer()"
                + " in exercises/kata/k07_stats/StatsView.java");
    }

    /**
     * One line per server, in the order of {@link #byServer}, joined with {@code "\n"}: the server's address as the
     * client names it, then its stats or {@value #UNAVAILABLE}, e.g.
     * <pre>
     * localhost/127.0.0.1:11211 memcached 1.6.18: 7 items, 2 connections, up 3600 s
     * localhost/127.0.0.1:11212 unavailable
     * </pre>
     */
    public String report() {
        throw new UnsupportedOperationException("k07_stats, task 2: implement StatsView.report()"
                + " in exercises/kata/k07_stats/StatsView.java");
    }

    /**
     * What happened on one server between two snapshots: {@code after} minus {@code before}, counter by counter.
     *
     * @throws IllegalArgumentException (its message says "restart") when the uptime or any of the three counters
     *                                  went down: the server restarted between the snapshots
     */
    public static HitRate hitRate(ServerStats before, ServerStats after) {
        throw new UnsupportedOperationException("k07_stats, task 3: implement StatsView.hitRate(before, after)"
                + " in exercises/kata/k07_stats/StatsView.java");
    }
}
