package kata.k05_cache_aside;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import kata.shared.SlowUserRepository;
import kata.shared.UnreadableValueException;
import kata.shared.User;
import kata.support.Dedicated;
import kata.support.MemcachedExtension;
import kata.support.MemcachedServer;
import kata.support.RawInspector;
import kata.support.StoredItem;
import kata.support.WatchedFuture;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.internal.OperationFuture;
import net.spy.memcached.transcoders.Transcoder;
import org.junit.jupiter.api.AfterEach;
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
    private static final int HITS = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> reported = new ArrayList<>();
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

        Optional<User> found = new UserService(client, repository, PREFIX, this::report).find(501);

        assertThat(found).as("find(501) on an empty cache: the repository has User(501, Ana)")
                .contains(new User(501, "Ana"));
        assertThat(repository.loads()).as("repository loads for one find(501) on an empty cache").isEqualTo(1);
        StoredItem item = inspector.awaitStored("k05:user:501");
        assertThat(item.ttlSeconds())
                .as("cache a loaded user for TTL, 60 s (exptime is in seconds, the seed's expire=60); k05:user:501"
                        + " after a miss holds %s", item.describe())
                .isBetween(55L, 60L);
        assertThat(item.flags()).as("store a String, not a Java object (flags 0); k05:user:501 holds %s",
                        item.describe())
                .isZero();
        assertThat(JSON.readTree(item.valueAsUtf8()))
                .as("store the seed's JSON, {\"id\", \"nome\"}: its Python reads json.loads(…)['nome']; k05:user:501"
                        + " holds %s", item.describe())
                .isEqualTo(JSON.readTree("{\"id\": 501, \"nome\": \"Ana\"}"));
    }

    @Test
    @Tag("task:1")
    void find_returns_once_memcached_has_confirmed_the_set(MemcachedServer server) throws Exception {
        forget(510);
        SlowUserRepository repository = new SlowUserRepository(FAST).with(new User(510, "Jana"));
        try (ConfirmationRecordingClient recording = new ConfirmationRecordingClient(server)) {
            new UserService(recording.client(), repository, PREFIX, this::report).find(510);

            assertThat(recording.confirmed())
                    .as("wait for the set's answer (the future's get()): another service reading k05:user:510 the"
                            + " moment find returns must find it; keys whose write find(510) waited for")
                    .contains("k05:user:510");
        }
    }

    @Test
    @Tag("task:2")
    void a_hit_answers_from_the_cache_without_calling_the_repository() throws Exception {
        forget(502);
        SlowUserRepository repository = new SlowUserRepository(FAST).with(new User(502, "Bruno"));
        UserService service = new UserService(client, repository, PREFIX, this::report);

        service.find(502);
        for (int i = 0; i < 3; i++) {
            assertThat(service.find(502)).as("find(502) again, answered from k05:user:502")
                    .contains(new User(502, "Bruno"));
        }

        assertThat(repository.loads())
                .as("repository loads after 4 x find(502): only the first, the miss, may reach the repository")
                .isEqualTo(1);
    }

    static Stream<Arguments> seedEntries() {
        return Stream.of(
                arguments("as json.dumps writes it", "{\"id\": 503, \"nome\": \"Usuario_503\"}",
                        "Usuario_503"),
                arguments("with a field this service does not know",
                        "{\"id\": 503, \"nome\": \"Bia\", \"email\": \"bia@example.org\"}", "Bia"));
    }

    @ParameterizedTest(name = "a user the seed cached is a hit: {0}")
    @MethodSource("seedEntries")
    @Tag("task:2")
    void a_user_the_seeds_python_cached_is_a_hit(String how, String json, String name) throws Exception {
        forget(503);
        SlowUserRepository repository = new SlowUserRepository(FAST).with(new User(503, "Old name"));
        // what the seed's buscar_usuario stores: client.set(key, json.dumps(dados).encode('utf-8'), expire=60)
        inspector.store("k05:user:503", json.getBytes(StandardCharsets.UTF_8), 0);

        Optional<User> found = new UserService(client, repository, PREFIX, this::report).find(503);

        assertThat(found).as("read the cached JSON as k03 taught, a tolerant reader; find(503) with k05:user:503 ="
                + " %s already cached", json).contains(new User(503, name));
        assertThat(repository.loads()).as("repository loads for find(503) when the cache has it").isZero();
        assertThat(reported).as("entries reported unreadable after find(503) of %s", json).isEmpty();
    }

    static Stream<Arguments> unreadableEntries() {
        byte[] json = "{\"id\": 508, \"nome\": \"Hugo\"}".getBytes(StandardCharsets.UTF_8);
        return Stream.of(
                arguments("text that is not JSON", (Consumer<RawInspector>) raw ->
                        raw.store("k05:user:508", "not json {".getBytes(StandardCharsets.UTF_8), 0)),
                arguments("a user in Java's field names, not the contract's", (Consumer<RawInspector>) raw ->
                        raw.store("k05:user:508", "{\"id\": 508, \"name\": \"Hugo\"}"
                                .getBytes(StandardCharsets.UTF_8), 0)),
                arguments("the user's JSON stored as a byte[] (flags 2048)", (Consumer<RawInspector>) raw ->
                        raw.store("k05:user:508", json, 2048)));
    }

    @ParameterizedTest(name = "an unreadable entry is a reported miss: {0}")
    @MethodSource("unreadableEntries")
    @Tag("task:2")
    void an_unreadable_entry_is_a_reported_miss_served_from_the_repository(String what, Consumer<RawInspector> write)
            throws Exception {
        forget(508);
        SlowUserRepository repository = new SlowUserRepository(FAST).with(new User(508, "Hugo"));
        write.accept(inspector);
        String held = inspector.inspect("k05:user:508").map(StoredItem::describe).orElse("nothing");
        UserService service = new UserService(client, repository, PREFIX, this::report);

        Optional<User> found = findWithoutCrash(service, 508, held);

        assertThat(found).as("an entry that is not a user is a miss, answered from the repository; find(508) with"
                + " %s cached (%s)", what, held)
                .contains(new User(508, "Hugo"));
        assertThat(reported).as("report it to onUnreadable: someone must see it, or it stays wrong; entries reported"
                + " after find(508) with %s cached", what).containsExactly("k05:user:508");
        assertThat(service.find(508)).as("find(508) again").contains(new User(508, "Hugo"));
        assertThat(repository.loads())
                .as("cache the loaded user over the bad entry, so the next find is a hit; repository loads after"
                        + " 2 x find(508)")
                .isEqualTo(1);
    }

    @Test
    @Tag("task:2")
    void a_java_serialized_entry_is_a_reported_miss_served_from_the_repository() throws Exception {
        forget(509);
        SlowUserRepository repository = new SlowUserRepository(FAST).with(new User(509, "Iris"));
        // spymemcached's default transcoder writes any Serializable as Java serialization, flags 1
        client.set("k05:user:509", 60, new ArrayList<>(List.of("Iris"))).get();
        String held = inspector.inspect("k05:user:509").map(StoredItem::describe).orElse("nothing");

        Optional<User> found = findWithoutCrash(new UserService(client, repository, PREFIX, this::report), 509, held);

        assertThat(found).as("check the type before you cast: an entry that is not a String is a miss, answered"
                + " from the repository; find(509) with a Java-serialized list cached (%s)", held)
                .contains(new User(509, "Iris"));
        assertThat(reported).as("report it to onUnreadable: what cache.get returns is not always a String; entries"
                + " reported after find(509) of a Java object").containsExactly("k05:user:509");
    }

    @Test
    @Tag("task:3")
    void an_update_writes_the_repository_then_deletes_the_cached_copy() throws Exception {
        forget(504);
        SlowUserRepository repository = new SlowUserRepository(FAST).with(new User(504, "Caio"));
        UserService service = new UserService(client, repository, PREFIX, this::report);
        service.find(504);
        inspector.awaitStored("k05:user:504");

        service.update(new User(504, "Caio Souza"));

        assertThat(repository.saves()).as("repository saves after update(User(504, Caio Souza))").isEqualTo(1);
        assertThat(inspector.inspect("k05:user:504").map(StoredItem::describe))
                .as("delete the cached copy, do not keep serving the old name; k05:user:504 after update(…)")
                .isEmpty();
        assertThat(service.find(504)).as("find(504) after the update: loaded anew from the repository")
                .contains(new User(504, "Caio Souza"));
        assertThat(repository.loads()).as("repository loads: the first find, then the one after the update")
                .isEqualTo(2);
    }

    @Test
    @Tag("task:3")
    void update_returns_once_memcached_has_confirmed_the_delete(MemcachedServer server) throws Exception {
        forget(511);
        SlowUserRepository repository = new SlowUserRepository(FAST).with(new User(511, "Kauã"));
        try (ConfirmationRecordingClient recording = new ConfirmationRecordingClient(server)) {
            new UserService(recording.client(), repository, PREFIX, this::report).update(new User(511, "Kauã Dias"));

            assertThat(recording.confirmed())
                    .as("wait for the delete's answer (the future's get()): once update returns, no reader anywhere"
                            + " may get the old copy; keys whose write update(User(511, …)) waited for")
                    .contains("k05:user:511");
        }
    }

    @Test
    @Tag("task:3")
    void a_reader_during_the_write_cannot_put_the_old_user_back() throws Exception {
        forget(505);
        SlowUserRepository repository = new SlowUserRepository(FAST).with(new User(505, "Davi"));
        UserService service = new UserService(client, repository, PREFIX, this::report);
        service.find(505);
        inspector.awaitStored("k05:user:505");
        // another request reads user 505 while the write is in progress; the repository still has the old row
        repository.duringNextSave(() -> service.find(505));

        service.update(new User(505, "Davi Lima"));

        assertThat(service.find(505))
                .as("delete AFTER the write: a delete before it lets a read during the write cache the old row for"
                        + " 60 s; find(505) after update(User(505, Davi Lima)), cached now: %s",
                        inspector.inspect("k05:user:505").map(StoredItem::describe).orElse("nothing"))
                .contains(new User(505, "Davi Lima"));
    }

    @Test
    @Tag("task:4")
    void a_missing_user_is_remembered_as_missing_for_a_short_time() throws Exception {
        forget(506);
        SlowUserRepository repository = new SlowUserRepository(FAST);
        UserService service = new UserService(client, repository, PREFIX, this::report);

        for (int i = 0; i < 3; i++) {
            assertThat(service.find(506)).as("find(506): the repository has no user 506").isEmpty();
        }

        assertThat(repository.loads())
                .as("remember the miss, or every request for a user that does not exist pays the slow query;"
                        + " repository loads after 3 x find(506)")
                .isEqualTo(1);
        StoredItem item = inspector.awaitStored("k05:user:506");
        assertThat(item.ttlSeconds())
                .as("cache the missing mark for MISSING_TTL, 10 s: short, so a user created meanwhile is not hidden"
                        + " for long; k05:user:506 holds %s", item.describe())
                .isBetween(7L, 10L);
        assertThat(JSON.readTree(item.valueAsUtf8()).isNull())
                .as("mark a missing user with the JSON null, a value no user can be mistaken for (the seed's"
                        + " json.loads reads it as None); k05:user:506 holds %s", item.describe())
                .isTrue();
        assertThat(reported).as("do not report the missing mark: it is this service's own, not a bad value;"
                + " entries reported unreadable").isEmpty();
    }

    @Test
    @Tag("task:4")
    void a_user_created_after_a_miss_is_found_at_once() throws Exception {
        forget(507);
        SlowUserRepository repository = new SlowUserRepository(FAST);
        UserService service = new UserService(client, repository, PREFIX, this::report);
        assertThat(service.find(507)).as("find(507) before user 507 exists").isEmpty();

        service.update(new User(507, "Duda"));

        assertThat(service.find(507))
                .as("the write also deletes the 'missing' mark; find(507) after update(User(507, Duda)) created it")
                .contains(new User(507, "Duda"));
    }

    @Test
    @Tag("task:5")
    void the_cache_client_gives_up_well_before_the_2_5_second_default(MemcachedServer server) {
        resilient = UserService.connect(server.address());

        assertThat(resilient.getOperationTimeout())
                .as("give the client an operation timeout under 1 s (setOpTimeout): every request waits this long"
                        + " when memcached is frozen, 2500 ms by default; UserService.connect(…)'s timeout in ms")
                .isBetween(1L, 1000L);
    }

    @Test
    @Tag("task:5")
    void the_cache_client_cancels_at_once_for_a_server_known_to_be_down(@Dedicated MemcachedServer cache) {
        resilient = UserService.connect(cache.address());
        await("UserService.connect(…)'s connection to " + cache.description()).atMost(Duration.ofSeconds(10))
                .until(() -> !resilient.getAvailableServers().isEmpty());
        cache.stop();
        // spymemcached learns that a server is down from an operation that finds the connection gone
        await("the client to see that memcached stopped").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try {
                resilient.get("k05:user:603");
            } catch (RuntimeException expected) {
                // cancelled or timed out: either way the connection's loss is now known
            }
            assertThat(resilient.getUnavailableServers()).as("servers the client knows to be down").isNotEmpty();
        });

        assertThat(resilient.asyncGet("k05:user:603").isCancelled())
                .as("build the client with FailureMode.Cancel: it cancels at once an operation for a server known"
                        + " to be down; the default (Redistribute) queues it and every request waits the whole"
                        + " timeout; asyncGet(\"k05:user:603\") cancelled, its only server stopped")
                .isTrue();
    }

    @Test
    @Tag("task:5")
    void a_frozen_cache_still_answers_from_the_repository_in_bounded_time(@Dedicated MemcachedServer cache) {
        SlowUserRepository repository = new SlowUserRepository(FAST).with(new User(601, "Eva"));
        UserService service = resilientService(cache, repository);
        service.find(601);
        cache.pause(); // connections stay open and nothing answers: only a timeout ends a request
        try {
            assertTimeoutPreemptively(BOUND, () -> findThreeTimesThenUpdate(service, new User(601, "Eva Lima"), "paused"),
                    "3 x find(601) and an update with memcached paused took over " + BOUND.toSeconds() + " s: give"
                            + " the client a short operation timeout (ConnectionFactoryBuilder.setOpTimeout)");
        } finally {
            cache.resume();
        }
        assertThat(repository.loads()).as("repository loads: 1 before the pause, then 3 while the cache is frozen")
                .isEqualTo(4);
        assertThat(repository.saves()).as("repository saves after update(User(601, Eva Lima))").isEqualTo(1);
    }

    @Test
    @Tag("task:5")
    void a_stopped_cache_still_answers_and_updates_from_the_repository(@Dedicated MemcachedServer cache) {
        SlowUserRepository repository = new SlowUserRepository(FAST).with(new User(602, "Fabio"));
        UserService service = resilientService(cache, repository);
        service.find(602);
        cache.stop(); // connections refused from now on

        assertTimeoutPreemptively(BOUND, () -> findThreeTimesThenUpdate(service, new User(602, "Fabio Reis"), "stopped"),
                "3 x find(602) and an update with memcached stopped took over " + BOUND.toSeconds() + " s: a short"
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
        UserService service = new UserService(client, repository, PREFIX, this::report);

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
        return new UserService(resilient, repository, PREFIX, this::report);
    }

    /** 3 x find, then an update, with memcached {@code state}: none may throw, the repository has the user. */
    private static void findThreeTimesThenUpdate(UserService service, User updated, String state) {
        findThreeTimes(service, updated.id(), state);
        assertThatCode(() -> service.update(updated))
                .as("a failed delete must not fail the update: the write to the repository is what matters;"
                        + " update(%s) with memcached %s", updated, state)
                .doesNotThrowAnyException();
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

    private void report(String key, UnreadableValueException why) {
        reported.add(key);
    }

    /** Calls find and fails the test, with what was thrown, if it crashes the caller. */
    private static Optional<User> findWithoutCrash(UserService service, long id, String held) {
        try {
            return service.find(id);
        } catch (RuntimeException e) {
            throw new AssertionError("find(" + id + ") threw " + e + " with " + held + " cached: an entry that is not"
                    + " a user is a miss; report it to onUnreadable and answer from the repository", e);
        }
    }

    /**
     * A client of the shared server that notes, per key, whether its caller waited for a set's or a delete's answer
     * (called {@code get} on the future), so a test can tell "confirmed" from "sent" without timing anything.
     */
    private static final class ConfirmationRecordingClient implements AutoCloseable {

        private final Set<String> confirmed = ConcurrentHashMap.newKeySet();
        private final MemcachedClient client;

        ConfirmationRecordingClient(MemcachedServer server) throws IOException {
            client = new MemcachedClient(server.address()) {
                @Override
                public OperationFuture<Boolean> set(String key, int exp, Object value) {
                    return recording(key, super.set(key, exp, value));
                }

                @Override
                public <T> OperationFuture<Boolean> set(String key, int exp, T value, Transcoder<T> transcoder) {
                    return recording(key, super.set(key, exp, value, transcoder));
                }

                @Override
                public OperationFuture<Boolean> delete(String key, long cas) {
                    return recording(key, super.delete(key, cas));
                }
            };
        }

        MemcachedClient client() {
            return client;
        }

        Set<String> confirmed() {
            return confirmed;
        }

        private OperationFuture<Boolean> recording(String key, OperationFuture<Boolean> sent) {
            return new WatchedFuture<>(sent, client.getOperationTimeout(), () -> confirmed.add(key));
        }

        @Override
        public void close() {
            client.shutdown(); // its IO thread is not a daemon
        }
    }

    /** Deletes the test's key first, so a server that outlives the run (memcached.address) cannot answer a hit. */
    private void forget(long id) throws ExecutionException, InterruptedException {
        client.delete(PREFIX + id).get();
    }

}
