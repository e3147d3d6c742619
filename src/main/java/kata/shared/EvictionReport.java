package kata.shared;

import java.util.OptionalDouble;

/**
 * What a cache did between two {@link CacheCounters}: each counter's growth and the two rates that tell whether it is
 * too small.
 *
 * @param sets         the growth of {@code cmd_set}
 * @param evictions    the growth of {@code evictions}
 * @param hits         the growth of {@code get_hits}
 * @param misses       the growth of {@code get_misses}
 * @param evictionRate evictions / sets, from 0.0 up; empty when there were no sets (no rate, not 0/0)
 * @param hitRate      hits / (hits + misses), from 0.0 to 1.0; empty when there were no gets (no rate, not 0/0)
 */
public record EvictionReport(long sets, long evictions, long hits, long misses, OptionalDouble evictionRate,
                             OptionalDouble hitRate) {
}
