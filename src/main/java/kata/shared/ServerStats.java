package kata.shared;

import java.util.Objects;

/**
 * One server's {@code stats}, typed: counters as {@code long}, CPU time as {@code double}, the version as text.
 *
 * <p>On the wire every stat is text ({@code STAT cmd_get 3}); this is what they mean once parsed.
 *
 * @param version         {@code version}, e.g. "1.6.18"
 * @param uptimeSeconds   {@code uptime}: seconds since the server started
 * @param rusageUser      {@code rusage_user}: CPU seconds spent in user space, e.g. 0.123456
 * @param currConnections {@code curr_connections}: open connections now
 * @param currItems       {@code curr_items}: items stored now
 * @param cmdGet          {@code cmd_get}: keys asked for since start (a multi-get of 3 keys counts 3)
 * @param getHits         {@code get_hits}: keys found
 * @param getMisses       {@code get_misses}: keys not found (or expired)
 */
public record ServerStats(String version, long uptimeSeconds, double rusageUser, long currConnections, long currItems,
        long cmdGet, long getHits, long getMisses) {

    public ServerStats {
        Objects.requireNonNull(version, "version");
    }
}
