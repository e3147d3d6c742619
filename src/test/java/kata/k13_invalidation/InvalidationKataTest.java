package kata.k13_invalidation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import kata.support.Concurrently;
import kata.support.MemcachedExtension;
import kata.support.MemcachedServer;
import kata.support.RawInspector;
import kata.support.StoredItem;
import net.spy.memcached.MemcachedClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(MemcachedExtension.class)
@DisplayName("k13 · Invalidating a group without flush_all")
// only so that a learner starts where task 1 starts, with key; no test needs another to run first
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InvalidationKataTest {

    private static final Duration MINUTE = Duration.ofSeconds(60);
    /** Generous on purpose (2 shared cores): it bounds a hang, it never measures speed. */
    private static final Duration BOUND = Duration.ofSeconds(20);
    private static final int THREADS = 20;

    private MemcachedServer server;
    private MemcachedClient client;
    private RawInspector inspector;
    /** One service's cache. */
    private GroupCache cache;
    /** Another service's cache, on a client of its own, sharing the server. */
    private GroupCache otherService;

    @BeforeEach
    void connect(MemcachedClient client, MemcachedClient otherClient, MemcachedServer server) {
        this.server = server;
        this.client = client;
        this.inspector = new RawInspector(server.address());
        this.cache = new GroupCache(client, MINUTE);
        this.otherService = new GroupCache(otherClient, MINUTE);
    }

    // ---- task 1: the generation is part of every key --------------------------------------------------------------

    @Test
    @Order(1)
    @Tag("task:1")
    void key_is_the_group_then_the_generation_the_server_holds_then_the_id() throws Exception {
        generationIs("k13:users", "7");

        assertThat(cache.key("k13:users", "42"))
                .as("key(\"k13:users\", \"42\") while the server holds 7 under k13:users:generation: the generation"
                        + " goes into every key, <group>:v<generation>:<id>, so that bumping it changes them all")
                .isEqualTo("k13:users:v7:42");
        assertThat(cache.generation("k13:users")).as("generation(\"k13:users\") while the server holds 7")
                .isEqualTo(7);
    }

    @Test
    @Tag("task:1")
    void put_stores_text_under_the_versioned_key_for_the_entries_ttl_and_get_reads_it() throws Exception {
        generationIs("k13:profiles", "7");
        forget("k13:profiles:v7:42");

        cache.put("k13:profiles", "42", "João");

        StoredItem item = held("k13:profiles:v7:42");
        assertThat(item.valueAsUtf8()).as("put(\"k13:profiles\", \"42\", \"João\") stores under the versioned key"
                + " k13:profiles:v7:42, as UTF-8 text; it holds %s", item.describe()).isEqualTo("João");
        assertThat(item.flags()).as("a String value: flags 0, readable by any client; k13:profiles:v7:42 holds %s",
                item.describe()).isZero();
        assertThat(item.ttlSeconds())
                .as("the entries' TTL (60 s here) is what ages an old generation out once it is bumped: without it"
                        + " they stay until evicted; k13:profiles:v7:42 holds %s", item.describe())
                .isBetween(55L, 60L);
        assertThat(cache.get("k13:profiles", "42")).as("get(\"k13:profiles\", \"42\") after the put")
                .contains("João");

        cache.put("k13:profiles", "42", "Joana");
        assertThat(cache.get("k13:profiles", "42"))
                .as("get(…) after a second put of entry 42 in the same generation: put replaces it (set, not add)")
                .contains("Joana");
    }

    @Test
    @Tag("task:1")
    void get_reads_the_entry_of_the_current_generation_only() throws Exception {
        generationIs("k13:orders", "3");
        forget("k13:orders:v3:9", "k13:orders:9");
        assertThat(cache.get("k13:orders", "9")).as("get(…) of an entry nobody stored").isEmpty();

        inspector.store("k13:orders:9", bytes("unversioned"), 0);
        assertThat(cache.get("k13:orders", "9"))
                .as("get(\"k13:orders\", \"9\") reads k13:orders:v3:9, never the unversioned key k13:orders:9")
                .isEmpty();

        inspector.store("k13:orders:v3:9", bytes("pending"), 0);
        assertThat(cache.get("k13:orders", "9"))
                .as("get(\"k13:orders\", \"9\") of what another client stored under k13:orders:v3:9")
                .contains("pending");
    }

    static Stream<Arguments> badTtls() {
        return Stream.of(
                arguments(Duration.ZERO, "0 is no expiry: old generations would stay until evicted"),
                arguments(GroupCache.MAX_TTL.plusSeconds(1), "over 30 days: memcached reads it as a 1970 date"),
                arguments(Duration.ofMillis(1500), "not whole seconds: exptime has no fractions"));
    }

    @ParameterizedTest(name = "an entry ttl that cannot age old entries out is refused: {0}, {1}")
    @MethodSource("badTtls")
    @Tag("task:1")
    void an_entry_ttl_that_cannot_age_old_entries_out_is_refused(Duration ttl, String why) {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("new GroupCache(client, %s): %s", ttl, why)
                .isThrownBy(() -> new GroupCache(client, ttl))
                .withMessageContaining(ttl.toString());
    }

    @Test
    @Tag("task:1")
    void an_entry_ttl_of_1_second_or_of_30_days_is_taken() throws Exception {
        generationIs("k13:edges", "5");
        forget("k13:edges:v5:short", "k13:edges:v5:long");

        new GroupCache(client, Duration.ofSeconds(1)).put("k13:edges", "short", "s");
        new GroupCache(client, GroupCache.MAX_TTL).put("k13:edges", "long", "l");

        assertThat(held("k13:edges:v5:long").ttlSeconds()).as("an entry ttl of 30 days, the longest relative one")
                .isBetween(GroupCache.MAX_TTL.toSeconds() - 5, GroupCache.MAX_TTL.toSeconds());
        assertThat(inspector.inspect("k13:edges:v5:short").map(StoredItem::ttlSeconds))
                .as("an entry ttl of 1 s: stored to expire within a second (or already gone)")
                .satisfiesAnyOf(ttl -> assertThat(ttl).isEmpty(), ttl -> assertThat(ttl.orElseThrow()).isBetween(0L,
                        1L));
    }

    // ---- task 2: one incr invalidates the group ------------------------------------------------------------------

    @Test
    @Tag("task:2")
    void after_invalidate_no_old_entry_of_the_group_is_served() throws Exception {
        generationIs("k13:menu", "7");
        forget("k13:menu:v8:starter", "k13:menu:v8:main"); // what an earlier run left in generation 8
        cache.put("k13:menu", "starter", "soup");
        cache.put("k13:menu", "main", "fish");

        assertThat(cache.invalidate("k13:menu")).as("invalidate(\"k13:menu\") on generation 7 answers the new one")
                .isEqualTo(8);

        assertThat(cache.get("k13:menu", "starter")).as("get(\"k13:menu\", \"starter\") after invalidate: the key"
                + " is k13:menu:v8:starter now, and nothing is stored there").isEmpty();
        assertThat(cache.get("k13:menu", "main")).as("get(\"k13:menu\", \"main\") after invalidate").isEmpty();
        assertThat(held("k13:menu:generation").valueAsUtf8())
                .as("invalidate bumps the counter on the server (incr), where every service reads it")
                .isEqualTo("8");
        cache.put("k13:menu", "main", "lamb");
        assertThat(cache.get("k13:menu", "main")).as("put then get in the new generation").contains("lamb");
    }

    @Test
    @Tag("task:2")
    void invalidate_leaves_the_other_groups_untouched() throws Exception {
        generationIs("k13:shop-a", "4");
        generationIs("k13:shop-b", "4");
        forget("k13:shop-a:v5:1");
        cache.put("k13:shop-a", "1", "apples");
        cache.put("k13:shop-b", "1", "bread");

        cache.invalidate("k13:shop-a");

        assertThat(cache.get("k13:shop-b", "1"))
                .as("get(\"k13:shop-b\", \"1\") after invalidate(\"k13:shop-a\"): each group has a generation of its"
                        + " own (unlike flush_all, which empties every group of every service)")
                .contains("bread");
        assertThat(held("k13:shop-b:generation").valueAsUtf8()).as("k13:shop-b's generation after shop-a's bump")
                .isEqualTo("4");
        assertThat(cache.get("k13:shop-a", "1")).as("get(\"k13:shop-a\", \"1\") after its own invalidate").isEmpty();
    }

    @Test
    @Tag("task:2")
    void invalidate_deletes_nothing_the_old_entries_age_out_by_their_ttl() throws Exception {
        generationIs("k13:news", "20");
        cache.put("k13:news", "front", "headline");

        cache.invalidate("k13:news");

        StoredItem old = held("k13:news:v20:front");
        assertThat(old.valueAsUtf8())
                .as("the old entry k13:news:v20:front after invalidate: still on the server (one incr is the whole"
                        + " invalidation, no delete per key), unreachable, left to its TTL; it holds %s",
                        old.describe())
                .isEqualTo("headline");
        assertThat(old.ttlSeconds()).as("the old entry's TTL, which ends it; it holds %s", old.describe())
                .isBetween(50L, 60L);
    }

    // ---- task 3: two services share the generation ---------------------------------------------------------------

    @Test
    @Tag("task:3")
    void a_bump_by_one_service_hides_what_another_service_cached() throws Exception {
        generationIs("k13:accounts", "11");
        forget("k13:accounts:v12:7");
        cache.put("k13:accounts", "7", "balance 10");
        assertThat(cache.get("k13:accounts", "7")).as("this service's own entry, before any bump")
                .contains("balance 10");

        otherService.invalidate("k13:accounts");

        assertThat(cache.get("k13:accounts", "7"))
                .as("get(…) on this service after the OTHER service's invalidate: read the generation from the"
                        + " server on every call; one kept in the JVM serves the old entry until the JVM restarts")
                .isEmpty();
        otherService.put("k13:accounts", "7", "balance 25");
        assertThat(cache.get("k13:accounts", "7")).as("this service reads what the other put in the new generation")
                .contains("balance 25");
    }

    @Test
    @Tag("task:3")
    void a_generation_another_client_changed_is_used_at_the_next_call() throws Exception {
        generationIs("k13:carts", "30");
        assertThat(cache.key("k13:carts", "1")).as("key(…) while the server holds 30").isEqualTo("k13:carts:v30:1");

        generationIs("k13:carts", "31"); // what any other client's incr leaves

        assertThat(cache.key("k13:carts", "1"))
                .as("key(…) after another client moved the generation to 31: nothing in the JVM may outlive one call")
                .isEqualTo("k13:carts:v31:1");
    }

    @Test
    @Tag("task:3")
    void concurrent_bumps_from_two_services_are_all_counted() throws Exception {
        generationIs("k13:feeds", "100");

        List<Long> answers = Concurrently.run(THREADS, BOUND,
                i -> (i % 2 == 0 ? cache : otherService).invalidate("k13:feeds"));

        assertThat(held("k13:feeds:generation").valueAsUtf8())
                .as("k13:feeds:generation after %d bumps at once from two services on 100: bump with one incr, a get"
                        + " then a set loses the bumps of every thread that read the same generation", THREADS)
                .isEqualTo(String.valueOf(100 + THREADS));
        assertThat(answers).as("what the %d invalidate calls answered: each a different new generation", THREADS)
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(101, 100 + THREADS).boxed().toList());
    }

    @Test
    @Tag("task:3")
    void a_bump_by_another_service_right_after_this_one_read_the_generation_is_not_lost() throws Exception {
        generationIs("k13:events", "100");
        int[] rivalBumps = {0};
        MemcachedClient racing = racingOn("k13:events:generation", absent -> {
            otherService.invalidate("k13:events"); // the other service bumps between this one's read and its write
            rivalBumps[0]++;
        });
        try {
            new GroupCache(racing, MINUTE).invalidate("k13:events");
        } finally {
            racing.shutdown(2, TimeUnit.SECONDS);
        }

        assertThat(held("k13:events:generation").valueAsUtf8())
                .as("k13:events:generation after this service's bump and %d bump(s) of the other service on 100: a"
                        + " get then a set writes back what it read plus one and loses the other's bump; incr"
                        + " counts both", rivalBumps[0])
                .isEqualTo(String.valueOf(100 + 1 + rivalBumps[0]));
    }

    // ---- task 4: a missing generation starts fresh, never where old entries live ---------------------------------

    @Test
    @Tag("task:4")
    void a_missing_generation_starts_fresh_and_never_serves_entries_of_generation_0_or_1() throws Exception {
        forget("k13:prices:generation");
        // what an evicted generation key leaves behind: entries of old generations, still alive
        for (String old : List.of("k13:prices:v0:42", "k13:prices:v1:42", "k13:prices:v2:42")) {
            inspector.store(old, bytes("stale"), 0);
        }

        assertThat(cache.get("k13:prices", "42"))
                .as("get(\"k13:prices\", \"42\") with no generation on the server, while k13:prices:v0:42, v1 and v2"
                        + " still hold \"stale\": a generation restarted at 0 or 1 serves them; start fresh, at a"
                        + " random number from GroupCache.LOWEST_START")
                .isEmpty();
        StoredItem generation = held("k13:prices:generation");
        assertThat(generation.flags()).as("the new generation is decimal text with flags 0, what incr counts; it"
                + " holds %s", generation.describe()).isZero();
        assertThat(Long.parseLong(generation.valueAsUtf8()))
                .as("the fresh generation: random, from GroupCache.LOWEST_START (2^32) to HIGHEST_START (2^62); it"
                        + " holds %s", generation.describe())
                .isBetween(GroupCache.LOWEST_START, GroupCache.HIGHEST_START - 1);
        assertThat(generation.ttlSeconds())
                .as("the generation key has no expiry: it must outlive its group's entries (only eviction ends it);"
                        + " it holds %s", generation.describe())
                .isEqualTo(-1);
        assertThat(cache.generation("k13:prices")).as("generation(…) reads the one just created, it makes no other")
                .isEqualTo(Long.parseLong(generation.valueAsUtf8()));
    }

    @Test
    @Tag("task:4")
    void an_evicted_generation_restarts_away_from_every_generation_used_before() throws Exception {
        forget("k13:stock:generation");
        long first = cache.generation("k13:stock");
        cache.invalidate("k13:stock");
        // what the other services of a busy group bump in a day, in one step: a million generations used up
        client.incr("k13:stock:generation", 1_000_000);
        long last = cache.invalidate("k13:stock");
        cache.put("k13:stock", "9", "3 left");

        forget("k13:stock:generation"); // evicted under memory pressure: its entries outlive it

        assertThat(cache.get("k13:stock", "9"))
                .as("get(…) after the generation key was evicted, while k13:stock:v%d:9 still holds \"3 left\"", last)
                .isEmpty();
        long restarted = cache.generation("k13:stock");
        assertThat(restarted)
                .as("the restarted generation, after %d to %d were used: a start from the clock (milliseconds) lands"
                        + " among them when bumps outpace it; a random one from GroupCache.LOWEST_START does not",
                        first, last)
                .matches(generation -> generation < first || generation > last, "outside " + first + " to " + last);
    }

    @Test
    @Tag("task:4")
    void invalidate_of_a_missing_generation_starts_fresh_not_at_1() throws Exception {
        forget("k13:tags:generation");
        inspector.store("k13:tags:v0:java", bytes("stale"), 0);
        inspector.store("k13:tags:v1:java", bytes("stale"), 0);

        long fresh = cache.invalidate("k13:tags");

        assertThat(fresh)
                .as("invalidate(…) with no generation on the server: incr answers NOT_FOUND (spymemcached -1), it"
                        + " creates nothing; neither -1, nor 0, nor 1 (what incr with a default of 1 creates): a fresh"
                        + " generation, from GroupCache.LOWEST_START")
                .isBetween(GroupCache.LOWEST_START, GroupCache.HIGHEST_START - 1);
        assertThat(held("k13:tags:generation").valueAsUtf8()).as("k13:tags:generation after that invalidate")
                .isEqualTo(String.valueOf(fresh));
        assertThat(cache.get("k13:tags", "java")).as("get(…) while k13:tags:v0:java and v1 hold \"stale\"").isEmpty();
    }

    @Test
    @Tag("task:4")
    void services_that_find_no_generation_at_once_agree_on_one() throws Exception {
        forget("k13:catalog:generation");

        List<Long> seen = Concurrently.run(THREADS, BOUND,
                i -> (i % 2 == 0 ? cache : otherService).generation("k13:catalog"));

        long held = Long.parseLong(held("k13:catalog:generation").valueAsUtf8());
        assertThat(seen)
                .as("generation(…) from %d threads of two services that all found none: create it with add, which"
                        + " stores only when the key is absent; with set, each writes its own random start and"
                        + " entries written in one are lost to the others", THREADS)
                .containsOnly(held);
    }

    @Test
    @Tag("task:4")
    void a_generation_another_service_created_right_after_this_one_found_none_is_the_one_used() throws Exception {
        forget("k13:brands:generation");
        long[] theirs = {0};
        MemcachedClient racing = racingOn("k13:brands:generation", absent -> {
            if (absent) {
                theirs[0] = otherService.generation("k13:brands"); // the other service creates it in between
            }
        });
        long ours;
        try {
            ours = new GroupCache(racing, MINUTE).generation("k13:brands");
        } finally {
            racing.shutdown(2, TimeUnit.SECONDS);
        }

        assertThat(ours)
                .as("generation(…) that found none, while the other service created %d before this one wrote its own:"
                        + " create with add, and when add answers false use theirs; set overwrites it, and add's"
                        + " answer ignored keeps a generation nobody else reads", theirs[0])
                .isEqualTo(theirs[0]);
        assertThat(held("k13:brands:generation").valueAsUtf8()).as("k13:brands:generation after both")
                .isEqualTo(String.valueOf(theirs[0]));
    }

    /**
     * A client of its own whose first {@code get(watched)} lets the other service act right after the read, as a
     * race on two machines would: {@code rival} learns whether the key was absent.
     */
    private MemcachedClient racingOn(String watched, Consumer<Boolean> rival) throws Exception {
        return new MemcachedClient(server.address()) {
            private boolean raced;

            @Override
            public Object get(String key) {
                Object held = super.get(key);
                if (!raced && key.equals(watched)) {
                    raced = true;
                    rival.accept(held == null);
                }
                return held;
            }
        };
    }

    private void generationIs(String group, String generation) {
        // what incr counts, as any client stores it: decimal text, flags 0, no expiry
        inspector.store(group + ":generation", bytes(generation), 0);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private void forget(String... keys) throws Exception {
        for (String key : keys) {
            client.delete(key).get();
        }
    }

    /** What the server holds under {@code key}, read past the learner's client (every write here has been answered). */
    private StoredItem held(String key) {
        return inspector.inspect(key).orElseThrow(() -> new AssertionError(key + " is not on the server: the code"
                + " under test should have stored it, and nothing here expires within a minute"));
    }
}
