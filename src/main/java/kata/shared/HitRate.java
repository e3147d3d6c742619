package kata.shared;

import java.util.OptionalDouble;

/**
 * What happened between two {@code stats} snapshots of one server: the counters' deltas and the hit rate.
 *
 * @param gets   the growth of {@code cmd_get}
 * @param hits   the growth of {@code get_hits}
 * @param misses the growth of {@code get_misses}
 * @param ratio  hits / (hits + misses), from 0.0 to 1.0; empty when there were neither (no gets: no rate, not 0/0)
 */
public record HitRate(long gets, long hits, long misses, OptionalDouble ratio) {
}
