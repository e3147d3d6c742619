package kata.k11_bulk_reads;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;

import kata.shared.BulkWrite;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.transcoders.SerializingTranscoder;

/**
 * Many keys in one request, many writes in flight at once.
 *
 * <p>Task 1: {@link #getAll} reads many keys with one multi-key {@code get}, not one request per key, and leaves
 * the missing keys out of its map.
 * <p>Task 2: {@link #setAll} sends every set before it waits for any answer, then waits once, for {@code within} in
 * all, and says key by key what was stored.
 * <p>Task 3: {@link #setAll} loses no error: a key the client refuses, a value over {@link #MAX_VALUE_BYTES} (not
 * sent at all), an answer that failed or never came, each is in {@link BulkWrite#failed()} with why, and the other
 * keys are still written.
 *
 * <p>The lesson, with hints: README.md in this folder.
 */
public final class BulkCache {

    /**
     * The largest value {@link #setAll} sends, in bytes of UTF-8. memcached's item limit (1 MB, its {@code -I}) counts
     * the key and the item's header too, and an item over it is refused with {@code SERVER_ERROR object too large for
     * cache}, which also deletes what the key held.
     */
    public static final int MAX_VALUE_BYTES = 1024 * 1024 - 1024;

    private final MemcachedClient client;
    /**
     * Strings as UTF-8 with flags 0 at any size, as the seed's Python writes and reads them: the client's default
     * transcoder gzips a String over 16 KB (flags 2), which no other language's client reads as text.
     */
    private final SerializingTranscoder text = new SerializingTranscoder();

    public BulkCache(MemcachedClient client) {
        this.client = client;
        text.setCompressionThreshold(Integer.MAX_VALUE);
    }

    /**
     * The values memcached holds for {@code keys}, read with one multi-key {@code get} through {@link #text}; a key
     * memcached does not hold is not in the map (never mapped to {@code null}).
     *
     * @throws IllegalArgumentException for a key memcached cannot take, before anything is sent
     */
    public Map<String, Object> getAll(Collection<String> keys) {
        throw new UnsupportedOperationException("k11_bulk_reads, task 1: implement BulkCache.getAll(keys)"
                + " in exercises/kata/k11_bulk_reads/BulkCache.java");
    }

    /**
     * Stores every value for {@code ttlSeconds} through {@link #text}: every set is sent before the first answer is
     * awaited, and all the answers are awaited for {@code within} in all (one deadline, not one per key).
     *
     * @return every key of {@code values}, in its order, either stored or failed with why
     */
    public BulkWrite setAll(Map<String, String> values, int ttlSeconds, Duration within) {
        throw new UnsupportedOperationException("k11_bulk_reads, task 2: implement BulkCache.setAll(values,"
                + " ttlSeconds, within) in exercises/kata/k11_bulk_reads/BulkCache.java");
    }
}
