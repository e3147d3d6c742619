// MISTAKE (task 3): the manifest is written before the chunks: a reader can find it before its chunks.
package kata.k12_big_values;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import kata.shared.RawTranscoder;
import kata.shared.UnreadableValueException;
import kata.shared.ValueTooLargeException;
import net.spy.memcached.CachedData;
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
        return ITEM_SIZE_MAX - ITEM_OVERHEAD - key.getBytes(UTF_8).length;
    }

    /**
     * Stores {@code value} in one item under {@code key}: its UTF-8 bytes (task 1), gzipped when that pays (task 2).
     *
     * @throws ValueTooLargeException when what would be sent is over {@link #maxValueBytes}, before anything is sent
     */
    public void set(String key, String value) {
        CachedData item = encode(value);
        int max = maxValueBytes(key);
        if (item.getData().length > max) {
            // memcached would answer SERVER_ERROR object too large for cache, and delete the old value first
            throw new ValueTooLargeException(key, item.getData().length, max);
        }
        store(key, item);
    }

    /**
     * Stores {@code value} under {@code key} whatever its size: in one item when it fits, else in chunks named by a
     * manifest under {@code key}, written after every chunk.
     */
    public void setLarge(String key, String value) {
        CachedData item = encode(value);
        byte[] data = item.getData();
        if (data.length <= maxValueBytes(key)) {
            store(key, item);
            return;
        }
        // fresh chunk keys for each write: the old manifest's chunks stay whole until the new manifest replaces it
        String id = UUID.randomUUID().toString();
        List<String> keys = new ArrayList<>();
        List<int[]> ranges = new ArrayList<>();
        int offset = 0;
        while (offset < data.length) {
            String chunkKey = chunkKey(key, id, keys.size());
            int size = Math.min(maxValueBytes(chunkKey), data.length - offset);
            keys.add(chunkKey);
            ranges.add(new int[] {offset, offset + size});
            offset += size;
        }
        Manifest manifest = new Manifest(data.length, crc32(data), keys);
        store(key, new CachedData(FLAG_CHUNKED | item.getFlags(), manifest.toBytes(), Integer.MAX_VALUE));
        for (int i = 0; i < keys.size(); i++) {
            int[] range = ranges.get(i);
            store(keys.get(i), new CachedData(0, Arrays.copyOfRange(data, range[0], range[1]), Integer.MAX_VALUE));
        }
    }

    /** The value under {@code key}, or empty when there is none, or when any chunk of it is missing or altered. */
    public Optional<String> get(String key) {
        CachedData item = client.get(key, RawTranscoder.INSTANCE);
        if (item == null) {
            return Optional.empty();
        }
        if ((item.getFlags() & FLAG_CHUNKED) == 0) {
            return Optional.of(decode(key, item.getData(), item.getFlags()));
        }
        Manifest manifest = Manifest.parse(key, item.getData());
        Map<String, CachedData> chunks = client.getBulk(manifest.keys(), RawTranscoder.INSTANCE);
        ByteArrayOutputStream joined = new ByteArrayOutputStream(manifest.bytes());
        for (String chunkKey : manifest.keys()) {
            CachedData chunk = chunks.get(chunkKey);
            if (chunk == null) {
                return Optional.empty(); // evicted or deleted: the value is gone, not shorter
            }
            joined.writeBytes(chunk.getData());
        }
        byte[] data = joined.toByteArray();
        if (data.length != manifest.bytes() || crc32(data) != manifest.crc32()) {
            return Optional.empty(); // a chunk that is not the one the manifest wrote
        }
        return Optional.of(decode(key, data, item.getFlags()));
    }

    /** The keys of the chunks the manifest under {@code key} names, in order; empty for a value in one item. */
    public List<String> chunkKeys(String key) {
        CachedData item = client.get(key, RawTranscoder.INSTANCE);
        if (item == null || (item.getFlags() & FLAG_CHUNKED) == 0) {
            return List.of();
        }
        return Manifest.parse(key, item.getData()).keys();
    }

    private CachedData encode(String value) {
        byte[] bytes = value.getBytes(UTF_8);
        if (bytes.length > compressAbove) {
            byte[] compressed = gzip(bytes);
            if (compressed.length < bytes.length) {
                return new CachedData(FLAG_COMPRESSED, compressed, Integer.MAX_VALUE);
            }
        }
        return new CachedData(0, bytes, Integer.MAX_VALUE);
    }

    private static String decode(String key, byte[] data, int flags) {
        return new String((flags & FLAG_COMPRESSED) != 0 ? gunzip(key, data) : data, UTF_8);
    }

    private void store(String key, CachedData item) {
        try {
            client.set(key, 0, item, RawTranscoder.INSTANCE).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("set " + key + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("set " + key + " interrupted", e);
        }
    }

    /** The key's head, cut so that the whole stays within 250 bytes, then the write's id and the chunk's number. */
    private static String chunkKey(String key, String id, int index) {
        String suffix = "#" + id + "." + index;
        return key.substring(0, Math.min(key.length(), MAX_KEY_BYTES - suffix.length())) + suffix;
    }

    private static long crc32(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        return crc.getValue();
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip in memory failed", e);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(String key, byte[] data) {
        try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return gzip.readAllBytes();
        } catch (IOException e) {
            throw new UnreadableValueException(key + " has flags " + FLAG_COMPRESSED + " (gzip) but is not gzip: " + e,
                    e);
        }
    }

    /** What a manifest holds: the joined chunks' length and CRC-32, then the chunk keys, one line each. */
    private record Manifest(int bytes, long crc32, List<String> keys) {

        byte[] toBytes() {
            return (bytes + "\n" + crc32 + "\n" + String.join("\n", keys)).getBytes(UTF_8);
        }

        static Manifest parse(String key, byte[] data) {
            String[] lines = new String(data, UTF_8).split("\n");
            try {
                return new Manifest(Integer.parseInt(lines[0]), Long.parseLong(lines[1]),
                        List.of(Arrays.copyOfRange(lines, 2, lines.length)));
            } catch (RuntimeException e) {
                throw new UnreadableValueException(key + " has flags " + FLAG_CHUNKED + " (a manifest) but holds no"
                        + " manifest of this store: " + e, e);
            }
        }
    }
}
