package kata.k05_cache_aside;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

import kata.shared.SlowUserRepository;
import kata.shared.User;
import kata.support.Dedicated;
import kata.support.MemcachedExtension;
import kata.support.MemcachedServer;
import kata.support.RawInspector;
import kata.support.StoredItem;
import net.spy.memcached.MemcachedClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MemcachedExtension.class)
@DisplayName("k05 · Cache-aside in front of a slow repository")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // only to print the timing report last; no test needs another
class CacheAsideKataTest {

    private static final String PREFIX = "k05:user:";
    /** Fast enough for tests; the slowness is proven by counting calls, not by timing them. */
    private static final Duration FAST = Duration.ofMillis(5);
    /** Loose on purpose (2 shared cores): a 250 ms operation timeout needs about 1.5 s here, the 2.5 s default 15 s. */
    private static final Duration BOUND = Duration.ofSeconds(6);
    /** The timing report's hits: a warm-up first (JIT, connection), then the measured ones. */
    private static final int WARM_UP = 200;
    private static final int HITS = 2_000;

    private MemcachedClient client;
    private RawInspector inspector;
    /** The client UserService.connect(…) builds, in the tests that ask for one. */
    private MemcachedClient resilient;

    @BeforeEach
    void connect(MemcachedClient client, MemcachedServer server) {
        this.client = client;
        this.inspector = new RawInspector(server.address());
    }

    @AfterEach
    void shutDownResilientClient() {
        if (resilient != null) {
            resilient.shutdown(); // its IO thread is not a daemon
        }
    }

    @Test
    @Tag("task:1")
    void a_miss_loads_from_the_repository_and_caches_the_user_for_60_seconds() throws Exception {
        forget(501);
        SlowUserRepository repository = new SlowUserRepository(FAST).with(new User(501, "Ana"));

        Optional<User> found = new UserService(client, repository, PREFIX).find(501);

        assertThat(found).as("find(501) on an empty cache: the repository has User(501, Ana)")
                .contains(new User(501, "Ana"));
        assertThat(repository.loads()).as("repository loads for one find(501) on an empty cache").isEqualTo(1);
        StoredItem item = awaitItem("k05:user:501");
        assertThat(item.ttlSeconds())
                .as("TTL of k05:user:501 after a miss (%s): set(key, 60, json), the seed's expire=60",
                        item.describe())
                .isBetween(50L, 60L);
        assertThat(item.valueAsUtf8())
                .as("k05:user:501 holds the user as JSON text (%s), readable by any client", item.describe())
                .contains("\"Ana\"");
        assertThat(item.flags()).as("flags of k05:user:501 (%s): store a String, not a Java object", item.describe())
                .isZero();
    }

    @Test
    @Tag("task:2")
    void a_hit_answers_from_the_cache_without_calling_the_repository() throws Exception {
        forget(502);
        SlowUserRepository repository = new SlowUserRepository(FAST).with(new User(502, "Bruno"));
        UserService service = new UserService(client, repository, PREFIX);

        service.find(502);
        for (int i = 0; i < 3; i++) {
            assertThat(service.find(502)).as("find(502) again, answered from k05:user:502")
                    .contains(new User(502, "Bruno"));
        }

        assertThat(repository.loads())
                .as("repository loads after 4 x find(502): only the first, the miss, may reach the repository")
                .isEqualTo(1);
    }

    @Test
    @Tag("task:2")
    void a_user_another_service_cached_as_json_is_a_hit() throws Exception {
        forget(503);
        SlowUserRepository repository = new SlowUserRepository(FAST).with(new User(503, "Old name"));
        client.set("k05:user:503", 60, "{\"id\":503,\"nome\":\"Bia\"}").get();

        Optional<User> found = new UserService(client, repository, PREFIX).find(503);

        assertThat(found).as("find(503) with k05:user:503 = {\"id\":503,\"nome\":\"Bia\"} already cached: read the"
                + " JSON, as k03 taught").contains(new User(503, "Bia"));
        assertThat(repository.loads()).as("repository loads for find(503) when the cache has it").isZero();
    }

    @Test
    @Tag("task:3")
    void an_update_writes_the_repository_then_deletes_the_cached_copy() throws Exception {
        forget(504);
        SlowUserRepository repository = new SlowUserRepository(FAST).with(new User(504, "Caio"));
        UserService service = new UserService(client, repository, PREFIX);
        service.find(504);
        awaitItem("k05:user:504");

        service.update(new User(504, "Caio Souza"));

        assertThat(repository.saves()).as("repository saves after update(User(504, Caio Souza))").isEqualTo(1);
        assertThat(inspector.inspect("k05:user:504").map(StoredItem::describe))
                .as("k05:user:504 after update(…): delete the cached copy, do not keep serving the old name")
                .isEmpty();
        assertThat(service.find(504)).as("find(504) after the update: loaded anew from the repository")
                .contains(new User(504, "Caio Souza"));
        assertThat(repository.loads()).as("repository loads: the first find, then the one after the update")
                .isEqualTo(2);
    }

    @Test
    @Tag("task:3")
    void a_reader_during_the_write_cannot_put_the_old_user_back() throws Exception {
        forget(505);
        SlowUserRepository repository = new SlowUserRepository(FAST).with(new User(505, "Davi"));
        UserService service = new UserService(client, repository, PREFIX);
        service.find(505);
        awaitItem("k05:user:505");
        // another request reads user 505 while the write is in progress; the repository still has the old row
        repository.duringNextSave(() -> service.find(505));

        service.update(new User(505, "Davi Lima"));

        assertThat(service.find(505))
                .as("find(505) after update(User(505, Davi Lima)), with a read during the write (cached now: %s):"
                        + " delete AFTER the write; a delete before it lets that read cache the old row for 60 s",
                        inspector.inspect("k05:user:505").map(StoredItem::describe).orElse("nothing"))
                .contains(new User(505, "Davi Lima"));
    }

    @Test
    @Tag("task:4")
    void a_missing_user_is_remembered_as_missing_for_a_short_time() throws Exception {
        forget(506);
        SlowUserRepository repository = new SlowUserRepository(FAST);
        UserService service = new UserService(client, repository, PREFIX);

        for (int i = 0; i < 3; i++) {
            assertThat(service.find(506)).as("find(506): the repository has no user 506").isEmpty();
        }

        assertThat(repository.loads())
                .as("repository loads after 3 x find(506) of a user that does not exist: remember the miss, or"
                        + " every request for it pays the slow query")
                .isEqualTo(1);
        StoredItem item = awaitItem("k05:user:506");
        assertThat(item.ttlSeconds())
                .as("TTL of k05:user:506, cached as missing (%s): short, so a user created meanwhile is not"
                        + " hidden for long", item.describe())
                .isBetween(1L, 30L);
    }

    @Test
    @Tag("task:4")
    void a_user_created_after_a_miss_is_found_at_once() throws Exception {
        forget(507);
        SlowUserRepository repository = new SlowUserRepository(FAST);
        UserService service = new UserService(client, repository, PREFIX);
        assertThat(service.find(507)).as("find(507) before user 507 exists").isEmpty();

        service.update(new User(507, "Duda"));

        assertThat(service.find(507))
                .as("find(507) after update(User(507, Duda)) created it: the write also deletes the 'missing' mark")
                .contains(new User(507, "Duda"));
    }

    @Test
    @Tag("task:5")
    void the_cache_client_gives_up_well_before_the_2_5_second_default(MemcachedServer server) {
        resilient = UserService.connect(server.address());

        assertThat(resilient.getOperationTimeout())
                .as("operation timeout (ms) of UserService.connect(…): every request waits this long when"
                        + " memcached is frozen; spymemcached's default is 2500")
                .isBetween(1L, 1000L);
    }

    @Test
    @Tag("task:5")
    void a_frozen_cache_still_answers_from_the_repository_in_bounded_time(@Dedicated MemcachedServer cache) {
        SlowUserRepository repository = new SlowUserRepository(FAST).with(new User(601, "Eva"));
        UserService service = resilientService(cache, repository);
        service.find(601);
        cache.pause(); // connections stay open and nothing answers: only a timeout ends a request
        try {
            assertTimeoutPreemptively(BOUND, () -> findThreeTimes(service, 601, "paused"),
                    "3 x find(601) with memcached paused took over " + BOUND.toSeconds() + " s: give the client a"
                            + " short operation timeout (ConnectionFactoryBuilder.setOpTimeout)");
        } finally {
            cache.resume();
        }
        assertThat(repository.loads()).as("repository loads: 1 before the pause, then 3 while the cache is frozen")
                .isEqualTo(4);
    }

    @Test
    @Tag("task:5")
    void a_stopped_cache_still_answers_and_updates_from_the_repository(@Dedicated MemcachedServer cache) {
        SlowUserRepository repository = new SlowUserRepository(FAST).with(new User(602, "Fabio"));
        UserService service = resilientService(cache, repository);
        service.find(602);
        cache.stop(); // connections refused from now on

        assertTimeoutPreemptively(BOUND, () -> {
            findThreeTimes(service, 602, "stopped");
            assertThatCode(() -> service.update(new User(602, "Fabio Reis")))
                    .as("update(User(602, …)) with memcached stopped: the write to the repository is what"
                            + " matters; a failed delete must not fail it")
                    .doesNotThrowAnyException();
        }, "3 x find(602) and an update with memcached stopped took over " + BOUND.toSeconds() + " s: a short"
                + " operation timeout and FailureMode.Cancel make a dead cache fail fast");
        assertThat(repository.saves()).as("repository saves after update(User(602, Fabio Reis))").isEqualTo(1);
        assertThat(service.find(602)).as("find(602) after the update, memcached still stopped")
                .contains(new User(602, "Fabio Reis"));
    }

    @Test
    @Tag("task:2")
    @Order(Integer.MAX_VALUE)
    void a_thousand_hits_cost_one_slow_load_and_print_the_timing_report(MemcachedServer server) throws Exception {
        forget(599);
        SlowUserRepository repository = new SlowUserRepository().with(new User(599, "Gabi")); // the seed's 0.5 s
        UserService service = new UserService(client, repository, PREFIX);

        long start = System.nanoTime();
        service.find(599);
        long missNanos = System.nanoTime() - start;
        for (int i = 0; i < WARM_UP; i++) {
            service.find(599);
        }
        long[] hitNanos = new long[HITS];
        for (int i = 0; i < HITS; i++) {
            long before = System.nanoTime();
            Optional<User> hit = service.find(599);
            hitNanos[i] = System.nanoTime() - before;
            assertThat(hit).as("hit %d of find(599)", i).contains(new User(599, "Gabi"));
        }

        assertThat(repository.loads())
                .as("repository loads over %,d x find(599): only the first, the miss, may reach the repository",
                        1 + WARM_UP + HITS)
                .isEqualTo(1);
        printTimingReport(server, missNanos, hitNanos);
    }

    private static void printTimingReport(MemcachedServer server, long missNanos, long[] hitNanos) {
        Arrays.sort(hitNanos);
        double missMs = missNanos / 1e6;
        double p50Ms = hitNanos[hitNanos.length / 2] / 1e6;
        double p99Ms = hitNanos[(int) Math.ceil(hitNanos.length * 0.99) - 1] / 1e6;
        System.out.printf("%n"
                + "k05 timing report: UserService against %s (printed, never asserted)%n"
                + "                        this run        the seed (pymemcache)%n"
                + "  miss (slow repository) %8.1f ms     500 ms%n"
                + "  hit p50 (%,d hits)   %8.3f ms      40 ms%n"
                + "  hit p99                %8.3f ms%n"
                + "  miss / hit p50         %,8.0f x      12.5 x%n"
                + "  time saved by a hit    %8.2f %%       92 %%%n"
                + "  A hit here includes JSON parsing and, with Docker, its port forwarding; a bare get on loopback"
                + " takes 0.05-0.12 ms.%n"
                + "  The seed's 40 ms hit was its client waiting (Nagle + noreply), not memcached: see the lesson.%n",
                server.description(), missMs, hitNanos.length, p50Ms, p99Ms, missMs / p50Ms,
                100 * (1 - p50Ms / missMs));
    }

    /** A service whose client is the one the learner builds in {@link UserService#connect}. */
    private UserService resilientService(MemcachedServer cache, SlowUserRepository repository) {
        resilient = UserService.connect(cache.address());
        return new UserService(resilient, repository, PREFIX);
    }

    private static void findThreeTimes(UserService service, long id, String state) {
        for (int i = 0; i < 3; i++) {
            Optional<User> found;
            try {
                found = service.find(id);
            } catch (RuntimeException e) {
                throw new AssertionError("find(" + id + ") with memcached " + state + " threw " + e
                        + ": a cache error is a miss; catch it and answer from the repository", e);
            }
            assertThat(found).as("find(%d) with memcached %s: the repository has the user", id, state).isPresent();
        }
    }

    /** Deletes the test's key first, so a server that outlives the run (memcached.address) cannot answer a hit. */
    private void forget(long id) throws ExecutionException, InterruptedException {
        client.delete(PREFIX + id).get();
    }

    private StoredItem awaitItem(String key) {
        return await(key + " to be stored").atMost(Duration.ofSeconds(2))
                .until(() -> inspector.inspect(key), Optional::isPresent).orElseThrow();
    }
}
