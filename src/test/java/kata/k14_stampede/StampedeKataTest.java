package kata.k14_stampede;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

import kata.shared.LoadTimeoutException;
import kata.shared.SlowUserRepository;
import kata.shared.UnreadableValueException;
import kata.shared.User;
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
@DisplayName("k14 · Stampede protection")
// only so that a learner starts where task 1 starts, with one miss; no test needs another to run first
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StampedeKataTest {

    private static final int THREADS = 50;
    /** Generous on purpose (2 shared cores): it bounds a hang, it never measures speed. */
    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final Duration MINUTE = Duration.ofSeconds(60);
    private static final Duration LOCK_TTL = Duration.ofSeconds(5);
    /** A waiter's bound in most tests: long enough for any load here, and for a dead owner's 1 s lock to expire. */
    private static final Duration LONG_WAIT = Duration.ofSeconds(10);
    private static final Duration SHORT_WAIT = Duration.ofMillis(300);
    /** The hot user, as the seed's slow query returns it: long enough a load that 50 requests arrive during it. */
    private static final User ANA = new User(14, "Ana");

    private MemcachedClient client;
    private RawInspector inspector;
    private SlowUserRepository repository;
    private Supplier<String> slowQuery;
    /** The keys the cache told its {@code onUnreadable} of, in order; requests report from several threads. */
    private final List<String> reported = new CopyOnWriteArrayList<>();

    @BeforeEach
    void connect(MemcachedClient client, MemcachedServer server) {
        this.client = client;
        this.inspector = new RawInspector(server.address());
        this.repository = new SlowUserRepository(Duration.ofMillis(200)).with(ANA);
        this.slowQuery = () -> repository.findById(ANA.id()).orElseThrow().name();
    }

    // ---- task 1: one request recomputes a missing key, the others wait for it -----------------------------------

    @Test
    @Order(1)
    @Tag("task:1")
    void a_miss_loads_the_value_once_and_the_next_request_is_a_hit() throws Exception {
        forget("k14:user:1");
        StampedeCache cache = cache(MINUTE, MINUTE, LONG_WAIT, Clock.systemUTC());

        assertThat(cache.get("k14:user:1", slowQuery)).as("get(\"k14:user:1\", …) on a miss answers what the loader"
                + " loaded").isEqualTo("Ana");
        assertThat(cache.get("k14:user:1", slowQuery)).as("get(\"k14:user:1\", …) again").isEqualTo("Ana");

        assertThat(repository.loads()).as("store what you loaded (set, with the hard TTL) so the next request is a"
                + " hit: repository loads after a miss and a hit").isEqualTo(1);
        assertThat(inspector.inspect("k14:user:1" + StampedeCache.LOCK_SUFFIX))
                .as("release the lock once the value is stored; k14:user:1:lock after the load").isEmpty();
    }

    @Test
    @Tag("task:1")
    void fifty_concurrent_requests_for_a_missing_key_load_it_exactly_once() throws Exception {
        forget("k14:user:hot");
        StampedeCache cache = cache(MINUTE, MINUTE, LONG_WAIT, Clock.systemUTC());

        List<String> answers = Concurrently.run(THREADS, BOUND, i -> cache.get("k14:user:hot", slowQuery));

        assertThat(repository.loads())
                .as("take a lock with add (it stores only when the key is absent, so one request wins) before you"
                        + " load, and let the others wait for the value; a lock taken with set always wins, and no"
                        + " lock at all lets every miss load: repository loads for %d requests at once", THREADS)
                .isEqualTo(1);
        assertThat(answers).as("what the %d requests answered: the waiters answer the value the winner stored",
                THREADS).containsOnly("Ana").hasSize(THREADS);
    }

    @Test
    @Tag("task:1")
    void when_the_hot_key_expires_fifty_requests_load_it_exactly_once_more() throws Exception {
        forget("k14:user:expiring");
        StampedeCache cache = cache(Duration.ofSeconds(1), Duration.ofSeconds(1), LONG_WAIT, Clock.systemUTC());
        cache.get("k14:user:expiring", slowQuery);
        await("k14:user:expiring to expire (hard TTL 1 s)").atMost(Duration.ofSeconds(5))
                .until(() -> inspector.inspect("k14:user:expiring").isEmpty());

        List<String> answers = Concurrently.run(THREADS, BOUND, i -> cache.get("k14:user:expiring", slowQuery));

        assertThat(repository.loads())
                .as("one load per expiry: the first load, then one for %d requests after the key expired (after you"
                        + " win the lock, look at the key again: the winner before you may just have stored it)",
                        THREADS)
                .isEqualTo(2);
        assertThat(answers).as("what the %d requests answered after the expiry", THREADS).containsOnly("Ana");
    }

    // ---- task 2: a lock that expires by itself, released on failure, and only by its owner ----------------------

    @Test
    @Tag("task:2")
    void the_lock_is_held_with_a_short_ttl_while_the_value_loads() throws Exception {
        forget("k14:user:locked");
        StampedeCache cache = cache(MINUTE, MINUTE, LONG_WAIT, Clock.systemUTC());
        AtomicReference<Optional<StoredItem>> lockDuringLoad = new AtomicReference<>();

        cache.get("k14:user:locked", () -> {
            lockDuringLoad.set(inspector.inspect("k14:user:locked" + StampedeCache.LOCK_SUFFIX));
            return "Ana";
        });

        assertThat(lockDuringLoad.get()).as("take the lock k14:user:locked:lock (add) before you call the loader")
                .isPresent();
        StoredItem lock = lockDuringLoad.get().orElseThrow();
        assertThat(lock.ttlSeconds())
                .as("give the lock the lockTtl (5 s here) as its TTL: a lock with no TTL outlives an owner that"
                        + " died, and the key is never loaded again; the lock during the load was %s",
                        lock.describe())
                .isBetween(1L, LOCK_TTL.toSeconds());
        assertThat(lock.valueAsUtf8()).as("the lock holds its owner's token (so only its owner releases it): %s",
                lock.describe()).isNotBlank();
    }

    @Test
    @Tag("task:2")
    void a_lock_whose_owner_died_expires_by_itself_and_a_waiter_loads_the_value() throws Exception {
        forget("k14:user:orphan");
        StampedeCache cache = cache(MINUTE, MINUTE, LONG_WAIT, Clock.systemUTC());
        // a request that took the lock for 1 s, then crashed before it loaded anything
        assertThat(client.add("k14:user:orphan" + StampedeCache.LOCK_SUFFIX, 1, "owner-that-died").get()).isTrue();

        String answer = assertTimeoutPreemptively(BOUND, () -> cache.get("k14:user:orphan", slowQuery),
                "a waiter must not wait for ever on a lock whose owner died");

        assertThat(answer).as("while you wait, try the lock (add) again at every look: once the dead owner's lock"
                + " expires, a waiter takes it and loads; get(\"k14:user:orphan\", …)").isEqualTo("Ana");
        assertThat(repository.loads()).as("repository loads after the dead owner's lock expired").isEqualTo(1);
    }

    @Test
    @Tag("task:2")
    void a_load_that_fails_releases_the_lock_and_the_next_request_loads_at_once() throws Exception {
        forget("k14:user:failing");
        StampedeCache cache = cache(MINUTE, MINUTE, LONG_WAIT, Clock.systemUTC());

        assertThatExceptionOfType(IllegalStateException.class)
                .as("get(…) when the loader throws: let its exception through, unchanged")
                .isThrownBy(() -> cache.get("k14:user:failing", () -> {
                    throw new IllegalStateException("the repository is down");
                }))
                .withMessage("the repository is down");
        assertThat(inspector.inspect("k14:user:failing" + StampedeCache.LOCK_SUFFIX))
                .as("release the lock in a finally block: a failed load that keeps it makes every request wait"
                        + " for the lock's TTL; k14:user:failing:lock after the failed load").isEmpty();
        assertThat(inspector.inspect("k14:user:failing")).as("a failed load stores nothing").isEmpty();

        assertThat(cache.get("k14:user:failing", slowQuery)).as("the next get(…) after the failure").isEqualTo("Ana");
        assertThat(repository.loads()).as("repository loads of the request after the failure").isEqualTo(1);
    }

    @Test
    @Tag("task:2")
    void a_request_releases_only_its_own_lock() throws Exception {
        forget("k14:user:overrun");
        StampedeCache cache = cache(MINUTE, MINUTE, LONG_WAIT, Clock.systemUTC());
        String lockKey = "k14:user:overrun" + StampedeCache.LOCK_SUFFIX;
        try {
            cache.get("k14:user:overrun", () -> {
                // this load outlived its lock, and another request took the lock in the meantime
                inspector.store(lockKey, "another-request".getBytes(StandardCharsets.UTF_8), 0);
                return "Ana";
            });

            assertThat(inspector.inspect(lockKey).map(StoredItem::valueAsUtf8))
                    .as("delete the lock only while it still holds your token (gets, compare the token, then a cas"
                            + " the other request's write would make fail): a plain delete frees a lock another"
                            + " request holds, and a third one loads too; the lock after the overrun load")
                    .hasValue("another-request");
        } finally {
            forget(lockKey);
        }
    }

    @Test
    @Tag("task:2")
    void a_lock_ttl_under_one_second_is_refused() {
        for (Duration lockTtl : List.of(Duration.ZERO, Duration.ofMillis(999))) {
            assertThatExceptionOfType(IllegalArgumentException.class)
                    .as("new StampedeCache(…, lockTtl %s, …): memcached counts whole seconds and a TTL of 0 never"
                            + " expires, so such a lock would outlive its owner for ever", lockTtl)
                    .isThrownBy(() -> new StampedeCache(client, MINUTE, MINUTE, lockTtl, LONG_WAIT,
                            Clock.systemUTC(), this::report))
                    .withMessageContaining("lockTtl " + lockTtl);
        }
        assertThat(new StampedeCache(client, MINUTE, MINUTE, Duration.ofSeconds(1), LONG_WAIT, Clock.systemUTC(),
                this::report))
                .as("a lockTtl of 1 s is taken").isNotNull();
    }

    // ---- task 3: a bounded wait -----------------------------------------------------------------------------------

    @Test
    @Tag("task:3")
    void fifty_waiters_give_up_after_max_wait_while_another_request_holds_the_lock() throws Exception {
        forget("k14:user:busy");
        StampedeCache cache = cache(MINUTE, MINUTE, SHORT_WAIT, Clock.systemUTC());
        String lockKey = "k14:user:busy" + StampedeCache.LOCK_SUFFIX;
        // a request that holds the lock and is still loading, for longer than anybody waits
        assertThat(client.add(lockKey, 10, "slow-owner").get()).isTrue();
        try {
            List<Throwable> failures = Concurrently.run(THREADS, BOUND, i -> {
                try {
                    cache.get("k14:user:busy", slowQuery);
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            });

            assertThat(repository.loads()).as("a waiter that gave up must not load too (that is the stampede"
                    + " again): repository loads").isZero();
            assertThat(failures).as("wait at most maxWait, then throw a LoadTimeoutException(key, maxWait): what"
                    + " the %d waiters threw", THREADS).hasSize(THREADS).allSatisfy(failure ->
                    assertThat(failure).isInstanceOf(LoadTimeoutException.class)
                            .hasMessageStartingWith("gave up on k14:user:busy after waiting PT0.3S"));
            assertThat(inspector.inspect(lockKey).map(StoredItem::valueAsUtf8))
                    .as("a waiter never takes or frees a lock it does not hold; the lock after they gave up")
                    .hasValue("slow-owner");
        } finally {
            forget(lockKey);
        }
    }

    @Test
    @Tag("task:3")
    void a_waiter_pauses_between_looks_instead_of_hammering_the_server() throws Exception {
        forget("k14:user:patient");
        StampedeCache cache = cache(MINUTE, MINUTE, Duration.ofMillis(500), Clock.systemUTC());
        String lockKey = "k14:user:patient" + StampedeCache.LOCK_SUFFIX;
        assertThat(client.add(lockKey, 10, "slow-owner").get()).isTrue();
        try {
            long before = commands();
            assertThatExceptionOfType(LoadTimeoutException.class)
                    .isThrownBy(() -> cache.get("k14:user:patient", slowQuery));
            long sent = commands() - before;

            assertThat(sent).as("pause between two looks (some 10 to 50 ms): a loop without a pause sends"
                    + " thousands of commands a second per waiter, and 50 waiters swamp the server that the lock"
                    + " was protecting; commands one waiter sent in 500 ms").isBetween(2L, 200L);
        } finally {
            forget(lockKey);
        }
    }

    // ---- task 4: early refresh by a soft TTL inside the value -----------------------------------------------------

    @Test
    @Tag("task:4")
    void an_entry_holds_its_refresh_time_then_the_value_under_the_hard_ttl() throws Exception {
        forget("k14:user:envelope");
        MovableClock clock = new MovableClock(1_733_220_000_123L);
        StampedeCache cache = cache(Duration.ofSeconds(30), MINUTE, LONG_WAIT, clock);

        cache.get("k14:user:envelope", () -> "João da Silva");

        StoredItem item = inspector.inspect("k14:user:envelope").orElseThrow();
        assertThat(item.valueAsUtf8()).as("store \"<refreshAt> <value>\": the epoch millisecond when the soft TTL"
                + " (30 s) ends, by the clock given, a space, the value; k14:user:envelope holds %s", item.describe())
                .isEqualTo("1733220030123 João da Silva");
        assertThat(item.flags()).as("a String value: flags 0, what every client reads as text").isZero();
        assertThat(item.ttlSeconds()).as("memcached's TTL is the hard TTL (60 s): %s", item.describe())
                .isBetween(55L, 60L);
    }

    @Test
    @Tag("task:4")
    void an_entry_another_service_stored_is_served_until_its_refresh_time() throws Exception {
        forget("k14:user:python");
        MovableClock clock = new MovableClock(1_733_220_000_000L);
        StampedeCache cache = cache(Duration.ofSeconds(30), MINUTE, LONG_WAIT, clock);
        // what the seed's Python service writes: f"{refresh_at} {name}".encode(), flags 0
        inspector.store("k14:user:python", "1733220000500 Zé Maria".getBytes(StandardCharsets.UTF_8), 0);

        assertThat(cache.get("k14:user:python", slowQuery)).as("get(…) before refreshAt: the value after the first"
                + " space, as it is").isEqualTo("Zé Maria");
        clock.set(1_733_220_000_499L);
        assertThat(cache.get("k14:user:python", slowQuery)).as("get(…) 1 ms before refreshAt").isEqualTo("Zé Maria");
        assertThat(repository.loads()).as("an entry before its refresh time is fresh: repository loads").isZero();
        assertThat(reported).as("an entry in \"<refreshAt> <value>\" form is readable: keys reported to"
                + " onUnreadable").isEmpty();

        clock.set(1_733_220_000_500L);
        assertThat(cache.get("k14:user:python", slowQuery)).as("get(…) at refreshAt exactly: the soft TTL is over,"
                + " so this request refreshes it").isEqualTo("Ana");
        assertThat(repository.loads()).as("repository loads once the soft TTL is over").isEqualTo(1);
        assertThat(inspector.inspect("k14:user:python").orElseThrow().valueAsUtf8())
                .as("the refreshed entry, refreshAt 30 s on").isEqualTo("1733220030500 Ana");
    }

    @Test
    @Tag("task:4")
    void past_its_refresh_time_one_request_refreshes_while_the_others_serve_the_stale_copy() throws Exception {
        forget("k14:user:stale");
        MovableClock clock = new MovableClock(1_733_220_000_000L);
        StampedeCache cache = cache(Duration.ofSeconds(30), MINUTE, LONG_WAIT, clock);
        cache.get("k14:user:stale", () -> "old");
        clock.set(1_733_220_030_000L);

        CountDownLatch staleAnswers = new CountDownLatch(THREADS - 1);
        AtomicInteger refreshes = new AtomicInteger();
        AtomicBoolean othersAnsweredDuringTheRefresh = new AtomicBoolean();
        List<String> answers = Concurrently.run(THREADS, BOUND, i -> {
            String answer = cache.get("k14:user:stale", () -> {
                refreshes.incrementAndGet();
                // the refresh goes on until every other request has answered: they must not wait for it
                othersAnsweredDuringTheRefresh.set(awaitAll(staleAnswers, Duration.ofSeconds(5)));
                return "new";
            });
            if (answer.equals("old")) {
                staleAnswers.countDown();
            }
            return answer;
        });

        assertThat(refreshes.get()).as("past refreshAt, only the request that wins the lock (add) refreshes: loads"
                + " for %d requests at once", THREADS).isEqualTo(1);
        assertThat(othersAnsweredDuringTheRefresh.get())
                .as("serve the stale copy at once when another request holds the lock: don't wait for the refresh"
                        + " (the %d others had not all answered during it); answers %s", THREADS - 1,
                        tally(answers)).isTrue();
        assertThat(Collections.frequency(answers, "old")).as("requests that answered the stale copy: %s",
                tally(answers)).isEqualTo(THREADS - 1);
        assertThat(Collections.frequency(answers, "new")).as("requests that answered the refreshed value")
                .isEqualTo(1);
        assertThat(inspector.inspect("k14:user:stale").orElseThrow().valueAsUtf8())
                .as("the refreshed entry").isEqualTo("1733220060000 new");
    }

    @Test
    @Tag("task:4")
    void a_request_that_wins_the_lock_looks_again_and_does_not_repeat_a_refresh_stored_just_before() throws Exception {
        forget("k14:user:raced");
        MovableClock clock = new MovableClock(1_733_220_000_000L);
        StampedeCache cache = cache(Duration.ofSeconds(30), MINUTE, LONG_WAIT, clock);
        inspector.store("k14:user:raced", "1733220000000 old".getBytes(StandardCharsets.UTF_8), 0);
        // the race made deterministic: as this request finds the entry stale, another one finishes its refresh
        clock.onNextRead(() -> inspector.store("k14:user:raced",
                "1733220030000 new".getBytes(StandardCharsets.UTF_8), 0));

        String answer = cache.get("k14:user:raced", slowQuery);

        assertThat(repository.loads()).as("once you hold the lock, read the entry again before you load: the"
                + " request that held the lock before you may have just stored a fresh one; repository loads")
                .isZero();
        assertThat(answer).as("get(…) answers the fresh entry the other request stored").isEqualTo("new");
    }

    static Stream<Arguments> unreadableValues() {
        return Stream.of(
                arguments("another client's text with no space, \"hello\"", (Consumer<RawInspector>) raw ->
                        raw.store("k14:user:foreign", "hello".getBytes(StandardCharsets.UTF_8), 0)),
                arguments("text with no number before its space, \"abc def\"", (Consumer<RawInspector>) raw ->
                        raw.store("k14:user:foreign", "abc def".getBytes(StandardCharsets.UTF_8), 0)),
                arguments("an entry stored as a byte[] (flags 2048), not text",
                        (Consumer<RawInspector>) raw -> raw.store("k14:user:foreign",
                                "1733220030000 Ana".getBytes(StandardCharsets.UTF_8), 2048)));
    }

    @ParameterizedTest(name = "a value not in refreshAt-value form is a reported miss: {0}")
    @MethodSource("unreadableValues")
    @Tag("task:4")
    void a_value_not_in_refresh_time_form_is_a_reported_miss_then_loaded_and_replaced(String what,
            Consumer<RawInspector> write) throws Exception {
        forget("k14:user:foreign");
        // no request waits for this load: an instant one keeps the test cheap for PIT's and the checker's reruns
        repository = new SlowUserRepository(Duration.ZERO).with(ANA);
        MovableClock clock = new MovableClock(1_733_220_000_000L);
        StampedeCache cache = cache(Duration.ofSeconds(30), MINUTE, LONG_WAIT, clock);
        write.accept(inspector);
        String held = inspector.inspect("k14:user:foreign").map(StoredItem::describe).orElse("nothing");

        String answer = getWithoutCrash(cache, "k14:user:foreign", held);

        assertThat(answer).as("a value that is not \"<refreshAt> <value>\" is a miss, loaded under the lock;"
                + " get(\"k14:user:foreign\", …) with %s cached (%s)", what, held).isEqualTo("Ana");
        assertThat(reported).as("report it to onUnreadable, once per request: someone must see that another client"
                + " writes this key; keys reported after one get(…) with %s cached", what)
                .containsExactly("k14:user:foreign");
        assertThat(inspector.inspect("k14:user:foreign").orElseThrow().valueAsUtf8())
                .as("store the loaded value over the unreadable one, so the next request is a hit")
                .isEqualTo("1733220030000 Ana");
        assertThat(cache.get("k14:user:foreign", slowQuery)).as("get(\"k14:user:foreign\", …) again")
                .isEqualTo("Ana");
        assertThat(repository.loads()).as("repository loads after 2 x get(…), the first over %s", what).isEqualTo(1);
    }

    @Test
    @Tag("task:4")
    void a_waiter_reports_an_unreadable_value_once_and_waits_for_the_owner_instead_of_answering_it()
            throws Exception {
        forget("k14:user:foreign-busy");
        StampedeCache cache = cache(MINUTE, MINUTE, SHORT_WAIT, Clock.systemUTC());
        String lockKey = "k14:user:foreign-busy" + StampedeCache.LOCK_SUFFIX;
        inspector.store("k14:user:foreign-busy", "hello".getBytes(StandardCharsets.UTF_8), 0);
        // a request that holds the lock and is still loading, for longer than this one waits
        assertThat(client.add(lockKey, 10, "slow-owner").get()).isTrue();
        try {
            assertThatExceptionOfType(LoadTimeoutException.class)
                    .as("an unreadable value is no stale copy to answer: while another request holds the lock, wait"
                            + " for its value, bounded by maxWait; get(\"k14:user:foreign-busy\", …) over \"hello\"")
                    .isThrownBy(() -> cache.get("k14:user:foreign-busy", slowQuery))
                    .withMessageStartingWith("gave up on k14:user:foreign-busy after waiting PT0.3S");

            assertThat(reported).as("report it once per request, not at every look while you wait (one every 10 to"
                    + " 50 ms would flood whoever reads the reports); keys reported by one waiter in 300 ms")
                    .containsExactly("k14:user:foreign-busy");
            assertThat(repository.loads()).as("a waiter does not load: repository loads").isZero();
        } finally {
            forget(lockKey);
        }
    }

    @Test
    @Tag("task:4")
    void a_soft_ttl_longer_than_the_hard_ttl_is_refused() {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("new StampedeCache(…, softTtl 61 s, hardTtl 60 s, …): memcached drops the entry before it is"
                        + " ever refreshed early")
                .isThrownBy(() -> new StampedeCache(client, Duration.ofSeconds(61), MINUTE, LOCK_TTL, LONG_WAIT,
                        Clock.systemUTC(), this::report))
                .withMessageContaining("softTtl PT1M1S").withMessageContaining("hardTtl PT1M");
        assertThat(new StampedeCache(client, MINUTE, MINUTE, LOCK_TTL, LONG_WAIT, Clock.systemUTC(), this::report))
                .as("a soft TTL equal to the hard one is taken (no early refresh)").isNotNull();
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private StampedeCache cache(Duration softTtl, Duration hardTtl, Duration maxWait, Clock clock) {
        return new StampedeCache(client, softTtl, hardTtl, LOCK_TTL, maxWait, clock, this::report);
    }

    private void report(String key, UnreadableValueException why) {
        reported.add(key);
    }

    private void forget(String... keys) throws Exception {
        for (String key : keys) {
            client.delete(key).get();
            client.delete(key + StampedeCache.LOCK_SUFFIX).get();
        }
    }

    /** Every get, gets and store the server has answered so far. */
    private long commands() {
        var stats = inspector.stats();
        return Long.parseLong(stats.get("cmd_get")) + Long.parseLong(stats.get("cmd_set"));
    }

    /** {@code cache.get(key, slowQuery)}, where an exception out of it is the lesson's point, not an error. */
    private String getWithoutCrash(StampedeCache cache, String key, String held) {
        try {
            return cache.get(key, slowQuery);
        } catch (RuntimeException e) {
            if (e instanceof UnsupportedOperationException) {
                throw e; // the stub: the kata's own "not done yet"
            }
            throw new AssertionError("get(\"" + key + "\", …) threw " + e + " with " + held + " cached: a value"
                    + " another client wrote is a miss; report it to onUnreadable and load the value", e);
        }
    }

    private static String tally(List<String> answers) {
        return Collections.frequency(answers, "old") + " old, " + Collections.frequency(answers, "new") + " new";
    }

    private static boolean awaitAll(CountDownLatch latch, Duration bound) {
        try {
            return latch.await(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A clock the test moves by hand: the soft TTL ends when the test says, with no wait. */
    private static final class MovableClock extends Clock {
        private final AtomicLong millis;
        private final AtomicReference<Runnable> onNextRead = new AtomicReference<>();

        MovableClock(long millis) {
            this.millis = new AtomicLong(millis);
        }

        void set(long newMillis) {
            millis.set(newMillis);
        }

        /** Runs {@code event} once, when the clock is next read: another request's work, at that very moment. */
        void onNextRead(Runnable event) {
            onNextRead.set(event);
        }

        @Override
        public long millis() {
            Runnable event = onNextRead.getAndSet(null);
            if (event != null) {
                event.run();
            }
            return millis.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
