package kata.k12_big_values;

import java.util.List;
import java.util.Optional;

import kata.shared.ValueTooLargeException;
import net.spy.memcached.MemcachedClient;

/**
 * Text values of any size in memcached, whose items hold at most 1 MB each, overhead included.
 *
 * <p>Keys are printable ASCII, at most {@value #MAX_KEY_BYTES} bytes. Values are stored with no expiry.
 *
 * <p>Task 1: {@link #maxValueBytes} is what one item under a key holds: 1 MB less the item's overhead and the key.
 * {@link #set} stores a value as its UTF-8 bytes in one item and refuses, with a {@link ValueTooLargeException} and
 * before anything is sent, one that does not fit: memcached would delete the old value. {@link #get} reads it back.
 * <p>Task 2: a value over {@code compressAbove} bytes is gzipped, when that makes it smaller, and stored with
 * {@link #FLAG_COMPRESSED} (spymemcached's own flag); smaller ones stay plain UTF-8 with flags 0. {@link #get}
 * decompresses what the flags say is compressed. The limit applies to what is sent.
 * <p>Task 3: {@link #setLarge} splits what does not fit one item into chunks under keys of their own (at most 250
 * bytes each) and stores a manifest under the key, last, with {@link #FLAG_CHUNKED}; {@link #chunkKeys} lists them
 * and {@link #get} joins them.
 * <p>Task 4: a chunked value is read whole or not at all: a chunk missing (evicted, deleted) or not what the manifest
 * wrote makes {@link #get} a miss, never part of a value; a write that fails half-way leaves the old value whole.
 *
 * <p>The lesson, with hints: README.md in this folder.
 */
public final class BigValueStore {

    /** memcached's default item size limit ({@code -I 1m}): key, value and the item's own overhead together. */
    public static final int ITEM_SIZE_MAX = 1024 * 1024;
    /**
     * The bytes an item takes beyond its key and value, in memcached 1.6: a 48-byte header, the 8-byte CAS, 4 bytes
     * of flags when they are not 0, the key's terminating NUL and the data's CRLF (63), rounded up.
     */
    public static final int ITEM_OVERHEAD = 64;
    /** The longest key memcached takes. */
    public static final int MAX_KEY_BYTES = 250;
    /** spymemcached's flag for a gzipped value ({@code SerializingTranscoder}); its String flags are 0. */
    public static final int FLAG_COMPRESSED = 2;
    /** This store's flag for a manifest, which names the chunks that hold the value; no client's flag uses it. */
    public static final int FLAG_CHUNKED = 1 << 16;
    /** spymemcached's compression threshold: it gzips a String whose UTF-8 is over 16,384 bytes. */
    public static final int SPYMEMCACHED_COMPRESS_ABOVE = 16_384;

    private final MemcachedClient client;
    private final int compressAbove;

    /** A store that gzips values whose UTF-8 is over {@code compressAbove} bytes. */
    public BigValueStore(MemcachedClient client, int compressAbove) {
        this.client = client;
        this.compressAbove = compressAbove;
    }

    /** The most bytes one item under {@code key} holds as its value: 1 MB less the overhead and the key's bytes. */
    public static int maxValueBytes(String key) {
        throw new UnsupportedOperationException("k12_big_values, task 1: implement BigValueStore.maxValueBytes(key)"
                + " in exercises/kata/k12_big_values/BigValueStore.java");
    }

    /**
     * Stores {@code value} in one item under {@code key}: its UTF-8 bytes (task 1), gzipped when that pays (task 2).
     *
     * @throws ValueTooLargeException when what would be sent is over {@link #maxValueBytes}, before anything is sent
     */
    public void set(String key, String value) {
        throw new UnsupportedOperationException("k12_big_values, task 1: implement BigValueStore.set(key, value)"
                + " in exercises/kata/k12_big_values/BigValueStore.java");
    }

    /**
     * Stores {@code value} under {@code key} whatever its size: in one item when it fits, else in chunks named by a
     * manifest under {@code key}, written after every chunk.
     */
    public void setLarge(String key, String value) {
        throw new UnsupportedOperationException("k12_big_values, task 3: implement BigValueStore.setLarge(key, value)"
                + " in exercises/kata/k12_big_values/BigValueStore.java");
    }

    /** The value under {@code key}, or empty when there is none, or when any chunk of it is missing or altered. */
    public Optional<String> get(String key) {
        throw new UnsupportedOperationException("k12_big_values, task 1: implement BigValueStore.get(key)"
                + " in exercises/kata/k12_big_values/BigValueStore.java");
    }

    /** The keys of the chunks the manifest under {@code key} names, in order; empty for a value in one item. */
    public List<String> chunkKeys(String key) {
        throw new UnsupportedOperationException("k12_big_values, task 3: implement BigValueStore.chunkKeys(key)"
                + " in exercises/kata/k12_big_values/BigValueStore.java");
    }
}
