package kata.shared;

/**
 * One moment of a cache's life, as memcached's general {@code stats} count it since the server started.
 *
 * @param sets      {@code cmd_set}: storage commands (set, add, replace, cas, …) the server was asked to run
 * @param evictions {@code evictions}: valid items the server dropped to make room for new ones, every slab class
 * @param hits      {@code get_hits}: keys a get found
 * @param misses    {@code get_misses}: keys a get did not find (never stored, expired, deleted or evicted)
 */
public record CacheCounters(long sets, long evictions, long hits, long misses) {
}
