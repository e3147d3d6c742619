package kata.k15_eviction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import kata.shared.CacheCounters;
import kata.shared.EvictionReport;
import kata.support.Dedicated;
import kata.support.MemcachedExtension;
import kata.support.MemcachedServer;
import kata.support.RawInspector;
import kata.support.StoredItem;
import net.spy.memcached.MemcachedClient;
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
@DisplayName("k15 · Eviction: a cache, not a database")
// only so that a learner starts where task 1 starts, with a miss; no test needs another to run first
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EvictionKataTest {

    private static final int MINUTE = 60;
    /** 2 MB of item memory: room for about 900 values of {@link #SMALL} bytes, so a flood of 3000 must evict. */
    private static final String[] TINY = {"-m", "2"};
    /** The flood's values: 2000 bytes, memcached's slab class of 2.3 KB chunks here. */
    private static final int SMALL = 2000;
    /** Values of another slab class: 15000 bytes (under 16 KB, which spymemcached would send compressed). */
    private static final int LARGE = 15_000;

    /** A source of truth that counts how often each key was loaded: a second load of a key is a cache miss. */
    private static final class Source implements Function<String, String> {
        private final Map<String, AtomicInteger> loads = new ConcurrentHashMap<>();
        private final int size;

        Source(int size) {
            this.size = size;
        }

        @Override
        public String apply(String key) {
            loads.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            return valueOf(key, size);
        }

        int loads(String key) {
            AtomicInteger n = loads.get(key);
            return n == null ? 0 : n.get();
        }
    }

    /** The key's value, padded to {@code size} characters (ASCII: as many bytes). */
    private static String valueOf(String key, int size) {
        String head = "value of " + key + " ";
        return head + "x".repeat(Math.max(0, size - head.length()));
    }

    private static String unique(String name) {
        return "k15:" + name + ":" + UUID.randomUUID();
    }

    // ---- task 1: a read-through cache ---------------------------------------------------------------------------

    @Test
    @Order(1)
    @Tag("task:1")
    void a_miss_loads_the_value_from_the_source_and_stores_it_as_text_for_the_ttl(MemcachedClient client,
                                                                                 MemcachedServer server) {
        String key = unique("user");
        Source source = new Source(40);

        String value = new ReadThrough(client, source, MINUTE).get(key);

        assertThat(value).as("get(%s) of a key memcached does not hold: the source's value", key)
                .isEqualTo(valueOf(key, 40));
        assertThat(source.loads(key)).as("get(%s) of a missing key asks the source once", key).isEqualTo(1);
        StoredItem item = stored(server, key);
        assertThat(item.valueAsUtf8()).as("after a miss, memcached holds the loaded value; %s holds %s", key,
                item.describe()).isEqualTo(value);
        assertThat(item.flags()).as("store the value as a String (flags 0, UTF-8): what other clients read; %s"
                + " holds %s", key, item.describe()).isZero();
        assertThat(item.ttlSeconds()).as("store it with the ttl the ReadThrough was given (60 s); %s holds %s", key,
                item.describe()).isBetween(55L, 60L);
    }

    @Test
    @Order(2)
    @Tag("task:1")
    void a_hit_is_answered_by_memcached_without_asking_the_source(MemcachedClient client, MemcachedServer server) {
        String key = unique("user");
        new RawInspector(server.address()).store(key, "cached".getBytes(StandardCharsets.UTF_8), 0);
        Source source = new Source(40);
        ReadThrough cache = new ReadThrough(client, source, MINUTE);

        assertThat(cache.get(key)).as("get(%s) of a key memcached holds: memcached's value", key)
                .isEqualTo("cached");
        assertThat(cache.get(key)).as("get(%s) again: still memcached's value", key).isEqualTo("cached");
        assertThat(source.loads(key)).as("a hit never asks the source: read memcached first (client.get), and"
                + " load only when it answers null").isZero();
    }

    @Test
    @Tag("task:1")
    void the_second_read_of_a_loaded_key_is_a_hit(MemcachedClient client) {
        String key = unique("user");
        Source source = new Source(40);
        ReadThrough cache = new ReadThrough(client, source, MINUTE);

        cache.get(key);
        String again = cache.get(key);

        assertThat(again).as("get(%s) a second time: the value stored after the first", key)
                .isEqualTo(valueOf(key, 40));
        assertThat(source.loads(key)).as("get(%s) twice: one load, then a hit on what the miss stored", key)
                .isEqualTo(1);
    }

    @ParameterizedTest(name = "ttl {0} s")
    @ValueSource(ints = {0, -1, 2_592_001})
    @Tag("task:1")
    void a_ttl_memcached_would_misread_is_refused(int ttl, MemcachedClient client) {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("new ReadThrough(…, ttl %d): 0 never expires and over 30 days (2592000 s) is read as a Unix"
                        + " time; refuse it with an IllegalArgumentException that names the ttl", ttl)
                .isThrownBy(() -> new ReadThrough(client, new Source(40), ttl))
                .withMessageContaining("ttl " + ttl);
    }

    @ParameterizedTest(name = "ttl {0} s")
    @ValueSource(ints = {1, 2_592_000})
    @Tag("task:1")
    void the_shortest_and_longest_relative_ttls_are_accepted(int ttl, MemcachedClient client) {
        String key = unique("ttl");
        AtomicReference<String> value = new AtomicReference<>();

        assertThatNoException().as("new ReadThrough(…, ttl %d).get(%s): 1 s and 30 days are both relative ttls",
                ttl, key).isThrownBy(() -> value.set(new ReadThrough(client, new Source(40), ttl).get(key)));
        assertThat(value.get()).as("get(%s) with ttl %d: the source's value", key, ttl).isEqualTo(valueOf(key, 40));
    }

    @Test
    @Tag("task:1")
    void a_source_that_gives_null_is_named_in_the_error(MemcachedClient client) {
        String key = unique("nobody");
        ReadThrough cache = new ReadThrough(client, k -> null, MINUTE);

        assertThatExceptionOfType(NullPointerException.class)
                .as("get(%s) when the source gives null: a NullPointerException that names the key", key)
                .isThrownBy(() -> cache.get(key)).withMessageContaining(key);
    }

    // ---- task 2: an evicted key is a normal miss ----------------------------------------------------------------

    @Test
    @Tag("task:2")
    void a_key_evicted_after_it_was_stored_is_loaded_again_like_any_miss(@Dedicated({"-m", "2"}) MemcachedServer tiny)
            throws Exception {
        on(tiny, client -> {
            Source source = new Source(SMALL);
            ReadThrough cache = new ReadThrough(client, source, MINUTE);
            String first = "k15:first";
            cache.get(first);
            RawInspector inspector = new RawInspector(tiny.address());
            assertThat(stored(tiny, first).valueAsUtf8()).as("the ReadThrough stores %s after its first miss", first)
                    .isEqualTo(valueOf(first, SMALL));

            List<Boolean> answers = flood(client, "k15:flood:", 3000, SMALL);

            assertThat(answers).as("every set of the flood answered STORED: a full memcached makes room,"
                    + " it does not refuse").containsOnly(true);
            assertThat(inspector.inspect(first)).as("%s, STORED before a flood of 3000 values into 2 MB, is gone:"
                    + " evicted", first).isEmpty();
            assertThat(Long.parseLong(inspector.stats().get("evictions"))).as("stats evictions after the flood")
                    .isPositive();

            AtomicReference<String> again = new AtomicReference<>();
            assertThatNoException().as("get(%s) after memcached evicted it: a miss like any other, never an error"
                    + " (memcached owes you nothing it STORED)", first).isThrownBy(() -> again.set(cache.get(first)));
            assertThat(again.get()).as("get(%s) after it was evicted: the source's value again", first)
                    .isEqualTo(valueOf(first, SMALL));
            assertThat(source.loads(first)).as("get(%s) after it was evicted asks the source again: memcached is"
                    + " the only copy to trust, and it no longer has one", first).isEqualTo(2);
            assertThat(stored(tiny, first).valueAsUtf8()).as("after the reload, memcached holds %s again", first)
                    .isEqualTo(valueOf(first, SMALL));
        });
    }

    @Test
    @Tag("task:2")
    void a_key_read_during_a_flood_survives_it_while_keys_nobody_reads_are_evicted(
            @Dedicated({"-m", "2"}) MemcachedServer tiny) throws Exception {
        on(tiny, client -> {
            Source source = new Source(SMALL);
            ReadThrough cache = new ReadThrough(client, source, MINUTE);
            String hot = "k15:hot";
            String cold = "k15:cold";
            cache.get(hot);
            cache.get(cold);

            for (int i = 0; i < 3000; i++) {
                cache.get("k15:flood:" + i);
                if (i % 10 == 0) {
                    cache.get(hot);
                }
            }

            assertThat(Long.parseLong(new RawInspector(tiny.address()).stats().get("evictions")))
                    .as("stats evictions after 3000 values of 2000 bytes into 2 MB").isPositive();
            assertThat(source.loads("k15:flood:0")).as("the flood's first key was loaded once").isEqualTo(1);
            cache.get(cold);
            assertThat(source.loads(cold)).as("get(%s), a key nobody read during the flood: evicted, so loaded"
                    + " again", cold).isEqualTo(2);
            assertThat(source.loads(hot)).as("get(%s), read every 10 keys of the flood, was always a hit: memcached"
                    + " keeps what is read (its LRU moves it to WARM) and evicts the COLD tail", hot).isEqualTo(1);
            System.out.println("k15 · after the flood, " + slabClassOf(client, SMALL));
        });
    }

    // ---- task 3: the whole server's counters --------------------------------------------------------------------

    /** A server's stats as sent, each counter with a value no other one has, and stats the check must ignore. */
    private static Map<String, String> sample() {
        Map<String, String> raw = new LinkedHashMap<>();
        raw.put("uptime", "86400");
        raw.put("cmd_get", "9000000000");
        raw.put("cmd_set", "7000000001");
        raw.put("get_hits", "6000000002");
        raw.put("get_misses", "3000000003");
        raw.put("get_expired", "4");
        raw.put("evictions", "5000000005");
        raw.put("evicted_unfetched", "6");
        raw.put("curr_items", "7");
        return raw;
    }

    @Test
    @Tag("task:3")
    void parse_reads_each_counter_by_its_name_past_32_bits() {
        AtomicReference<CacheCounters> parsed = new AtomicReference<>();
        assertThatNoException().as("parse(stats with cmd_set \"7000000001\"): memcached's counters are 64-bit,"
                + " read them with Long.parseLong").isThrownBy(() -> parsed.set(EvictionCheck.parse(sample())));
        assertThat(parsed.get()).as("parse(%s): cmd_set, evictions, get_hits, get_misses, each into its field",
                sample()).isEqualTo(new CacheCounters(7_000_000_001L, 5_000_000_005L, 6_000_000_002L,
                3_000_000_003L));
    }

    @ParameterizedTest(name = "without {0}")
    @ValueSource(strings = {"cmd_set", "evictions", "get_hits", "get_misses"})
    @Tag("task:3")
    void a_missing_counter_is_named_in_the_error(String stat) {
        Map<String, String> raw = sample();
        raw.remove(stat);

        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("parse(stats without %s): an IllegalArgumentException that names it", stat)
                .isThrownBy(() -> EvictionCheck.parse(raw)).withMessageContaining(stat);
    }

    @ParameterizedTest(name = "{0} not a number")
    @ValueSource(strings = {"cmd_set", "evictions", "get_hits", "get_misses"})
    @Tag("task:3")
    void a_counter_that_is_not_a_number_is_named_in_the_error(String stat) {
        Map<String, String> raw = sample();
        raw.put(stat, "12.5");

        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("parse(stats where %s is \"12.5\"): an IllegalArgumentException that names it and its text",
                        stat)
                .isThrownBy(() -> EvictionCheck.parse(raw)).withMessageContaining(stat).withMessageContaining("12.5");
    }

    @Test
    @Tag("task:3")
    void a_snapshot_counts_the_evictions_of_every_slab_class_not_one(@Dedicated({"-m", "2"}) MemcachedServer tiny)
            throws Exception {
        on(tiny, client -> {
            // the large first: each class has its first 1 MB page even past -m, so then both are full and evict
            flood(client, "k15:large:", 300, LARGE);
            flood(client, "k15:small:", 1500, SMALL);
            RawInspector inspector = new RawInspector(tiny.address());
            Map<String, Long> evictedByClass = evictedByClass(client);

            CacheCounters snapshot = new EvictionCheck(client).snapshot();

            Map<String, String> stats = inspector.stats();
            assertThat(evictedByClass).as("stats items after floods of 15000- and 2000-byte values: two slab"
                    + " classes evicted (items:<class>:evicted)").hasSizeGreaterThanOrEqualTo(2);
            long total = evictedByClass.values().stream().mapToLong(Long::longValue).sum();
            assertThat(Long.parseLong(stats.get("evictions"))).as("stats evictions is the sum of every class's"
                    + " evicted (%s)", evictedByClass).isEqualTo(total);
            assertThat(snapshot).as("snapshot() after floods that evicted in %d slab classes (%s): the server's"
                    + " general stats (cmd_set, evictions, get_hits, get_misses), never one class's stats items",
                    evictedByClass.size(), evictedByClass).isEqualTo(EvictionCheck.parse(stats));
            System.out.println("k15 · two sizes into 2 MB: " + new TreeMap<>(evictedByClass) + ", evictions "
                    + stats.get("evictions") + ", total_malloced "
                    + client.getStats("slabs").values().iterator().next().get("total_malloced"));
        });
    }

    @Test
    @Tag("task:3")
    void each_snapshot_reads_the_counters_as_they_are_now(@Dedicated MemcachedServer own) throws Exception {
        on(own, client -> {
            EvictionCheck check = new EvictionCheck(client);
            CacheCounters before = check.snapshot();
            client.set("k15:a", MINUTE, "1").get();
            client.set("k15:b", MINUTE, "2").get();
            client.set("k15:c", MINUTE, "3").get();
            client.get("k15:a");
            client.get("k15:b");
            client.get("k15:missing");

            CacheCounters after = check.snapshot();

            assertThat(new long[] {after.sets() - before.sets(), after.evictions() - before.evictions(),
                    after.hits() - before.hits(), after.misses() - before.misses()})
                    .as("two snapshots around 3 sets, 2 hits and 1 miss (sets, evictions, hits, misses): snapshot()"
                            + " asks the server each time (client.getStats())")
                    .containsExactly(3, 0, 2, 1);
        });
    }

    // ---- task 4: rates from deltas ------------------------------------------------------------------------------

    @Test
    @Tag("task:4")
    void the_report_is_the_growth_between_the_snapshots_not_the_totals() {
        CacheCounters before = new CacheCounters(1000, 300, 500, 500);
        CacheCounters after = new CacheCounters(1400, 400, 530, 510);

        EvictionReport report = EvictionCheck.between(before, after);

        assertThat(new long[] {report.sets(), report.evictions(), report.hits(), report.misses()})
                .as("between(%s, %s): after minus before, counter by counter (sets, evictions, hits, misses); the"
                        + " totals count everything since the server started", before, after)
                .containsExactly(400, 100, 30, 10);
        assertThat(report.evictionRate().orElse(-1)).as("eviction rate: evictions / sets of the interval, 100/400")
                .isCloseTo(0.25, within(1e-9));
        assertThat(report.hitRate().orElse(-1)).as("hit rate: hits / (hits + misses) of the interval, 30/40")
                .isCloseTo(0.75, within(1e-9));
    }

    @Test
    @Tag("task:4")
    void without_gets_there_is_no_hit_rate_and_without_sets_no_eviction_rate() {
        CacheCounters start = new CacheCounters(10, 2, 5, 5);

        EvictionReport idle = EvictionCheck.between(start, start);
        EvictionReport onlySets = EvictionCheck.between(start, new CacheCounters(20, 3, 5, 5));
        EvictionReport onlyGets = EvictionCheck.between(start, new CacheCounters(10, 2, 6, 6));

        assertThat(idle.hitRate()).as("no gets between the snapshots: no hit rate (empty), not 0/0 or 0 %%")
                .isEqualTo(OptionalDouble.empty());
        assertThat(idle.evictionRate()).as("no sets between the snapshots: no eviction rate (empty), not 0/0")
                .isEqualTo(OptionalDouble.empty());
        assertThat(onlySets.hitRate()).as("10 sets and no gets: still no hit rate").isEqualTo(OptionalDouble.empty());
        assertThat(onlySets.evictionRate()).as("10 sets, 1 eviction").isEqualTo(OptionalDouble.of(0.1));
        assertThat(onlyGets.evictionRate()).as("2 gets and no sets: still no eviction rate")
                .isEqualTo(OptionalDouble.empty());
        assertThat(onlyGets.hitRate()).as("1 hit, 1 miss").isEqualTo(OptionalDouble.of(0.5));
    }

    @Test
    @Tag("task:4")
    void a_miss_only_interval_has_a_hit_rate_of_zero() {
        EvictionReport report = EvictionCheck.between(new CacheCounters(0, 0, 7, 0), new CacheCounters(0, 0, 7, 4));

        assertThat(report.hitRate()).as("0 hits and 4 misses: a hit rate of 0.0, which is a rate, unlike no gets")
                .isEqualTo(OptionalDouble.of(0.0));
    }

    @ParameterizedTest(name = "{0} went down")
    @ValueSource(strings = {"sets", "evictions", "hits", "misses"})
    @Tag("task:4")
    void a_counter_that_went_down_means_a_restart(String counter) {
        CacheCounters before = new CacheCounters(10, 10, 10, 10);
        CacheCounters after = new CacheCounters(counter.equals("sets") ? 9 : 10, counter.equals("evictions") ? 9 : 10,
                counter.equals("hits") ? 9 : 10, counter.equals("misses") ? 9 : 10);

        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("between(%s, %s): counters only grow, so %s going down means memcached restarted; an"
                        + " IllegalArgumentException that says restart and names the counter", before, after, counter)
                .isThrownBy(() -> EvictionCheck.between(before, after))
                .withMessageContaining("restart").withMessageContaining(counter);
    }

    @Test
    @Tag("task:4")
    void describe_writes_one_line_with_both_rates_or_says_there_is_none() {
        EvictionReport busy = new EvictionReport(400, 100, 60, 20, OptionalDouble.of(0.25), OptionalDouble.of(0.75));
        EvictionReport idle = new EvictionReport(0, 0, 0, 0, OptionalDouble.empty(), OptionalDouble.empty());

        assertThat(EvictionCheck.describe(busy)).as("describe(%s)", busy)
                .isEqualTo("400 sets, 100 evictions (25.0 % of sets); 80 gets, 60 hits (75.0 %)");
        assertThat(EvictionCheck.describe(idle)).as("describe(%s)", idle)
                .isEqualTo("0 sets, 0 evictions (no sets); 0 gets, 0 hits (no gets)");
    }

    @Test
    @Tag("task:4")
    void a_flood_into_a_tiny_server_reports_its_evictions_and_its_hits(@Dedicated({"-m", "2"}) MemcachedServer tiny)
            throws Exception {
        on(tiny, client -> {
            flood(client, "k15:warmup:", 1500, SMALL);
            EvictionCheck check = new EvictionCheck(client);
            CacheCounters before = check.snapshot();
            flood(client, "k15:flood:", 1000, SMALL);
            client.set("k15:fresh", MINUTE, "1").get();
            for (int i = 0; i < 3; i++) {
                client.get("k15:fresh");
            }
            client.get("k15:warmup:0");

            EvictionReport report = EvictionCheck.between(before, check.snapshot());

            assertThat(new long[] {report.sets(), report.hits(), report.misses()})
                    .as("a report after a warm-up, then 1001 sets, 3 hits and 1 miss (sets, hits, misses): the"
                            + " interval's growth, never the server's totals")
                    .containsExactly(1001, 3, 1);
            assertThat(report.evictions()).as("a full server makes room for each new value: about one eviction"
                    + " per set in the interval").isBetween(900L, 1001L);
            assertThat(report.hitRate()).as("3 hits, 1 miss").isEqualTo(OptionalDouble.of(0.75));
            System.out.println("k15 · a flood into 2 MB: " + EvictionCheck.describe(report));
        });
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** What a test does with a client of its own server. */
    private interface ClientWork {
        void run(MemcachedClient client) throws Exception;
    }

    /** Runs {@code work} with a client connected to {@code server}, and shuts the client down whatever happens. */
    private static void on(MemcachedServer server, ClientWork work) throws Exception {
        MemcachedClient client = new MemcachedClient(server.address());
        try {
            work.run(client);
        } finally {
            client.shutdown(5, TimeUnit.SECONDS);
        }
    }

    /** Sets {@code count} values of {@code size} bytes, pipelined, and returns memcached's answers (true: STORED). */
    private static List<Boolean> flood(MemcachedClient client, String prefix, int count, int size) throws Exception {
        List<Future<Boolean>> futures = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            futures.add(client.set(prefix + i, MINUTE, valueOf(prefix + i, size)));
        }
        List<Boolean> answers = new ArrayList<>(count);
        for (Future<Boolean> future : futures) {
            answers.add(future.get(20, TimeUnit.SECONDS));
        }
        return answers;
    }

    /** What {@code stats slabs} and {@code stats items} say of the one slab class that holds items. */
    private static String slabClassOf(MemcachedClient client, int size) {
        Map<String, String> items = client.getStats("items").values().iterator().next();
        Map<String, String> slabs = client.getStats("slabs").values().iterator().next();
        String id = items.keySet().stream().filter(name -> name.endsWith(":number")).map(name -> name.split(":")[1])
                .findFirst().orElse("?");
        Function<String, String> item = name -> items.get("items:" + id + ":" + name);
        Function<String, String> slab = name -> slabs.get(id + ":" + name);
        return "slab class " + id + " (values of " + size + " bytes; chunks of " + slab.apply("chunk_size")
                + " bytes, " + slab.apply("chunks_per_page") + " a page, " + slab.apply("total_pages") + " pages): "
                + item.apply("number") + " items (hot " + item.apply("number_hot") + ", warm "
                + item.apply("number_warm") + ", cold " + item.apply("number_cold") + "), evicted "
                + item.apply("evicted") + " (unfetched " + item.apply("evicted_unfetched") + "), moves_to_warm "
                + item.apply("moves_to_warm") + ", hits_to_cold " + item.apply("hits_to_cold") + ", hits_to_warm "
                + item.apply("hits_to_warm");
    }

    /** {@code items:<class>:evicted} of every slab class that evicted something. */
    private static Map<String, Long> evictedByClass(MemcachedClient client) {
        Map<String, Long> evicted = new HashMap<>();
        client.getStats("items").values().iterator().next().forEach((name, value) -> {
            if (name.endsWith(":evicted") && Long.parseLong(value) > 0) {
                evicted.put(name, Long.parseLong(value));
            }
        });
        return evicted;
    }

    /** What memcached holds at {@code key}, waiting a little for a set the code under test did not wait for. */
    private static StoredItem stored(MemcachedServer server, String key) {
        RawInspector inspector = new RawInspector(server.address());
        AtomicReference<StoredItem> item = new AtomicReference<>();
        await("memcached to hold " + key).atMost(Duration.ofSeconds(5)).untilAsserted(() -> item.set(
                inspector.inspect(key).orElseThrow(() -> new AssertionError("memcached holds nothing at " + key
                        + " after get(" + key + ") missed: store what the source gave (client.set(key, ttl,"
                        + " value))"))));
        return item.get();
    }
}
