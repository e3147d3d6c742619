// MISTAKE (task 1): asks the source on every get and only writes memcached: every read is a miss.
package kata.k15_eviction;

import java.util.Objects;
import java.util.function.Function;

import net.spy.memcached.MemcachedClient;

/**
 * A read-through cache of text values over a slower source of truth, for a cache that evicts.
 *
 * <p>The lesson, with hints: README.md in this folder.
 */
public final class ReadThrough {

    /** memcached reads a larger exptime as a Unix time (protocol.txt, "Expiration times"). */
    static final int MAX_RELATIVE_TTL_SECONDS = 60 * 60 * 24 * 30;

    private final MemcachedClient client;
    private final Function<String, String> source;
    private final int ttlSeconds;

    /**
     * @param source     the source of truth: the value of a key, never null
     * @param ttlSeconds how long memcached may keep a loaded value, 1 s to 30 days
     * @throws IllegalArgumentException for a ttl outside 1 s to 30 days
     */
    public ReadThrough(MemcachedClient client, Function<String, String> source, int ttlSeconds) {
        if (ttlSeconds < 1 || ttlSeconds > MAX_RELATIVE_TTL_SECONDS) {
            throw new IllegalArgumentException("ttl " + ttlSeconds + " s: give 1 to " + MAX_RELATIVE_TTL_SECONDS
                    + " seconds (0 would never expire, more is read as a Unix time)");
        }
        this.client = client;
        this.source = source;
        this.ttlSeconds = ttlSeconds;
    }

    /**
     * The key's value: memcached's when it has one, else the source's, stored for the ttl.
     *
     * @throws NullPointerException naming the key when the source gave null
     */
    public String get(String key) {

        // Never stored, expired, deleted or evicted: memcached does not say which, and a cache need not know.
        String value = Objects.requireNonNull(source.apply(key), () -> "the source gave null for " + key);
        // The answer (STORED or not) changes nothing: the value is right either way, and the next get may miss.
        client.set(key, ttlSeconds, value);
        return value;
    }
}
