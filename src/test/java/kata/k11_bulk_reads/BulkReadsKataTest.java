package kata.k11_bulk_reads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import kata.shared.BulkWrite;
import kata.support.Dedicated;
import kata.support.MemcachedExtension;
import kata.support.MemcachedServer;
import kata.support.Memcslap;
import kata.support.RawInspector;
import kata.support.StoredItem;
import kata.support.WatchedFuture;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.FailureMode;
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

@ExtendWith(MemcachedExtension.class)
@DisplayName("k11 · Bulk reads and pipelining")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // only to print the timing report last; no test needs another
class BulkReadsKataTest {

    /** Loose on purpose (2 shared cores): what one bounded wait of 300 ms may take here, with room to spare. */
    private static final Duration BOUND = Duration.ofSeconds(6);
    private static final Duration WITHIN = Duration.ofMillis(300);
    /** The timing report: rounds of each way to read 100 keys, after a warm-up (JIT, connection). */
    private static final int KEYS = 100;
    private static final int WARM_UP = 20;
    private static final int ROUNDS = 50;
    private static final int BATCH = 1_000;
    private static final int MEMCSLAP_KEYS = 10_000;

    private MemcachedClient client;
    private RawInspector inspector;
    /** Clients of dedicated servers, shut down after each test: their IO threads are not daemons. */
    private final List<MemcachedClient> own = new ArrayList<>();

    @BeforeEach
    void connect(MemcachedClient client, MemcachedServer server) {
        this.client = client;
        this.inspector = new RawInspector(server.address());
    }

    @AfterEach
    void shutDownOwnClients() {
        own.forEach(MemcachedClient::shutdown);
    }

    @Test
    @Tag("task:1")
    void get_all_returns_what_memcached_holds_and_leaves_the_missing_keys_out() throws Exception {
        List<String> keys = keys("k11:get:", 10);
        Map<String, String> held = new LinkedHashMap<>();
        for (String key : keys) {
            client.delete(key).get();
        }
        for (String key : keys.subList(0, 7)) {
            held.put(key, "value of " + key);
            inspector.store(key, held.get(key).getBytes(StandardCharsets.UTF_8), 0);
        }

        Map<String, Object> found = new BulkCache(client).getAll(keys);

        assertThat(found)
                .as("getAll(10 keys, 7 held): a key memcached does not hold is left out of the map, never mapped to"
                        + " null (callers use containsKey and get(k) != null alike); what getAll returned")
                .containsExactlyInAnyOrderEntriesOf(held)
                .doesNotContainKeys(keys.subList(7, 10).toArray(String[]::new));
    }

    @Test
    @Tag("task:1")
    void get_all_of_100_keys_is_one_get_command_on_the_server(@Dedicated MemcachedServer server) throws Exception {
        MemcachedClient dedicated = ownClient(server);
        List<String> keys = keys("k11:one:", KEYS);
        for (String key : keys.subList(0, 90)) {
            dedicated.set(key, 60, "v").get();
        }
        Wire before = Wire.of(server);

        Map<String, Object> found = new BulkCache(dedicated).getAll(keys);

        Wire grew = Wire.of(server).minus(before);
        assertThat(found).as("getAll(100 keys, 90 held): the keys found").hasSize(90);
        assertThat(grew.cmdGet).as("cmd_get counts KEYS asked for, not commands: it grows by 100 for one"
                + " multi-key get and for 100 gets alike; growth of cmd_get over getAll(100 keys)").isEqualTo(100);
        assertThat(grew.getCommands(keys))
                .as("read all the keys in ONE multi-key get (client.getBulk), not one get per key: each get costs a"
                        + " round trip; get commands the server read during getAll(100 keys) (from bytes_read,"
                        + " which grew by %,d)", grew.bytesRead)
                .isEqualTo(1);
    }

    @Test
    @Tag("task:1")
    void a_key_memcached_cannot_take_fails_get_all_before_any_get_is_sent(@Dedicated MemcachedServer server)
            throws Exception {
        MemcachedClient dedicated = ownClient(server);
        dedicated.set("k11:first", 60, "v").get();
        Wire before = Wire.of(server);

        assertThatThrownBy(() -> new BulkCache(dedicated).getAll(List.of("k11:first", "k11:second", "k11:bad key")))
                .as("getAll with a key holding a space: the client refuses the whole batch")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Key contains invalid characters");
        assertThat(Wire.of(server).minus(before).cmdGet)
                .as("check every key before sending any (getBulk does): keys the server was asked for before the"
                        + " bad one was refused")
                .isZero();
    }

    @Test
    @Tag("task:2")
    void set_all_stores_every_value_as_text_for_its_ttl_and_reports_each_key_stored() {
        Map<String, String> values = values("k11:set:", 50);
        values.put("k11:set:long", "ç".repeat(10_000)); // 20,000 bytes of UTF-8: over spymemcached's 16 KB gzip

        BulkWrite written = new BulkCache(client).setAll(values, 60, BOUND);

        assertThat(written.failed()).as("keys setAll(51 values) reported failed, on a healthy server").isEmpty();
        assertThat(written.stored()).as("keys setAll(51 values) reported stored, in the order given")
                .containsExactlyElementsOf(values.keySet());
        values.forEach((key, value) -> {
            StoredItem item = inspector.inspect(key).orElseThrow(() -> new AssertionError(key + " was reported"
                    + " stored by setAll(…), but memcached does not hold it"));
            assertThat(item.flags()).as("flags of %s after setAll(…): UTF-8 text is flags 0, what the seed's Python"
                    + " reads; 2 is spymemcached's gzip (its default transcoder, over 16 KB): store through the"
                    + " given text transcoder; %s", key, item.describe()).isZero();
            assertThat(item.valueAsUtf8()).as("%s after setAll(…)", key).isEqualTo(value);
            assertThat(item.ttlSeconds()).as("TTL of %s after setAll(…, 60, …): %s", key, item.describe())
                    .isBetween(55L, 60L);
        });
    }

    @Test
    @Tag("task:2")
    void set_all_sends_every_set_before_it_waits_for_an_answer(MemcachedServer server) throws IOException {
        Map<String, String> values = values("k11:pipe:", 20);
        WaitRecordingClient recording = new WaitRecordingClient(server);
        own.add(recording);

        BulkWrite written = new BulkCache(recording).setAll(values, 60, BOUND);

        assertThat(recording.sentAtFirstWait.get())
                .as("send all the sets first (client.set returns a future at once), then wait: set-and-wait key by"
                        + " key pays a round trip per key; sets sent when setAll first waited for an answer")
                .isEqualTo(values.size());
        assertThat(recording.awaited.get())
                .as("wait for every set's answer, or 'stored' is a guess; futures whose answer setAll awaited")
                .isEqualTo(values.size());
        assertThat(written.stored()).as("keys reported stored").containsExactlyElementsOf(values.keySet());
    }

    @Test
    @Tag("task:2")
    void set_all_waits_once_for_within_in_all_not_once_per_key(@Dedicated MemcachedServer server) throws Exception {
        MemcachedClient dedicated = ownClient(server);
        dedicated.set("k11:wait:warm", 60, "v").get(); // connected before the pause
        Map<String, String> values = values("k11:wait:", 40);
        server.pause(); // connections stay open and nothing answers: only the deadline ends the wait
        BulkWrite written;
        try {
            written = assertTimeoutPreemptively(BOUND, () -> new BulkCache(dedicated).setAll(values, 60, WITHIN),
                    "setAll(40 values, within 300 ms) with memcached paused took over " + BOUND.toSeconds() + " s:"
                            + " one deadline for all the answers (the time left, not 300 ms per future, nor the"
                            + " client's 2.5 s operation timeout per future)");
        } finally {
            server.resume();
        }
        assertThat(written.stored()).as("keys reported stored though memcached, paused, answered none: wait for the"
                + " answers, a sent set is not a stored one").isEmpty();
        assertThat(written.failed())
                .as("every key unanswered within the deadline is failed, each with why; setAll's failures")
                .containsOnlyKeys(values.keySet())
                .allSatisfy((key, why) -> assertThat(why).as("why %s failed", key)
                        .isEqualTo("no answer within 300 ms"));
    }

    @Test
    @Tag("task:2")
    void an_interrupted_wait_reports_every_key_unconfirmed_and_keeps_the_interrupt(@Dedicated MemcachedServer server)
            throws Exception {
        MemcachedClient dedicated = ownClient(server);
        dedicated.set("k11:interrupted:warm", 60, "v").get(); // connected before the pause
        Map<String, String> values = values("k11:interrupted:", 5);
        server.pause(); // the sets go out and no answer comes: setAll waits
        InterruptedCall call;
        try {
            call = InterruptedCall.whileWaiting(() -> new BulkCache(dedicated).setAll(values, 60, BOUND));
        } finally {
            server.resume();
        }

        assertThat(call.stillInterrupted)
                .as("catch InterruptedException and interrupt the thread again: whoever interrupted it (a server"
                        + " shutting down) must still see it; the thread's interrupt flag after setAll returned")
                .isTrue();
        assertThat(call.written.stored()).as("keys reported stored though setAll's wait was interrupted before"
                + " any answer: a sent set is not a confirmed one").isEmpty();
        assertThat(call.written.failed()).as("every key whose answer the interrupt cut short, each with why")
                .containsOnlyKeys(values.keySet())
                .allSatisfy((key, why) -> assertThat(why).as("why %s failed", key).containsIgnoringCase("interrupt"));
    }

    @Test
    @Tag("task:3")
    void a_set_the_client_refuses_to_queue_is_a_failed_key_with_the_clients_reason() throws Exception {
        Map<String, String> values = values("k11:unqueued:", 3);

        // spymemcached will not queue an operation for an interrupted thread: client.set throws at once
        InterruptedCall call = InterruptedCall.fromTheStart(() -> new BulkCache(client).setAll(values, 60, BOUND));

        assertThat(call.written.failed())
                .as("client.set can throw (IllegalStateException: interrupted, or its queue full): catch it per"
                        + " key, so the batch still says what became of each; setAll's failures on an interrupted"
                        + " thread")
                .containsOnlyKeys(values.keySet())
                .allSatisfy((key, why) -> assertThat(why).as("why %s failed", key)
                        .startsWith("Interrupted while waiting to add"));
        assertThat(call.stillInterrupted).as("the interrupt flag after setAll returned").isTrue();
    }

    @Test
    @Tag("task:3")
    void every_refused_value_is_reported_with_why_and_the_others_are_still_stored() throws Exception {
        String tooLong = "k11:" + "x".repeat(247);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("k11:bad:first", "a");
        values.put("k11:bad key", "b");
        values.put(tooLong, "c");
        values.put("k11:bad:null", null);
        values.put("k11:bad:huge", "x".repeat(BulkCache.MAX_VALUE_BYTES + 1));
        values.put("k11:bad:last", "d");
        for (String key : List.of("k11:bad:first", "k11:bad:null", "k11:bad:huge", "k11:bad:last")) {
            client.delete(key).get();
        }

        BulkWrite written = assertTimeoutPreemptively(BOUND, () -> new BulkCache(client).setAll(values, 60, BOUND),
                "setAll with bad entries took over " + BOUND.toSeconds() + " s");

        assertThat(written.failed())
                .as("collect every refusal, not the first one, and go on with the next key; keys setAll failed")
                .containsOnlyKeys("k11:bad key", tooLong, "k11:bad:null", "k11:bad:huge");
        assertThat(written.failed().get("k11:bad key")).as("why 'k11:bad key' failed: say the client's reason")
                .contains("Key contains invalid characters");
        assertThat(written.failed().get(tooLong)).as("why a 251-byte key failed: say the client's reason")
                .contains("Key is too long");
        assertThat(written.failed().get("k11:bad:null")).as("why a null value failed").contains("null");
        assertThat(written.failed().get("k11:bad:huge"))
                .as("why a value of MAX_VALUE_BYTES + 1 bytes failed: name the limit")
                .contains("MAX_VALUE_BYTES");
        assertThat(written.stored()).as("keys stored: the good ones, before and after the bad ones")
                .containsExactly("k11:bad:first", "k11:bad:last");
        assertThat(inspector.inspect("k11:bad:last").map(StoredItem::valueAsUtf8))
                .as("k11:bad:last, after the bad entries before it").contains("d");
        assertThat(inspector.inspect("k11:bad:huge").map(StoredItem::describe))
                .as("k11:bad:huge: an oversized value is refused before it is sent").isEmpty();
    }

    @Test
    @Tag("task:3")
    void a_value_over_the_limit_is_not_sent_and_what_the_key_held_is_kept() {
        inspector.store("k11:big", "old".getBytes(StandardCharsets.UTF_8), 0);
        Map<String, String> values = Map.of("k11:big", "y".repeat(BulkCache.MAX_VALUE_BYTES + 1));

        BulkWrite written = new BulkCache(client).setAll(values, 60, BOUND);

        assertThat(inspector.inspect("k11:big").map(StoredItem::valueAsUtf8))
                .as("check the size before sending: memcached deletes what a key held when it refuses a value as too"
                        + " large (and spymemcached may gzip a long string under the limit, which the seed's Python"
                        + " cannot read); k11:big after setAll of MAX_VALUE_BYTES + 1 bytes")
                .contains("old");
        assertThat(written.failed()).as("setAll's failures").containsOnlyKeys("k11:big");
    }

    @Test
    @Tag("task:3")
    void a_value_of_exactly_the_limit_is_sent_as_it_is_even_with_the_longest_key() throws Exception {
        String key = "k11:limit:" + "l".repeat(240); // 250 bytes, the longest key memcached takes
        client.delete(key).get();
        String value = "z".repeat(BulkCache.MAX_VALUE_BYTES);

        BulkWrite written = new BulkCache(client).setAll(Map.of(key, value), 60, BOUND);

        assertThat(written.stored()).as("setAll of exactly MAX_VALUE_BYTES bytes: the limit itself is allowed;"
                + " failures: %s", written.failed()).containsExactly(key);
        StoredItem held = inspector.inspect(key).orElseThrow(() -> new AssertionError(key + " reported stored, but"
                + " memcached does not hold it"));
        assertThat(List.of(held.flags(), held.size()))
                .as("flags and size memcached holds for a 250-byte key after setAll of MAX_VALUE_BYTES bytes of"
                        + " text: the value as sent, uncompressed (flags 0), fits the 1 MB item with the key and its"
                        + " header; %s", held.describe())
                .containsExactly(0, BulkCache.MAX_VALUE_BYTES);
        assertThat(new BulkCache(client).getAll(List.of(key))).as("getAll of it").containsEntry(key, value);
    }

    @Test
    @Tag("task:3")
    void a_failed_answer_is_reported_per_key_not_lost(@Dedicated MemcachedServer server) throws Exception {
        MemcachedClient cancelling = ownClient(server, new ConnectionFactoryBuilder()
                .setFailureMode(FailureMode.Cancel).setOpTimeout(500));
        await("the cancelling client's connection to " + server.description()).atMost(Duration.ofSeconds(10))
                .until(() -> !cancelling.getAvailableServers().isEmpty());
        server.stop();
        // spymemcached learns that a server is down from an operation that finds the connection gone
        await("the client to see that memcached stopped").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try {
                cancelling.get("k11:fail:warm");
            } catch (RuntimeException expected) {
                // cancelled or timed out: either way the connection's loss is now known
            }
            assertThat(cancelling.getUnavailableServers()).as("servers the client knows to be down").isNotEmpty();
        });
        Map<String, String> values = values("k11:fail:", 5);

        BulkWrite written = assertTimeoutPreemptively(BOUND, () -> new BulkCache(cancelling).setAll(values, 60,
                BOUND), "setAll(5 values) to a stopped server, the client cancelling, took over " + BOUND.toSeconds()
                + " s");

        assertThat(written.stored()).as("keys reported stored by setAll to a stopped server").isEmpty();
        assertThat(written.failed())
                .as("a future that failed (get() throws ExecutionException: here cancelled, the server being down)"
                        + " is a failed key with its cause, not an exception out of setAll nor a silent success")
                .containsOnlyKeys(values.keySet())
                .allSatisfy((key, why) -> assertThat(why).as("why %s failed", key).containsIgnoringCase("cancel"));
    }

    @Test
    @Tag("task:2")
    @Order(Integer.MAX_VALUE)
    void bulk_reads_and_pipelined_sets_print_the_timing_report(@Dedicated MemcachedServer server) throws Exception {
        MemcachedClient dedicated = ownClient(server);
        BulkCache cache = new BulkCache(dedicated);
        Map<String, String> values = values("k11:report:", KEYS);
        assertThat(cache.setAll(values, 60, BOUND).failed()).as("setAll of the report's keys").isEmpty();
        List<String> keys = List.copyOf(values.keySet());
        Map<String, Object> expected = Map.copyOf(values);

        long[] oneByOne = new long[ROUNDS];
        long[] bulk = new long[ROUNDS];
        for (int round = -WARM_UP; round < ROUNDS; round++) {
            long start = System.nanoTime();
            Map<String, Object> each = new LinkedHashMap<>();
            for (String key : keys) {
                each.put(key, dedicated.get(key)); // the N+1 way, the report's baseline
            }
            long middle = System.nanoTime();
            Map<String, Object> all = cache.getAll(keys);
            long end = System.nanoTime();
            assertThat(all).as("getAll(100 keys) in round %d", round).isEqualTo(expected).isEqualTo(each);
            if (round >= 0) {
                oneByOne[round] = middle - start;
                bulk[round] = end - middle;
            }
        }
        // one more round of each, untimed, to print what the server counted
        Wire untimed = Wire.of(server);
        for (String key : keys) {
            dedicated.get(key);
        }
        Wire afterEach = Wire.of(server);
        cache.getAll(keys);
        Wire[] counted = {afterEach.minus(untimed), Wire.of(server).minus(afterEach)};
        long[] batches = new long[5];
        for (int run = 0; run < batches.length; run++) {
            Map<String, String> batch = values("k11:report:batch:" + run + ":", BATCH);
            long start = System.nanoTime();
            BulkWrite written = cache.setAll(batch, 60, BOUND);
            batches[run] = System.nanoTime() - start;
            assertThat(written.failed()).as("setAll of %,d values, run %d", BATCH, run).isEmpty();
        }
        printTimingReport(server, oneByOne, bulk, batches, counted, keys);
    }

    private static void printTimingReport(MemcachedServer server, long[] oneByOne, long[] bulk, long[] batches,
                                          Wire[] counted, List<String> keys) {
        double eachMs = percentile(oneByOne, 50) / 1e6;
        double bulkMs = percentile(bulk, 50) / 1e6;
        double setsPerSecond = BATCH / (percentile(batches, 50) / 1e9);
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT, "%n"
                        + "k11 timing report: %d keys against %s (printed, never asserted)%n"
                        + "                              median         p99%n"
                        + "  %d x get (N+1)             %8.3f ms   %8.3f ms%n"
                        + "  1 x getAll(%d)             %8.3f ms   %8.3f ms%n"
                        + "  getAll is %.0f x faster (medians)%n"
                        + "  the server counted: cmd_get %d and %d (keys), get commands %.0f and %.0f"
                        + " (from bytes_read)%n"
                        + "  setAll of %,d values: %,.0f sets/s (median of %d runs, each with one wait)%n",
                KEYS, server.description(), KEYS, eachMs, percentile(oneByOne, 99) / 1e6, KEYS, bulkMs,
                percentile(bulk, 99) / 1e6, eachMs / bulkMs, counted[0].cmdGet, counted[1].cmdGet,
                counted[0].getCommands(keys), counted[1].getCommands(keys), BATCH, setsPerSecond, batches.length));
        Optional<Memcslap> memcslap = Memcslap.onPath();
        if (memcslap.isEmpty()) {
            report.append("  ").append(Memcslap.ABSENT).append(String.format("%n"));
        } else {
            report.append(String.format("  libmemcached's memcslap, the native client, on the same server"
                    + " (%,d keys, 1 thread; its set waits for each answer, setAll does not):%n", MEMCSLAP_KEYS));
            report.append(reference(memcslap.get(), server, Memcslap.Test.GET, KEYS + " x get", KEYS / (eachMs / 1e3)));
            report.append(reference(memcslap.get(), server, Memcslap.Test.MGET, "getAll", KEYS / (bulkMs / 1e3)));
            report.append(reference(memcslap.get(), server, Memcslap.Test.SET, "setAll", setsPerSecond));
        }
        System.out.print(report);
    }

    /** One line: memcslap's run, and ours in keys per second as a fraction of it. */
    private static String reference(Memcslap memcslap, MemcachedServer server, Memcslap.Test test, String ours,
                                    double oursPerSecond) {
        try {
            Memcslap.Run run = memcslap.run(server.address(), test, MEMCSLAP_KEYS, 1, Duration.ofSeconds(30));
            String fraction = Double.isNaN(run.keysPerSecond()) ? "no fraction"
                    : String.format(Locale.ROOT, "%.2f of it", oursPerSecond / run.keysPerSecond());
            return String.format(Locale.ROOT, "    %-70s ours (%s, %,.0f keys/s): %s%n", run.describe(), ours,
                    oursPerSecond, fraction);
        } catch (RuntimeException e) {
            return "    memcslap " + test.option() + " gave no figure: " + e.getMessage() + String.format("%n");
        }
    }

    private static double percentile(long[] nanos, int percent) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.ceil(sorted.length * percent / 100.0) - 1];
    }

    private static List<String> keys(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i).collect(Collectors.toList());
    }

    private static Map<String, String> values(String prefix, int count) {
        Map<String, String> values = new LinkedHashMap<>();
        keys(prefix, count).forEach(key -> values.put(key, "value of " + key));
        return values;
    }

    private MemcachedClient ownClient(MemcachedServer server) throws IOException {
        return ownClient(server, new ConnectionFactoryBuilder());
    }

    private MemcachedClient ownClient(MemcachedServer server, ConnectionFactoryBuilder builder) throws IOException {
        MemcachedClient dedicated = new MemcachedClient(builder.build(), List.of(server.address()));
        own.add(dedicated);
        return dedicated;
    }

    /** setAll called on a thread of the test's own, interrupted: a flag left on JUnit's thread would leak. */
    private record InterruptedCall(BulkWrite written, boolean stillInterrupted) {

        /** Interrupted before it starts. */
        static InterruptedCall fromTheStart(Callable<BulkWrite> setAll) throws Exception {
            return run(setAll, thread -> { }, true);
        }

        /** Interrupted once it waits (a timed wait: the futures' get). */
        static InterruptedCall whileWaiting(Callable<BulkWrite> setAll) throws Exception {
            return run(setAll, thread -> {
                await("setAll to wait for the answers").atMost(BOUND)
                        .until(() -> thread.getState() == Thread.State.TIMED_WAITING || !thread.isAlive());
                thread.interrupt();
            }, false);
        }

        private static InterruptedCall run(Callable<BulkWrite> setAll, Consumer<Thread> interrupter,
                                           boolean fromTheStart) throws Exception {
            AtomicReference<BulkWrite> written = new AtomicReference<>();
            AtomicReference<Exception> thrown = new AtomicReference<>();
            AtomicBoolean stillInterrupted = new AtomicBoolean();
            Thread caller = new Thread(() -> {
                if (fromTheStart) {
                    Thread.currentThread().interrupt();
                }
                try {
                    written.set(setAll.call());
                } catch (Exception e) {
                    thrown.set(e);
                }
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }, "k11-interrupted-caller");
            caller.setDaemon(true);
            caller.start();
            interrupter.accept(caller);
            caller.join(BOUND.toMillis());
            if (thrown.get() != null) {
                throw thrown.get(); // the stub's exception, or the learner's, as it is
            }
            if (written.get() == null) {
                throw new AssertionError("setAll on an interrupted thread had not returned after "
                        + BOUND.toSeconds() + " s: once interrupted, stop waiting");
            }
            return new InterruptedCall(written.get(), stillInterrupted.get());
        }
    }

    /**
     * A dedicated server's traffic counters, from {@code stats}. {@code cmd_get} counts keys; what tells one
     * multi-key get from many is the framing the server read: {@code get} and CRLF (5 bytes) once per command, a
     * space and the key once per key.
     */
    private record Wire(long cmdGet, long bytesRead) {

        /** What {@code stats} itself adds to {@code bytes_read}: the command "stats\r\n" of the later snapshot. */
        private static final int STATS_COMMAND = "stats\r\n".length();

        static Wire of(MemcachedServer server) {
            Map<String, String> stats = new RawInspector(server.address()).stats();
            return new Wire(Long.parseLong(stats.get("cmd_get")), Long.parseLong(stats.get("bytes_read")));
        }

        Wire minus(Wire before) {
            return new Wire(cmdGet - before.cmdGet, bytesRead - before.bytesRead);
        }

        /** How many get commands carried {@code keys}, each key once: what the framing bytes come to. */
        double getCommands(List<String> keys) {
            long keyBytes = keys.stream().mapToLong(key -> 1 + key.getBytes(StandardCharsets.UTF_8).length).sum();
            return (bytesRead - STATS_COMMAND - keyBytes) / (double) "get\r\n".length();
        }
    }

    /**
     * A client of the shared server that counts the sets sent and, on a set's future, notes how many sets had been
     * sent when the first answer was awaited and how many answers were awaited: "pipelined" without timing anything.
     */
    private static final class WaitRecordingClient extends MemcachedClient {

        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger sentAtFirstWait = new AtomicInteger(-1);
        final AtomicInteger awaited = new AtomicInteger();

        WaitRecordingClient(MemcachedServer server) throws IOException {
            super(server.address());
        }

        @Override
        public OperationFuture<Boolean> set(String key, int exp, Object value) {
            return recording(super.set(key, exp, value));
        }

        @Override
        public <T> OperationFuture<Boolean> set(String key, int exp, T value, Transcoder<T> transcoder) {
            return recording(super.set(key, exp, value, transcoder));
        }

        private OperationFuture<Boolean> recording(OperationFuture<Boolean> future) {
            sent.incrementAndGet();
            AtomicBoolean counted = new AtomicBoolean();
            return new WatchedFuture<>(future, getOperationTimeout(), () -> {
                sentAtFirstWait.compareAndSet(-1, sent.get());
                if (counted.compareAndSet(false, true)) {
                    awaited.incrementAndGet();
                }
            });
        }
    }
}
