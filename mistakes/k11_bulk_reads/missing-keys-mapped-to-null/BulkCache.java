// MISTAKE (task 1): every key asked for is put in the map, a missing one with null: getBulk's map holds only the keys found
package kata.k11_bulk_reads;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kata.shared.BulkWrite;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.internal.OperationFuture;
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
        Map<String, Object> found = client.getBulk(keys, text);
        Map<String, Object> all = new LinkedHashMap<>();
        for (String key : keys) {
            all.put(key, found.get(key));
        }
        return all;
    }

    /**
     * Stores every value for {@code ttlSeconds} through {@link #text}: every set is sent before the first answer is
     * awaited, and all the answers are awaited for {@code within} in all (one deadline, not one per key).
     *
     * @return every key of {@code values}, in its order, either stored or failed with why
     */
    public BulkWrite setAll(Map<String, String> values, int ttlSeconds, Duration within) {
        Map<String, OperationFuture<Boolean>> sent = new LinkedHashMap<>();
        Map<String, String> failed = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            String refused = refusal(value);
            if (refused != null) {
                failed.put(key, refused);
                return;
            }
            try {
                sent.put(key, client.set(key, ttlSeconds, value, text));
            } catch (IllegalArgumentException | IllegalStateException e) {
                // the client checks keys before sending, and refuses when its queue is full or it is shut down
                failed.put(key, e.getMessage());
            }
        });
        long deadline = System.nanoTime() + within.toNanos();
        List<String> stored = new ArrayList<>();
        sent.forEach((key, future) -> {
            String why = outcome(future, deadline, within);
            if (why == null) {
                stored.add(key);
            } else {
                failed.put(key, why);
            }
        });
        Map<String, String> inOrder = new LinkedHashMap<>();
        values.keySet().stream().filter(failed::containsKey).forEach(key -> inOrder.put(key, failed.get(key)));
        return new BulkWrite(List.copyOf(stored), inOrder);
    }

    /** Why {@code value} is not sent, or {@code null} when it may be. */
    private static String refusal(String value) {
        if (value == null) {
            return "no value (null): memcached stores bytes, and a null has none";
        }
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_VALUE_BYTES) {
            return "value of " + bytes + " bytes is over MAX_VALUE_BYTES (" + MAX_VALUE_BYTES + "): not sent";
        }
        return null;
    }

    /** {@code null} once memcached confirmed the set, else why not; waits at most until {@code deadline}. */
    private static String outcome(OperationFuture<Boolean> future, long deadline, Duration within) {
        try {
            if (future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return null;
            }
            return "memcached answered " + future.getStatus().getMessage();
        } catch (TimeoutException e) {
            future.cancel();
            return "no answer within " + within.toMillis() + " ms";
        } catch (ExecutionException e) {
            return "failed: " + e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the caller's to handle: keep the flag
            return "interrupted before memcached answered (it may have stored it)";
        }
    }
}
