package kata.k10_counters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import kata.shared.NotACounterException;
import kata.support.Concurrently;
import kata.support.MemcachedExtension;
import kata.support.MemcachedServer;
import kata.support.RawInspector;
import kata.support.StoredItem;
import kata.support.WriterFirstClient;
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
@DisplayName("k10 · Counters and a rate limiter")
// only so that a learner starts where task 1 starts, with set; no test needs another to run first
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CountersKataTest {

    private static final Duration MINUTE = Duration.ofSeconds(60);
    /** Generous on purpose (2 shared cores): it bounds a hang, it never measures speed. */
    private static final Duration BOUND = Duration.ofSeconds(20);
    private static final int THREADS = 50;
    /** 2^64 - 2, the largest counter but one: memcached's counters are unsigned 64-bit. */
    private static final long TWO_TO_THE_64_MINUS_2 = Long.parseUnsignedLong("18446744073709551614");

    private MemcachedClient client;
    private MemcachedServer server;
    private RawInspector inspector;
    private Counters counters;

    @BeforeEach
    void connect(MemcachedClient client, MemcachedServer server) {
        this.client = client;
        this.server = server;
        this.inspector = new RawInspector(server.address());
        this.counters = new Counters(client);
    }

    // ---- task 1: counters are decimal text, counted on the server ------------------------------------------------

    @Test
    @Order(1)
    @Tag("task:1")
    void set_stores_the_counter_as_decimal_text_with_flags_0() throws Exception {
        forget("k10:hits");

        counters.set("k10:hits", 42, MINUTE);

        StoredItem item = inspector.awaitStored("k10:hits");
        assertThat(item.flags())
                .as("store the counter as a String (flags 0): incr counts only decimal text, and spymemcached writes"
                        + " an Integer or a Long in binary (flags 512, 768); k10:hits after set(…, 42, 60 s)"
                        + " holds %s",
                        item.describe())
                .isZero();
        assertThat(item.valueAsUtf8()).as("the counter's decimal text; k10:hits holds %s", item.describe())
                .isEqualTo("42");
        assertThat(item.ttlSeconds()).as("set(…, 60 s) stores with exptime 60; k10:hits holds %s", item.describe())
                .isBetween(55L, 60L);
        assertThat(counters.value("k10:hits")).as("value(\"k10:hits\") after set(…, 42, …)").hasValue(42);
    }

    @Test
    @Tag("task:1")
    void increment_counts_on_the_server_and_returns_the_new_value() throws Exception {
        forget("k10:visits");
        counters.set("k10:visits", 10, MINUTE);

        assertThat(counters.increment("k10:visits", 5)).as("increment(\"k10:visits\", 5) on 10: incr answers 15")
                .hasValue(15);
        assertThat(counters.increment("k10:visits", 0)).as("increment(\"k10:visits\", 0) on 15 changes nothing")
                .hasValue(15);
        assertThat(inspector.awaitStored("k10:visits").valueAsUtf8())
                .as("the server holds the count: incr changed it there (another client sees it); k10:visits holds")
                .isEqualTo("15");
    }

    @Test
    @Tag("task:1")
    void decrement_counts_down_on_the_server_and_value_reads_what_decr_left() throws Exception {
        forget("k10:stock");
        counters.set("k10:stock", 100, MINUTE);

        assertThat(counters.decrement("k10:stock", 1)).as("decrement(\"k10:stock\", 1) on 100: decr answers 99")
                .hasValue(99);
        StoredItem item = inspector.awaitStored("k10:stock");
        assertThat(counters.value("k10:stock"))
                .as("value(\"k10:stock\") after 100 - 1: decr keeps the old length and pads with spaces, so the"
                        + " server holds %s; trim the text before you parse it", item.describe())
                .hasValue(99);
    }

    @Test
    @Tag("task:1")
    void value_reads_a_counter_another_client_wrote_and_is_empty_when_there_is_none() throws Exception {
        forget("k10:written-elsewhere");
        assertThat(counters.value("k10:written-elsewhere")).as("value(…) of a key memcached does not hold").isEmpty();

        // what any other client (pymemcache's client.set(key, 7), a shell with memccat) stores: text, flags 0
        inspector.store("k10:written-elsewhere", "7".getBytes(StandardCharsets.US_ASCII), 0);

        assertThat(counters.value("k10:written-elsewhere")).as("value(…) of the text \"7\" another client stored")
                .hasValue(7);
    }

    @Test
    @Tag("task:1")
    void fifty_concurrent_increments_count_fifty_with_no_update_lost() throws Exception {
        forget("k10:concurrent");
        counters.set("k10:concurrent", 0, MINUTE);

        List<OptionalLong> answers = Concurrently.run(THREADS, BOUND, i -> counters.increment("k10:concurrent", 1));

        assertThat(counters.value("k10:concurrent"))
                .as("increment with incr, one atomic step on the server: a get then a set loses the updates of"
                        + " every thread that read the same value; k10:concurrent after %d increments at once", THREADS)
                .hasValue(THREADS);
        assertThat(answers).as("what the %d increments returned: each a different new value, 1 to %d", THREADS,
                        THREADS)
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, THREADS).mapToObj(OptionalLong::of)
                        .toList());
    }

    @Test
    @Tag("task:1")
    void a_negative_delta_is_refused_before_it_reaches_memcached() throws Exception {
        forget("k10:negative");
        counters.set("k10:negative", 5, MINUTE);

        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("increment(…, -1): memcached's deltas are unsigned and it refuses \"incr k -1\"; refuse it first")
                .isThrownBy(() -> counters.increment("k10:negative", -1))
                .withMessageContaining("-1");
        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("decrement(…, -1): the same rule for decr")
                .isThrownBy(() -> counters.decrement("k10:negative", -1))
                .withMessageContaining("-1");
        assertThat(inspector.awaitStored("k10:negative").valueAsUtf8()).as("k10:negative after the refused deltas: untouched")
                .isEqualTo("5");
    }

    static Stream<Arguments> badTtls() {
        return Stream.of(
                arguments(Duration.ofSeconds(-1), "negative: memcached reads it as already expired"),
                arguments(Duration.ofDays(30).plusSeconds(1), "over 30 days: memcached reads it as a 1970 date"),
                arguments(Duration.ofMillis(1500), "not whole seconds: exptime has no fractions"));
    }

    @ParameterizedTest(name = "a ttl memcached cannot take is refused: {0}, {1}")
    @MethodSource("badTtls")
    @Tag("task:1")
    void a_ttl_memcached_cannot_take_is_refused_and_nothing_is_stored(Duration ttl, String why) throws Exception {
        forget("k10:bad-ttl");

        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("set(\"k10:bad-ttl\", 1, %s): %s", ttl, why)
                .isThrownBy(() -> counters.set("k10:bad-ttl", 1, ttl))
                .withMessageContaining(ttl.toString());
        assertThat(inspector.inspect("k10:bad-ttl")).as("k10:bad-ttl after the refused set").isEmpty();
    }

    @Test
    @Tag("task:1")
    void a_ttl_of_0_or_of_30_days_is_taken() throws Exception {
        forget("k10:no-expiry", "k10:thirty-days");

        counters.set("k10:no-expiry", 1, Duration.ZERO);
        counters.set("k10:thirty-days", 1, Counters.MAX_TTL);

        assertThat(inspector.awaitStored("k10:no-expiry").ttlSeconds()).as("set(…, Duration.ZERO): exptime 0, no expiry (-1 left)")
                .isEqualTo(-1);
        assertThat(inspector.awaitStored("k10:thirty-days").ttlSeconds()).as("set(…, 30 days): the longest relative exptime")
                .isBetween(Counters.MAX_TTL.toSeconds() - 5, Counters.MAX_TTL.toSeconds());
    }

    // ---- task 2: missing, not a counter, created once, stops at 0, wraps at 2^64 ---------------------------------

    @Test
    @Tag("task:2")
    void a_missing_counter_is_empty_not_zero_and_is_not_created() throws Exception {
        forget("k10:missing");

        assertThat(counters.increment("k10:missing", 1))
                .as("increment(…) of a key memcached does not hold: incr answers NOT_FOUND, spymemcached -1; that is"
                        + " no counter, not a counter at 0 (nor at 2^64 - 1)")
                .isEmpty();
        assertThat(counters.decrement("k10:missing", 1)).as("decrement(…) of a key memcached does not hold")
                .isEmpty();
        assertThat(inspector.inspect("k10:missing").map(StoredItem::describe))
                .as("incr and decr never create a counter; k10:missing after both").isEmpty();
    }

    static Stream<Arguments> notCounters() {
        return Stream.of(
                arguments("an Integer stored by spymemcached's default transcoder (flags 512)",
                        (Consumer<CountersKataTest>) test -> test.storeAsJavaInteger("k10:not-a-counter", 7)),
                arguments("a word", (Consumer<CountersKataTest>) test -> test.inspector.store("k10:not-a-counter",
                        "seven".getBytes(StandardCharsets.US_ASCII), 0)),
                arguments("a negative number", (Consumer<CountersKataTest>) test -> test.inspector.store(
                        "k10:not-a-counter", "-7".getBytes(StandardCharsets.US_ASCII), 0)));
    }

    @ParameterizedTest(name = "a key that is not a counter is an error, not a miss: {0}")
    @MethodSource("notCounters")
    @Tag("task:2")
    void a_key_that_is_not_a_counter_is_an_error_not_a_miss(String what, Consumer<CountersKataTest> write)
            throws Exception {
        forget("k10:not-a-counter");
        write.accept(this);
        String held = inspector.awaitStored("k10:not-a-counter").describe();

        assertThatExceptionOfType(NotACounterException.class)
                .as("value(\"k10:not-a-counter\") holding %s (%s): it exists, it is not a counter", what, held)
                .isThrownBy(() -> counters.value("k10:not-a-counter"))
                .withMessageContaining("k10:not-a-counter");
        // last: memcached's CLIENT_ERROR makes spymemcached drop this connection (the log says "Reconnection")
        assertThatExceptionOfType(NotACounterException.class)
                .as("increment(\"k10:not-a-counter\", 1) holding %s (%s): incr answers CLIENT_ERROR and spymemcached"
                        + " -1, the same -1 as a miss; the future's status and exception tell them apart", what, held)
                .isThrownBy(() -> counters.increment("k10:not-a-counter", 1))
                .withMessageContaining("k10:not-a-counter")
                .withMessageContaining("cannot increment or decrement non-numeric value");
        assertThat(inspector.awaitStored("k10:not-a-counter").describe()).as("k10:not-a-counter after the refused incr: untouched")
                .isEqualTo(held);
    }

    @Test
    @Tag("task:2")
    void decrement_of_a_key_that_is_not_a_counter_is_an_error_too() throws Exception {
        forget("k10:not-a-counter-down");
        storeAsJavaInteger("k10:not-a-counter-down", 7);

        assertThatExceptionOfType(NotACounterException.class)
                .as("decrement(…) of an Integer stored with flags 512: decr answers CLIENT_ERROR, not NOT_FOUND")
                .isThrownBy(() -> counters.decrement("k10:not-a-counter-down", 1))
                .withMessageContaining("k10:not-a-counter-down")
                .withMessageContaining("cannot increment or decrement non-numeric value");
    }

    @Test
    @Tag("task:2")
    void increment_or_create_creates_a_missing_counter_at_its_initial_value_then_counts() throws Exception {
        forget("k10:created");

        assertThat(counters.incrementOrCreate("k10:created", 1, 1, MINUTE))
                .as("incrementOrCreate(\"k10:created\", by 1, initial 1, 60 s) of no counter: created at 1")
                .isEqualTo(1);
        assertThat(counters.incrementOrCreate("k10:created", 5, 1, MINUTE))
                .as("incrementOrCreate(\"k10:created\", by 5, …) of the counter at 1").isEqualTo(6);
        StoredItem item = inspector.awaitStored("k10:created");
        assertThat(item.flags()).as("create it as decimal text too; k10:created holds %s", item.describe()).isZero();
        assertThat(item.valueAsUtf8()).as("k10:created after create at 1, then + 5").isEqualTo("6");
        assertThat(item.ttlSeconds()).as("the creation's ttl, 60 s; k10:created holds %s", item.describe())
                .isBetween(55L, 60L);
    }

    @Test
    @Tag("task:2")
    void fifty_callers_creating_one_counter_at_once_create_it_once_and_count_fifty() throws Exception {
        forget("k10:created-at-once");

        List<Long> answers = Concurrently.run(THREADS, BOUND,
                i -> counters.incrementOrCreate("k10:created-at-once", 1, 1, MINUTE));

        assertThat(counters.value("k10:created-at-once"))
                .as("create with add, which stores only when the key is absent; when add loses, incr the winner's"
                        + " counter (a set would overwrite it); k10:created-at-once after %d"
                        + " incrementOrCreate(…, 1, 1, …) at once", THREADS)
                .hasValue(THREADS);
        assertThat(answers).as("what the %d callers got: one created it (1), the others each a new count", THREADS)
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, THREADS).boxed().toList());
    }

    @Test
    @Tag("task:2")
    void a_counter_another_caller_creates_between_the_miss_and_the_create_is_counted_on_not_overwritten()
            throws Exception {
        forget("k10:created-in-between");
        // another caller creates it as 5 just before this caller's create: between its incr's miss and its add
        MemcachedClient racing = new WriterFirstClient(server, inspector, "k10:created-in-between",
                "5".getBytes(StandardCharsets.US_ASCII));
        try {
            long answer = new Counters(racing).incrementOrCreate("k10:created-in-between", 1, 1, MINUTE);

            assertThat(counters.value("k10:created-in-between"))
                    .as("k10:created-in-between, which another caller created as 5 right after this incr missed:"
                            + " create with add, which refuses when the key is there, then incr the winner's counter;"
                            + " a set overwrites the other caller's count")
                    .hasValue(6);
            assertThat(answer).as("what incrementOrCreate(…, 1, 1, …) answered, counting on the other caller's 5")
                    .isEqualTo(6);
        } finally {
            racing.shutdown();
        }
    }

    @Test
    @Tag("task:2")
    void increment_or_create_on_a_key_that_is_not_a_counter_is_an_error_not_a_creation() throws Exception {
        forget("k10:not-a-counter-create");
        inspector.store("k10:not-a-counter-create", "seven".getBytes(StandardCharsets.US_ASCII), 0);

        assertThatExceptionOfType(NotACounterException.class)
                .as("incrementOrCreate(…) of the word \"seven\": spymemcached's incr(key, by, initial, exp) answers"
                        + " -1 for it, as for a miss; it is neither a miss nor a count")
                .isThrownBy(() -> assertTimeoutPreemptively(BOUND, () -> counters.incrementOrCreate(
                        "k10:not-a-counter-create", 1, 1, MINUTE), () -> "incrementOrCreate(…) of the word"
                        + " \"seven\" still running after " + BOUND + ": a -1 read as a miss makes add fail (the"
                        + " key is there) and incr miss again, for ever; look at the status, not the -1"))
                .withMessageContaining("k10:not-a-counter-create")
                .withMessageContaining("cannot increment or decrement non-numeric value");
        assertThat(inspector.awaitStored("k10:not-a-counter-create").valueAsUtf8())
                .as("k10:not-a-counter-create after the refused incrementOrCreate: untouched").isEqualTo("seven");
    }

    @Test
    @Tag("task:2")
    void decrement_stops_at_zero_and_never_goes_negative() throws Exception {
        forget("k10:seats");
        counters.set("k10:seats", 3, MINUTE);

        assertThat(counters.decrement("k10:seats", 10))
                .as("decrement(\"k10:seats\", 10) on 3: decr stops at 0, it never answers -7 (nor wraps)")
                .hasValue(0);
        assertThat(counters.decrement("k10:seats", 1)).as("decrement(\"k10:seats\", 1) on 0: still 0").hasValue(0);
        assertThat(counters.value("k10:seats")).as("value(\"k10:seats\") after decr past 0").hasValue(0);
    }

    @Test
    @Tag("task:2")
    void increment_wraps_at_two_to_the_64_as_an_unsigned_counter() throws Exception {
        forget("k10:wrap");

        counters.set("k10:wrap", TWO_TO_THE_64_MINUS_2, MINUTE);

        assertThat(inspector.awaitStored("k10:wrap").valueAsUtf8())
                .as("set(…, 2^64 - 2): memcached's counters are unsigned 64-bit, the long's bits are the number;"
                        + " write Long.toUnsignedString, not \"-2\" (incr refuses a minus sign)")
                .isEqualTo("18446744073709551614");
        assertThat(counters.value("k10:wrap"))
                .as("value(\"k10:wrap\") of the text 18446744073709551614: read it with Long.parseUnsignedLong;"
                        + " Long.parseLong refuses anything over 2^63 - 1")
                .hasValue(TWO_TO_THE_64_MINUS_2);
        assertThat(counters.increment("k10:wrap", 5))
                .as("increment(…, 5) on 2^64 - 2: incr wraps past 2^64 - 1 to 0, so it answers 3")
                .hasValue(3);
    }

    // ---- task 3: a rate limiter, N requests per client -----------------------------------------------------------

    @Test
    @Tag("task:3")
    void the_first_requests_up_to_the_limit_pass_and_the_rest_of_the_window_is_refused() throws Exception {
        forget("k10:rate:alice");
        RateLimiter limiter = new RateLimiter(client, "k10:rate:", 3, MINUTE);

        List<Boolean> answers = LongStream.rangeClosed(1, 5).mapToObj(i -> limiter.tryAcquire("alice")).toList();

        assertThat(answers).as("tryAcquire(\"alice\") 5 times with a limit of 3: requests 1, 2 and 3 pass (count <="
                + " limit), 4 and 5 do not").containsExactly(true, true, true, false, false);
        StoredItem item = inspector.awaitStored("k10:rate:alice");
        assertThat(item.valueAsUtf8().trim()).as("count every request under keyPrefix + clientId, as decimal text;"
                + " k10:rate:alice holds %s", item.describe()).isEqualTo("5");
    }

    @Test
    @Tag("task:3")
    void of_fifty_concurrent_requests_exactly_the_limit_pass() throws Exception {
        forget("k10:rate:burst");
        RateLimiter limiter = new RateLimiter(client, "k10:rate:", 10, MINUTE);

        List<Boolean> answers = Concurrently.run(THREADS, BOUND, i -> limiter.tryAcquire("burst"));

        assertThat(answers.stream().filter(allowed -> allowed).count())
                .as("requests allowed of %d at once with a limit of 10: count with one atomic incr (created once, by"
                        + " add), never a get then a set, and allow count <= limit; the counter now holds %s",
                        THREADS, inspector.inspect("k10:rate:burst").map(StoredItem::describe).orElse("nothing"))
                .isEqualTo(10);
    }

    @Test
    @Tag("task:3")
    void each_client_has_a_limit_of_its_own() throws Exception {
        forget("k10:rate:carla", "k10:rate:davi");
        RateLimiter limiter = new RateLimiter(client, "k10:rate:", 2, MINUTE);
        limiter.tryAcquire("carla");
        limiter.tryAcquire("carla");

        assertThat(limiter.tryAcquire("davi"))
                .as("tryAcquire(\"davi\") after carla used her 2: one counter per client, keyPrefix + clientId")
                .isTrue();
        assertThat(limiter.tryAcquire("carla")).as("tryAcquire(\"carla\") a third time").isFalse();
        assertThat(inspector.inspect("k10:rate:davi").map(item -> item.valueAsUtf8().trim()))
                .as("davi's counter, k10:rate:davi").contains("1");
    }

    // ---- task 4: the window is the counter's TTL, set once ------------------------------------------------------

    @Test
    @Tag("task:4")
    void the_window_is_the_ttl_of_the_counter_the_first_request_creates() throws Exception {
        forget("k10:rate:erico");
        RateLimiter limiter = new RateLimiter(client, "k10:rate:", 5, MINUTE);

        limiter.tryAcquire("erico");

        StoredItem item = inspector.awaitStored("k10:rate:erico");
        assertThat(item.ttlSeconds())
                .as("create the counter with the window as its TTL (60 s here): without one the first window never"
                        + " ends; k10:rate:erico after the first request holds %s", item.describe())
                .isBetween(55L, 60L);
    }

    @Test
    @Tag("task:4")
    void a_new_window_starts_when_the_old_one_ends_however_often_the_client_knocks() throws Exception {
        forget("k10:rate:fabio");
        RateLimiter limiter = new RateLimiter(client, "k10:rate:", 2, Duration.ofSeconds(2));
        assertThat(List.of(limiter.tryAcquire("fabio"), limiter.tryAcquire("fabio"), limiter.tryAcquire("fabio")))
                .as("3 requests in a window of 2 s with a limit of 2").containsExactly(true, true, false);

        // every poll is one more refused request: a limiter that renews the TTL on each would never let fabio in
        await("a request of fabio's to pass in a new window (a 2 s window, requests every 100 ms meanwhile)")
                .atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(100))
                .until(() -> limiter.tryAcquire("fabio"));

        assertThat(limiter.tryAcquire("fabio"))
                .as("the second request of the new window: the count started again at 1").isTrue();
        assertThat(limiter.tryAcquire("fabio")).as("the third request of the new window, over the limit of 2")
                .isFalse();
    }

    static Stream<Arguments> badWindows() {
        return Stream.of(
                arguments(Duration.ZERO, "a TTL of 0 never expires: one window for ever"),
                arguments(Duration.ofMillis(500), "memcached counts whole seconds"),
                arguments(Duration.ofMillis(1500), "memcached counts whole seconds"),
                arguments(Duration.ofDays(31), "over 30 days memcached reads the TTL as a 1970 date"));
    }

    @ParameterizedTest(name = "a window memcached cannot keep is refused: {0}, {1}")
    @MethodSource("badWindows")
    @Tag("task:4")
    void a_window_memcached_cannot_keep_is_refused_and_nothing_is_counted(Duration window, String why)
            throws Exception {
        forget("k10:rate:gil");
        RateLimiter limiter = new RateLimiter(client, "k10:rate:", 5, window);

        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("tryAcquire(\"gil\") with a window of %s: %s", window, why)
                .isThrownBy(() -> limiter.tryAcquire("gil"))
                .withMessageContaining(window.toString());
        assertThat(inspector.inspect("k10:rate:gil")).as("k10:rate:gil after the refused request").isEmpty();
    }

    @Test
    @Tag("task:4")
    void a_window_of_one_second_is_taken() throws Exception {
        forget("k10:rate:hana");
        RateLimiter limiter = new RateLimiter(client, "k10:rate:", 1, Duration.ofSeconds(1));

        assertThat(limiter.tryAcquire("hana")).as("the first request in a window of 1 s (the shortest memcached"
                + " keeps), limit 1").isTrue();
    }

    private void storeAsJavaInteger(String key, int value) {
        try {
            // what client.set(key, ttl, 7) does with spymemcached's default transcoder: binary, flags 512
            client.set(key, 60, value).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not store " + key + ": " + e, e);
        }
    }

    private void forget(String... keys) throws Exception {
        for (String key : keys) {
            client.delete(key).get();
        }
    }

}
