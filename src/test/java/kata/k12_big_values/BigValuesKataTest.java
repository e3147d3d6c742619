package kata.k12_big_values;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import kata.shared.UnreadableValueException;
import kata.shared.ValueTooLargeException;
import kata.support.Dedicated;
import kata.support.MemcachedExtension;
import kata.support.MemcachedServer;
import kata.support.RawInspector;
import kata.support.StoredItem;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.internal.OperationFuture;
import net.spy.memcached.transcoders.Transcoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(MemcachedExtension.class)
@DisplayName("k12 · Big values")
// only so that a learner starts where task 1 starts; no test needs another to run first
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BigValuesKataTest {

    /** A threshold no value here reaches: tasks 1, 3 and 4 store what they are given, uncompressed. */
    private static final int NEVER = Integer.MAX_VALUE;
    /** The seed's user, as its Python service stores it: short text, which no client compresses. */
    private static final String SEED_USER = "{\"id\": 1, \"nome\": \"João\"}";

    private MemcachedClient client;
    private MemcachedServer server;
    private RawInspector inspector;
    private BigValueStore plain;
    private BigValueStore compressing;

    @BeforeEach
    void connect(MemcachedClient client, MemcachedServer server) {
        this.client = client;
        this.server = server;
        this.inspector = new RawInspector(server.address());
        this.plain = new BigValueStore(client, NEVER);
        this.compressing = new BigValueStore(client, BigValueStore.SPYMEMCACHED_COMPRESS_ABOVE);
    }

    /**
     * Deletes every k12 key the shared server holds once the tests are done. Values here have no expiry, and a chunked
     * value's chunks outlive their manifest when a test deletes or replaces it: without this, each run left some 20 MB
     * of the 64 MB that memcached has by default, and it would evict other katas' keys to make room.
     */
    @AfterAll
    static void deleteWhatTheTestsLeft(MemcachedServer server, MemcachedClient client) throws Exception {
        for (String key : new RawInspector(server.address()).keysStartingWith("k12:")) {
            client.delete(key).get();
        }
    }

    // ---- task 1: one item holds at most 1 MB, its overhead included --------------------------------------------

    @Test
    @Order(1)
    @Tag("task:1")
    void the_largest_value_max_value_bytes_allows_is_stored_and_read_back() throws Exception {
        String key = "k12:largest";
        forget(key);
        int max = BigValueStore.maxValueBytes(key);
        assertThat(max)
                .as("maxValueBytes(\"%s\"): the item limit (1 MB) holds the key and the item's overhead too, so the"
                        + " value gets ITEM_SIZE_MAX - ITEM_OVERHEAD - the key's %d bytes", key, key.length())
                .isEqualTo(BigValueStore.ITEM_SIZE_MAX - BigValueStore.ITEM_OVERHEAD - key.length());

        String value = "x".repeat(max);
        plain.set(key, value);

        StoredItem item = inspector.awaitStored(key);
        assertThat(item.size()).as("the bytes memcached holds under %s after set(…) of %d bytes", key, max)
                .isEqualTo(max);
        assertThat(item.flags()).as("an uncompressed value is plain UTF-8 with flags 0; %s holds %s", key,
                item.describe()).isZero();
        assertThat(plain.get(key)).as("get(\"%s\") after set(…) of the largest value that fits", key).hasValue(value);
        assertThat(plain.get("k12:never-stored")).as("get(…) of a key memcached does not hold").isEmpty();
    }

    @Test
    @Tag("task:1")
    void max_value_bytes_counts_the_key_so_the_longest_key_holds_less() throws Exception {
        String shortKey = "k12:s";
        String longKey = "k12:" + "L".repeat(BigValueStore.MAX_KEY_BYTES - 4);
        forget(longKey);

        assertThat(BigValueStore.maxValueBytes(shortKey) - BigValueStore.maxValueBytes(longKey))
                .as("maxValueBytes of a 250-byte key against a 5-byte one: the key is in the item, byte for byte")
                .isEqualTo(BigValueStore.MAX_KEY_BYTES - shortKey.length());
        String value = "y".repeat(BigValueStore.maxValueBytes(longKey));
        plain.set(longKey, value);

        assertThat(inspector.awaitStored(longKey).size()).as("the largest value under a 250-byte key, stored")
                .isEqualTo(value.length());
    }

    @Test
    @Tag("task:1")
    void one_byte_over_is_refused_before_it_is_sent_and_the_old_value_is_kept() throws Exception {
        String key = "k12:one-over";
        forget(key);
        plain.set(key, "the old value");
        int over = BigValueStore.maxValueBytes(key) + 1;

        assertThatExceptionOfType(ValueTooLargeException.class)
                .as("set(\"%s\", …) of %d bytes, one over maxValueBytes: refuse it yourself, before it is sent",
                        key, over)
                .isThrownBy(() -> plain.set(key, "z".repeat(over)))
                .withMessageContaining(key).withMessageContaining(String.valueOf(over))
                .satisfies(refused -> assertThat(refused.maxBytes()).as("the most the item holds")
                        .isEqualTo(over - 1));
        assertThat(inspector.awaitStored(key).valueAsUtf8())
                .as("what %s holds after the refused set: memcached deletes the old value when it refuses a set,"
                        + " so a store that sends it loses what it had", key)
                .isEqualTo("the old value");

        // what the store avoids: the server itself, sent the same set, refuses it and drops the old value
        String raw = "k12:one-over-sent";
        inspector.store(raw, "the old value".getBytes(UTF_8), 0);
        assertThatThrownBy(() -> inspector.store(raw, new byte[over], 0))
                .as("a raw set of %d bytes under %s", over, raw).hasMessageContaining("too large");
        assertThat(inspector.inspect(raw)).as("%s after memcached refused a set that was too large", raw).isEmpty();
    }

    @Test
    @Tag("task:1")
    void the_limit_is_in_bytes_so_600_000_accented_characters_are_refused() throws Exception {
        String key = "k12:accents";
        forget(key);
        plain.set(key, "the old value");
        String accents = "é".repeat(600_000);

        assertThatExceptionOfType(ValueTooLargeException.class)
                .as("set(\"%s\", …) of 600,000 \"é\": 600,000 chars but 1,200,000 UTF-8 bytes, and memcached counts"
                        + " bytes", key)
                .isThrownBy(() -> plain.set(key, accents))
                .withMessageContaining("1200000");
        assertThat(inspector.awaitStored(key).valueAsUtf8()).as("%s after the refused set", key)
                .isEqualTo("the old value");

        String fits = "é".repeat(BigValueStore.maxValueBytes(key) / 2);
        plain.set(key, fits);
        assertThat(plain.get(key)).as("get(\"%s\") after set(…) of as many \"é\" as fit, two bytes each", key)
                .hasValue(fits);
    }

    // ---- task 2: compress above a threshold, and say so in the flags --------------------------------------------

    @Test
    @Tag("task:2")
    void a_short_value_and_one_at_the_threshold_stay_plain_utf8_with_flags_0() throws Exception {
        forget("k12:user:1", "k12:at-threshold");
        String atThreshold = text(BigValueStore.SPYMEMCACHED_COMPRESS_ABOVE);

        compressing.set("k12:user:1", SEED_USER);
        compressing.set("k12:at-threshold", atThreshold);

        StoredItem user = inspector.awaitStored("k12:user:1");
        assertThat(user.flags()).as("the seed's user, 27 bytes: compressing it saves nothing and the seed's Python"
                + " could no longer read it; k12:user:1 holds %s", user.describe()).isZero();
        assertThat(user.valueAsUtf8()).as("k12:user:1 holds the plain UTF-8 of the seed's JSON").isEqualTo(SEED_USER);
        StoredItem at = inspector.awaitStored("k12:at-threshold");
        assertThat(at.flags()).as("a value of exactly compressAbove (%d) bytes is not over it; k12:at-threshold holds"
                + " %s", BigValueStore.SPYMEMCACHED_COMPRESS_ABOVE, at.describe()).isZero();
        assertThat(at.valueAsUtf8()).as("k12:at-threshold holds its plain text").isEqualTo(atThreshold);
        assertThat(compressing.get("k12:user:1")).as("get(\"k12:user:1\")").hasValue(SEED_USER);
    }

    @Test
    @Tag("task:2")
    void a_value_over_the_threshold_is_gzipped_and_flagged_2() throws Exception {
        forget("k12:over-threshold");
        String value = text(BigValueStore.SPYMEMCACHED_COMPRESS_ABOVE + 1);

        compressing.set("k12:over-threshold", value);

        StoredItem item = inspector.awaitStored("k12:over-threshold");
        assertThat(item.flags())
                .as("a value over compressAbove is gzipped and its flags say so (FLAG_COMPRESSED, 2, spymemcached's):"
                        + " without the flag a reader gets gzip bytes as text; k12:over-threshold holds %s",
                        item.describe())
                .isEqualTo(BigValueStore.FLAG_COMPRESSED);
        assertThat(new String(gunzip(item.value()), UTF_8)).as("k12:over-threshold's bytes, gunzipped")
                .isEqualTo(value);
        assertThat(item.size()).as("the gzipped size of %d bytes of repetitive text", value.length())
                .isLessThan(value.length() / 4);
        assertThat(compressing.get("k12:over-threshold")).as("get(\"k12:over-threshold\") gunzips what the flag says"
                + " is compressed").hasValue(value);
    }

    @Test
    @Tag("task:2")
    void the_threshold_is_the_one_given_and_gzip_is_kept_only_when_it_is_smaller() throws Exception {
        forget("k12:tiny-threshold", "k12:incompressible", "k12:break-even");
        BigValueStore eager = new BigValueStore(client, 100);
        BigValueStore eagerest = new BigValueStore(client, 16);
        String compressible = text(101);
        String incompressible = "0123456789abcdefghij"; // 20 bytes, no repeat: gzip's 18-byte frame alone outweighs it

        eager.set("k12:tiny-threshold", compressible);
        eagerest.set("k12:incompressible", incompressible);

        assertThat(inspector.awaitStored("k12:tiny-threshold").flags())
                .as("101 bytes of repetitive text with compressAbove 100")
                .isEqualTo(BigValueStore.FLAG_COMPRESSED);
        StoredItem kept = inspector.awaitStored("k12:incompressible");
        assertThat(kept.flags()).as("20 bytes gzip cannot shrink, with compressAbove 16: gzip adds a frame of its own,"
                + " so store them plain; k12:incompressible holds %s", kept.describe()).isZero();
        assertThat(kept.valueAsUtf8()).as("k12:incompressible holds its plain text").isEqualTo(incompressible);
        assertThat(eager.get("k12:tiny-threshold")).as("get(\"k12:tiny-threshold\")").hasValue(compressible);
        assertThat(eagerest.get("k12:incompressible")).as("get(\"k12:incompressible\")").hasValue(incompressible);

        String breakEven = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuv";
        assertThat(gzip(breakEven.getBytes(UTF_8))).as("this kata's assumption: the JDK's gzip of these 84 bytes is 84"
                + " bytes").hasSize(breakEven.length());
        eagerest.set("k12:break-even", breakEven);
        StoredItem even = inspector.awaitStored("k12:break-even");
        assertThat(even.flags()).as("84 bytes whose gzip is 84 bytes too: gzip that is not smaller gains nothing and"
                + " costs every reader a gunzip, so store them plain; k12:break-even holds %s", even.describe())
                .isZero();
    }

    @Test
    @Tag("task:2")
    void the_limit_applies_to_what_is_sent_so_3_mb_that_gzip_well_fit_one_item() throws Exception {
        forget("k12:three-mb");
        String value = text(3_000_000);

        compressing.set("k12:three-mb", value);

        StoredItem item = inspector.awaitStored("k12:three-mb");
        assertThat(item.size()).as("3,000,000 bytes of repetitive text, gzipped: check the limit on what is sent")
                .isLessThan(BigValueStore.maxValueBytes("k12:three-mb"));
        assertThat(compressing.get("k12:three-mb")).as("get(\"k12:three-mb\")").hasValue(value);
    }

    @Test
    @Tag("task:2")
    void spymemcached_reads_what_the_store_compressed_and_the_store_reads_what_spymemcached_wrote() throws Exception {
        forget("k12:ours", "k12:theirs", "k12:their-json");
        String value = text(50_000);
        String json = "{\"text\": \"" + text(50_000) + "\"}";

        compressing.set("k12:ours", value);
        client.set("k12:theirs", 0, value).get();   // spymemcached gzips a String over 16,384 bytes: flags 2
        client.set("k12:their-json", 0, json).get(); // ...unless it looks like JSON: flags 0

        assertThat(client.get("k12:ours")).as("spymemcached's own get of k12:ours: flags 2 and gzip, as its"
                + " SerializingTranscoder writes them, decode to the same String").isEqualTo(value);
        assertThat(compressing.get("k12:theirs")).as("get(\"k12:theirs\"), gzipped by spymemcached (flags %d)",
                inspector.awaitStored("k12:theirs").flags()).hasValue(value);
        assertThat(inspector.awaitStored("k12:their-json").flags())
                .as("spymemcached leaves a String that starts with { plain")
                .isZero();
        assertThat(compressing.get("k12:their-json")).as("get(\"k12:their-json\"), stored plain by spymemcached")
                .hasValue(json);
    }

    @Test
    @Tag("task:2")
    void a_value_flagged_compressed_that_is_not_gzip_is_reported_unreadable() {
        inspector.store("k12:not-gzip", "plain text".getBytes(UTF_8), BigValueStore.FLAG_COMPRESSED);

        assertThatExceptionOfType(UnreadableValueException.class)
                .as("get(\"k12:not-gzip\"): flags 2 over bytes that are not gzip; say which key, do not guess")
                .isThrownBy(() -> compressing.get("k12:not-gzip"))
                .withMessageContaining("k12:not-gzip");
    }

    // ---- task 3: beyond the limit, chunks and a manifest written last -------------------------------------------

    @Test
    @Tag("task:3")
    void set_large_splits_2_5_mb_into_chunks_that_each_fit_and_get_joins_them() throws Exception {
        String key = "k12:chunked";
        forget(key);
        // 'é' is two bytes: chunk edges fall inside characters, so split and join bytes, never chars
        String value = "aé".repeat(850_000);

        plain.setLarge(key, value);

        List<String> chunks = plain.chunkKeys(key);
        assertThat(chunks).as("chunkKeys(\"%s\") after setLarge(…) of 2,550,000 bytes: three chunks of at most"
                + " maxValueBytes each", key).hasSize(3).doesNotHaveDuplicates();
        for (String chunk : chunks) {
            assertThat(inspector.awaitStored(chunk).size()).as("chunk %s: each fits one item", chunk)
                    .isLessThanOrEqualTo(BigValueStore.maxValueBytes(chunk));
        }
        StoredItem manifest = inspector.awaitStored(key);
        assertThat(manifest.flags() & BigValueStore.FLAG_CHUNKED)
                .as("%s holds the manifest, flagged FLAG_CHUNKED so a reader knows to join; it holds %s", key,
                        manifest.describe())
                .isEqualTo(BigValueStore.FLAG_CHUNKED);
        assertThat(plain.get(key)).as("get(\"%s\"): the chunks joined, then decoded", key).hasValue(value);
    }

    @Test
    @Tag("task:3")
    void set_large_keeps_a_value_that_fits_in_one_plain_item() throws Exception {
        String key = "k12:fits";
        forget(key);
        String fits = "f".repeat(BigValueStore.maxValueBytes(key));

        plain.setLarge(key, fits);

        assertThat(plain.chunkKeys(key)).as("chunkKeys(\"%s\") after setLarge(…) of a value that fits one item", key)
                .isEmpty();
        assertThat(inspector.awaitStored(key).flags()).as("%s: a value that fits is one plain item", key).isZero();
        assertThat(plain.get(key)).as("get(\"%s\")", key).hasValue(fits);

        plain.setLarge(key, fits + "f");
        assertThat(plain.chunkKeys(key)).as("chunkKeys(\"%s\") after setLarge(…) of one byte more", key).hasSize(2);
        assertThat(plain.get(key)).as("get(\"%s\") after setLarge(…) of one byte more", key).hasValue(fits + "f");
    }

    @Test
    @Tag("task:3")
    void chunk_keys_stay_within_250_bytes_even_for_the_longest_key() throws Exception {
        String key = "k12:" + "K".repeat(BigValueStore.MAX_KEY_BYTES - 4);
        forget(key);
        String value = "g".repeat(1_500_000);

        plain.setLarge(key, value);

        List<String> chunks = plain.chunkKeys(key);
        assertThat(chunks).as("chunkKeys of a 250-byte key's 1,500,000-byte value").hasSize(2)
                .allSatisfy(chunk -> assertThat(chunk.getBytes(UTF_8).length)
                        .as("chunk key %s: memcached refuses keys over 250 bytes", chunk).isLessThanOrEqualTo(250));
        assertThat(plain.get(key)).as("get(…) of the 250-byte key").hasValue(value);
    }

    @Test
    @Tag("task:3")
    void set_large_compresses_before_it_splits() throws Exception {
        String key = "k12:compressed-chunks";
        forget(key);
        // random bytes in base64: gzip saves about a quarter, so 2,000,000 bytes still need two chunks
        String value = randomBase64(1_500_000);

        compressing.setLarge(key, value);

        assertThat(compressing.chunkKeys(key)).as("chunkKeys(\"%s\"): 2,000,000 bytes gzip to about 1,520,000", key)
                .hasSize(2);
        assertThat(inspector.awaitStored(key).flags()).as("the manifest's flags say the joined chunks are gzip")
                .isEqualTo(BigValueStore.FLAG_CHUNKED | BigValueStore.FLAG_COMPRESSED);
        assertThat(compressing.get(key)).as("get(\"%s\"): joined, then gunzipped", key).hasValue(value);
    }

    @Test
    @Tag("task:3")
    void the_manifest_is_written_after_every_chunk() throws Exception {
        String key = "k12:order";
        forget(key);
        WriteRecordingClient recording = new WriteRecordingClient(server.address(), key, 0);
        try {
            new BigValueStore(recording, NEVER).setLarge(key, "o".repeat(2_200_000));
        } finally {
            recording.shutdown();
        }

        assertThat(recording.written)
                .as("the keys setLarge(\"%s\", …) wrote, in order (with MemcachedClient.set): the chunks first, the"
                        + " manifest last, so no reader ever finds a manifest whose chunks are not there yet", key)
                .hasSize(4).endsWith(key).doesNotHaveDuplicates();
        assertThat(recording.written.subList(0, 3)).as("the chunks written before the manifest")
                .containsExactlyElementsOf(plain.chunkKeys(key));
    }

    @Test
    @Tag("task:3")
    void a_new_value_replaces_a_chunked_one_whatever_its_size() throws Exception {
        String key = "k12:replaced";
        forget(key);
        plain.setLarge(key, "1".repeat(1_200_000));

        plain.setLarge(key, "short");
        assertThat(plain.get(key)).as("get(\"%s\") after a chunked value, then \"short\"", key).hasValue("short");
        assertThat(plain.chunkKeys(key)).as("chunkKeys(\"%s\") once \"short\" replaced the manifest", key).isEmpty();

        plain.setLarge(key, "2".repeat(1_200_000));
        assertThat(plain.get(key)).as("get(\"%s\") after a second chunked value", key)
                .hasValue("2".repeat(1_200_000));
    }

    // ---- task 4: whole or not at all -----------------------------------------------------------------------------

    @ParameterizedTest(name = "a missing chunk makes get a miss: chunk {0} of 3 evicted")
    @ValueSource(ints = {0, 1, 2})
    @Tag("task:4")
    void a_missing_chunk_makes_get_a_miss_never_half_a_value(int missing) throws Exception {
        String key = "k12:missing-chunk-" + missing;
        forget(key);
        plain.setLarge(key, "m".repeat(2_500_000));
        String chunk = plain.chunkKeys(key).get(missing);

        client.delete(chunk).get(); // what eviction does to one chunk, and not to the others

        assertThat(plain.get(key))
                .as("get(\"%s\") with chunk %d (%s) gone: the value is lost, so it is a miss, never the chunks that"
                        + " are left", key, missing, chunk)
                .isEmpty();
    }

    @Test
    @Tag("task:4")
    void a_chunk_that_memcached_evicted_makes_get_a_miss(@Dedicated({"-m", "8"}) MemcachedServer small)
            throws Exception {
        String key = "k12:evicted";
        MemcachedClient own = new MemcachedClient(small.address());
        try {
            BigValueStore store = new BigValueStore(own, NEVER);
            store.setLarge(key, "e".repeat(2_500_000));
            String first = store.chunkKeys(key).get(0);
            RawInspector smallInspector = new RawInspector(small.address());

            // other big values arrive and memcached, out of memory, evicts the least recently used: our chunks
            // (not read in between: a read would make a chunk recently used)
            byte[] filler = new byte[900_000];
            for (int i = 0; i < 16; i++) {
                smallInspector.store("k12:filler:" + i, filler, 0);
            }
            assertThat(smallInspector.inspect(first)).as("chunk %s on a server with 8 MB, after 16 more values of"
                    + " 900,000 bytes", first).isEmpty();
            assertThat(smallInspector.inspect(key)).as("the manifest %s, read after the chunks", key).isPresent();

            assertThat(store.get(key)).as("get(\"%s\") after memcached evicted its first chunk (%s): a miss", key,
                    first).isEmpty();
        } finally {
            own.shutdown();
        }
    }

    @Test
    @Tag("task:4")
    void a_chunk_that_is_not_the_one_the_manifest_wrote_makes_get_a_miss() throws Exception {
        String key = "k12:altered-chunk";
        forget(key);
        plain.setLarge(key, "c".repeat(2_500_000));
        List<String> chunks = plain.chunkKeys(key);
        byte[] first = inspector.awaitStored(chunks.get(0)).value();

        first[first.length / 2] = 'X';
        inspector.store(chunks.get(0), first, 0);
        assertThat(plain.get(key)).as("get(\"%s\") after one byte of chunk 0 changed (same length): check what the"
                + " manifest recorded of the whole, a checksum", key).isEmpty();

        inspector.store(chunks.get(0), "short".getBytes(UTF_8), 0);
        assertThat(plain.get(key)).as("get(\"%s\") after chunk 0 was replaced by 5 bytes", key).isEmpty();
    }

    @Test
    @Tag("task:4")
    void a_write_that_fails_half_way_leaves_the_old_value_whole() throws Exception {
        String key = "k12:half-written";
        forget(key);
        String old = "o".repeat(2_500_000);
        plain.setLarge(key, old);

        WriteRecordingClient failing = new WriteRecordingClient(server.address(), key, 2);
        try {
            assertThatThrownBy(() -> new BigValueStore(failing, NEVER).setLarge(key, "n".repeat(2_500_000)))
                    .as("setLarge(\"%s\", …) whose second chunk write fails", key)
                    .hasStackTraceContaining(WriteRecordingClient.FAILURE);
        } finally {
            failing.shutdown();
        }

        assertThat(plain.get(key))
                .as("get(\"%s\") after a new value failed half-way: the old manifest must still name chunks that are"
                        + " whole (write the new chunks under new keys, the manifest last)", key)
                .hasValue(old);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    /** A client that records the keys it is asked to set, and can fail the n-th write of a chunk. */
    private static final class WriteRecordingClient extends MemcachedClient {

        static final String FAILURE = "simulated: the connection dropped while a chunk was written";

        final List<String> written = new ArrayList<>();
        private final String manifestKey;
        private final int failChunkWrite;
        private int chunkWrites;

        WriteRecordingClient(InetSocketAddress address, String manifestKey, int failChunkWrite) throws IOException {
            super(address);
            this.manifestKey = manifestKey;
            this.failChunkWrite = failChunkWrite;
        }

        @Override
        public OperationFuture<Boolean> set(String key, int exp, Object value) {
            record(key);
            return super.set(key, exp, value);
        }

        @Override
        public <T> OperationFuture<Boolean> set(String key, int exp, T value, Transcoder<T> transcoder) {
            record(key);
            return super.set(key, exp, value, transcoder);
        }

        private synchronized void record(String key) {
            if (!key.equals(manifestKey) && ++chunkWrites == failChunkWrite) {
                throw new IllegalStateException(FAILURE);
            }
            written.add(key);
        }
    }

    /** {@code bytes} bytes of repetitive ASCII text, which gzip shrinks a lot. */
    private static String text(int bytes) {
        String line = "memcached holds at most 1 MB per item, overhead included. ";
        return line.repeat(bytes / line.length() + 1).substring(0, bytes);
    }

    /** Base64 of {@code bytes} random bytes (seeded: the same every run): text gzip shrinks by a quarter at most. */
    private static String randomBase64(int bytes) {
        byte[] random = new byte[bytes];
        new Random(12).nextBytes(random);
        return Base64.getEncoder().encodeToString(random);
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip in memory failed", e);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] data) {
        try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return gzip.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("the stored bytes are not gzip", e);
        }
    }

    private void forget(String... keys) throws Exception {
        for (String key : keys) {
            client.delete(key).get();
        }
    }

}
