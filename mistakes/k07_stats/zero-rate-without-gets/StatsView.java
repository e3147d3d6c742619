// MISTAKE (task 3): no gets gives a rate of 0 instead of no rate: a quiet server looks like a cache that never hits
package kata.k07_stats;

import java.net.SocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.stream.Collectors;

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
        return new ServerStats(text(raw, "version"), number(raw, "uptime"), decimal(raw, "rusage_user"),
                number(raw, "curr_connections"), number(raw, "curr_items"), number(raw, "cmd_get"),
                number(raw, "get_hits"), number(raw, "get_misses"));
    }

    /** Every server the client knows, with its stats, or empty for a server that gave none (down, unreachable). */
    public Map<SocketAddress, Optional<ServerStats>> byServer() {
        Map<SocketAddress, Optional<ServerStats>> view = new LinkedHashMap<>();
        // spymemcached answers for every node; a dead one gets an empty inner map, not an error and not null
        client.getStats().forEach((server, raw) ->
                view.put(server, raw.isEmpty() ? Optional.empty() : Optional.of(parse(raw))));
        return view;
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
        return byServer().entrySet().stream()
                .map(entry -> entry.getKey() + " " + entry.getValue()
                        .map(stats -> "memcached " + stats.version() + ": " + stats.currItems() + " items, "
                                + stats.currConnections() + " connections, up " + stats.uptimeSeconds() + " s")
                        .orElse(UNAVAILABLE))
                .collect(Collectors.joining("\n"));
    }

    /**
     * What happened on one server between two snapshots: {@code after} minus {@code before}, counter by counter.
     *
     * @throws IllegalArgumentException (its message says "restart") when the uptime or any of the three counters
     *                                  went down: the server restarted between the snapshots
     */
    public static HitRate hitRate(ServerStats before, ServerStats after) {
        long gets = after.cmdGet() - before.cmdGet();
        long hits = after.getHits() - before.getHits();
        long misses = after.getMisses() - before.getMisses();
        // a restart sets the uptime and every counter back to 0: any one still below its old value gives it away
        if (after.uptimeSeconds() < before.uptimeSeconds() || gets < 0 || hits < 0 || misses < 0) {
            throw new IllegalArgumentException("the uptime or a counter went down between the snapshots: the server"
                    + " restarted (uptime " + before.uptimeSeconds() + " s, then " + after.uptimeSeconds() + " s);"
                    + " take a new 'before'");
        }
        long answered = hits + misses;
        OptionalDouble ratio = OptionalDouble.of(answered == 0 ? 0.0 : (double) hits / answered);
        return new HitRate(gets, hits, misses, ratio);
    }

    private static String text(Map<String, String> raw, String name) {
        String value = raw.get(name);
        if (value == null) {
            throw new IllegalArgumentException("stat " + name + " is missing; the server sent " + raw.keySet());
        }
        return value;
    }

    private static long number(Map<String, String> raw, String name) {
        return parsed(raw, name, Long::parseLong, "a whole number");
    }

    private static double decimal(Map<String, String> raw, String name) {
        return parsed(raw, name, Double::parseDouble, "a decimal number");
    }

    private static <T> T parsed(Map<String, String> raw, String name, Function<String, T> parser, String kind) {
        String value = text(raw, name);
        try {
            return parser.apply(value);
        } catch (NumberFormatException e) {
            // NumberFormatException says "For input string: …" and never which stat
            throw new IllegalArgumentException("stat " + name + " is not " + kind + ": \"" + value + "\"", e);
        }
    }
}
