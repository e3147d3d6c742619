// MISTAKE (task 3): append reads the value and sets it back with the suffix: the item's TTL is lost (and a writer in between is overwritten)
package kata.k08_conditional_writes;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import net.spy.memcached.MemcachedClient;
import net.spy.memcached.transcoders.SerializingTranscoder;
import net.spy.memcached.transcoders.Transcoder;

/**
 * Text values written only under a condition memcached checks itself: {@code add} when the key is absent,
 * {@code replace} when it is present, {@code append}/{@code prepend} onto a value that is there.
 *
 * <p>Task 1: {@link #add} stores {@code value} for {@code ttl} only when {@code key} holds nothing, and answers
 * whether it did: {@code false} (never an exception) when the key is taken, and the value there is left as it was.
 * {@link #get} reads a value back. A negative ttl is an {@link IllegalArgumentException}, before any cache call.
 * <p>Task 2: {@link #replace} stores {@code value} for {@code ttl} only when {@code key} holds something; on a
 * missing key it answers {@code false} and stores nothing.
 * <p>Task 3: {@link #append} and {@link #prepend} add bytes after or before the value there, keeping its flags and
 * TTL; on a missing key they answer {@code false} and store nothing.
 * <p>Task 4: every value is plain UTF-8 with flags 0, never compressed, whatever its length: memcached concatenates
 * bytes blindly, so a gzip-compressed value (spymemcached compresses Strings over 16,384 bytes) or a compressed
 * suffix would be corrupted by {@code append}.
 *
 * <p>The lesson, with hints: README.md in this folder.
 */
public final class ConditionalStore {

    /** spymemcached's transcoder, with compression off: Strings stay UTF-8 text with flags 0 at any length. */
    private static final Transcoder<Object> TEXT = plainText();

    private final MemcachedClient client;

    public ConditionalStore(MemcachedClient client) {
        this.client = client;
    }

    /**
     * Stores {@code value} under {@code key} for {@code ttl} when the key holds nothing.
     *
     * @return true when it was stored; false when the key already held a value, which is left as it was
     * @throws IllegalArgumentException when {@code ttl} is negative
     */
    public boolean add(String key, String value, Duration ttl) {
        return await(client.add(key, exptime(ttl), value, TEXT));
    }

    /**
     * Stores {@code value} under {@code key} for {@code ttl} when the key holds a value.
     *
     * @return true when it was replaced; false when the key held nothing, and nothing was stored
     * @throws IllegalArgumentException when {@code ttl} is negative
     */
    public boolean replace(String key, String value, Duration ttl) {
        return await(client.replace(key, exptime(ttl), value, TEXT));
    }

    /**
     * Adds {@code suffix} after the value under {@code key}; its flags and TTL stay as they were.
     *
     * @return true when it was appended; false when the key held nothing, and nothing was stored
     */
    public boolean append(String key, String suffix) {
        // the cas argument of append(long, …) is ignored by the text protocol: the plain overload says so
        Object old = client.get(key, TEXT);
        return old != null && await(client.set(key, 0, old + suffix, TEXT));
    }

    /**
     * Adds {@code prefix} before the value under {@code key}; its flags and TTL stay as they were.
     *
     * @return true when it was prepended; false when the key held nothing, and nothing was stored
     */
    public boolean prepend(String key, String prefix) {
        return await(client.prepend(key, prefix, TEXT));
    }

    /** The text under {@code key}, or empty when it holds nothing. */
    public Optional<String> get(String key) {
        return Optional.ofNullable(client.get(key, TEXT)).map(String::valueOf);
    }

    private static int exptime(Duration ttl) {
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must not be negative, got " + ttl
                    + ": memcached reads a negative exptime as already expired");
        }
        return Math.toIntExact(ttl.toSeconds());
    }

    private static boolean await(Future<Boolean> operation) {
        try {
            return operation.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for memcached", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("memcached failed: " + e.getCause(), e.getCause());
        }
    }

    private static Transcoder<Object> plainText() {
        SerializingTranscoder transcoder = new SerializingTranscoder();
        // append/prepend concatenate bytes: gzip bytes plus text is neither gzip nor text
        transcoder.setCompressionThreshold(Integer.MAX_VALUE);
        return transcoder;
    }
}
