package kata.k08_conditional_writes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import kata.support.Concurrently;
import kata.support.Dedicated;
import kata.support.MemcachedExtension;
import kata.support.MemcachedServer;
import kata.support.RawInspector;
import kata.support.WriterFirstClient;
import kata.support.StoredItem;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.FailureMode;
import net.spy.memcached.MemcachedClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(MemcachedExtension.class)
@DisplayName("k08 · Conditional writes")
class ConditionalWritesKataTest {

    private static final Duration MINUTE = Duration.ofSeconds(60);
    /** Over spymemcached's compression threshold (16,384 bytes): its default transcoder would gzip this. */
    private static final String LONG_TEXT = "pedido;".repeat(3_000);
    private static final String REQUEST = "payment-42";
    /** Threads that race for one key: enough that a check-then-write lets more than one through. */
    private static final int RACERS = 8;

    private MemcachedClient client;
    private RawInspector inspector;
    private ConditionalStore store;
    /** Keeps this test's keys its own, also when a tool runs the tests many times against one server. */
    private String nonce;

    @BeforeEach
    void connect(MemcachedClient client, MemcachedServer server) {
        this.client = client;
        this.inspector = new RawInspector(server.address());
        this.store = new ConditionalStore(client);
        this.nonce = UUID.randomUUID().toString().substring(0, 8);
    }

    // Task 1: add

    @Test
    @Tag("task:1")
    void add_stores_the_text_when_the_key_is_absent() {
        String key = key("add:absent");

        assertThat(store.add(key, "primeiro pedido, João", MINUTE))
                .as("add(\"%s\", …, 60 s) on a key that holds nothing: memcached stored it; answer what the future"
                        + " of client.add(…) says (true)", key)
                .isTrue();

        StoredItem item = stored(key, "add(…) answered true");
        assertThat(item.value()).as("bytes under %s after add(…, \"primeiro pedido, João\", 60 s): the text's UTF-8"
                + " (%s)", key, item.describe()).isEqualTo(utf8("primeiro pedido, João"));
        assertThat(item.flags()).as("flags under %s after add(…): text is flags 0, what every client reads (%s)",
                key, item.describe()).isZero();
        assertThat(item.ttlSeconds()).as("TTL under %s after add(…, 60 s): the ttl in whole seconds, not"
                + " milliseconds and not 0 (%s)", key, item.describe()).isBetween(55L, 60L);
    }

    @Test
    @Tag("task:1")
    void add_on_a_taken_key_answers_false_and_leaves_the_value_as_it_was() {
        String key = key("add:taken");
        byte[] first = utf8("first writer's value");
        inspector.store(key, first, 0);

        assertThat(store.add(key, "second writer's value", MINUTE))
                .as("add(\"%s\", \"second writer's value\") on a key that holds \"first writer's value\": false, the"
                        + " key is taken. Use client.add, never set (set would have overwritten the first writer),"
                        + " and return the future's answer, never a constant or an exception", key)
                .isFalse();
        assertThat(inspector.inspect(key))
                .as("%s after a refused add(…): exactly what the first writer stored, with its flags and TTL", key)
                .contains(new StoredItem(key, first, 0, -1, first.length));
    }

    @Test
    @Tag("task:1")
    void get_reads_back_the_text_and_is_empty_on_a_miss() {
        String key = key("get");
        inspector.store(key, utf8("escrito por outro serviço"), 0);

        assertThat(store.get(key)).as("get(\"%s\") of UTF-8 text with flags 0, as any client writes it", key)
                .contains("escrito por outro serviço");
        assertThat(store.get(key("get:missing"))).as("get(…) of a key that holds nothing: empty, not an exception")
                .isEmpty();
    }

    @Test
    @Tag("task:1")
    void of_eight_simultaneous_adds_on_one_key_exactly_one_wins() {
        String key = key("add:race");

        List<Boolean> answers = Concurrently.run(RACERS, Duration.ofSeconds(20),
                i -> store.add(key, "writer " + i, MINUTE));

        assertThat(answers).as("answers of %d threads calling add(\"%s\", \"writer <i>\") at once: exactly one true."
                + " add is memcached's own check-and-store, one atomic command; a get, then a set, lets several"
                + " threads see the key empty and each overwrite the others", RACERS, key)
                .containsOnlyOnce(true);
        String winner = "writer " + answers.indexOf(true);
        assertThat(store.get(key)).as("the value under %s: the one writer whose add answered true", key)
                .contains(winner);
    }

    @Test
    @Tag("task:1")
    void a_writer_that_lands_between_a_check_and_the_write_is_never_overwritten(MemcachedServer server)
            throws IOException {
        String key = key("add:between");
        byte[] theirs = utf8("the other writer's value");
        MemcachedClient racing = new WriterFirstClient(server, inspector, key, theirs);
        try {
            boolean stored = new ConditionalStore(racing).add(key, "my value", MINUTE);

            assertThat(stored).as("add(\"%s\", \"my value\") when another writer stored the key just before this"
                    + " add's write reached memcached: false. Only add itself decides on the server; a get that"
                    + " saw the key empty, then a set, overwrites the other writer", key).isFalse();
            assertThat(inspector.inspect(key)).as("%s after the other writer got there first", key)
                    .contains(new StoredItem(key, theirs, 0, -1, theirs.length));
        } finally {
            racing.shutdown();
        }
    }

    @Test
    @Tag("task:1")
    void a_negative_ttl_is_refused_before_anything_is_stored() {
        String key = key("add:negative");

        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("add(\"%s\", …, -1 s): memcached reads a negative exptime as already expired, so the write"
                        + " would answer true and store nothing usable; refuse it", key)
                .isThrownBy(() -> store.add(key, "never", Duration.ofSeconds(-1)))
                .withMessageContaining("ttl must not be negative");
        assertThat(inspector.inspect(key)).as("%s after add(…) refused a negative ttl", key).isEmpty();
    }

    @Test
    @Tag("task:1")
    void an_add_interrupted_while_it_waits_fails_and_keeps_the_interrupt(@Dedicated MemcachedServer frozen)
            throws Exception {
        String key = key("add:while-waiting");

        Interrupted outcome = interruptWhileWaiting(frozen,
                client -> new ConditionalStore(client).add(key, "x", MINUTE));

        assertThat(outcome.thrown()).as("add(\"%s\", …) interrupted while it waited for a frozen memcached:"
                + " Future.get() throws InterruptedException; answer with an IllegalStateException, never a guessed"
                + " false", key).isInstanceOf(IllegalStateException.class).hasMessageContaining("interrupted");
        assertThat(outcome.stillInterrupted()).as("the thread's interrupt status after add(…) was interrupted: set"
                + " again (Thread.currentThread().interrupt()), so the code that asked it to stop still sees it")
                .isTrue();
    }

    // Task 2: replace

    @Test
    @Tag("task:2")
    void replace_on_a_missing_key_answers_false_and_stores_nothing() {
        String key = key("replace:missing");

        assertThat(store.replace(key, "novo", MINUTE))
                .as("replace(\"%s\", \"novo\") on a key that holds nothing: false. Use client.replace; a set here"
                        + " would create the key", key)
                .isFalse();
        assertThat(inspector.inspect(key)).as("%s after replace(…) on a missing key: still nothing", key).isEmpty();
    }

    @Test
    @Tag("task:2")
    void replace_on_a_present_key_stores_the_new_text_for_the_new_ttl() {
        String key = key("replace:present");
        inspector.store(key, utf8("antigo"), 0);

        assertThat(store.replace(key, "novo ção", Duration.ofSeconds(120)))
                .as("replace(\"%s\", \"novo ção\", 120 s) on a key that holds \"antigo\": true", key).isTrue();

        StoredItem item = stored(key, "replace(…) answered true");
        assertThat(item.value()).as("bytes under %s after replace(…, \"novo ção\", 120 s) (%s)", key,
                item.describe()).isEqualTo(utf8("novo ção"));
        assertThat(item.flags()).as("flags under %s after replace(…): text is flags 0 (%s)", key, item.describe())
                .isZero();
        assertThat(item.ttlSeconds()).as("TTL under %s after replace(…, 120 s): replace sets a new exptime, in"
                + " seconds (%s)", key, item.describe()).isBetween(115L, 120L);
    }

    @Test
    @Tag("task:2")
    void replace_with_a_negative_ttl_is_refused_and_the_value_stays() {
        String key = key("replace:negative");
        byte[] old = utf8("antigo");
        inspector.store(key, old, 0);

        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("replace(\"%s\", …, -5 s): a negative exptime would expire the value at once; refuse it", key)
                .isThrownBy(() -> store.replace(key, "novo", Duration.ofSeconds(-5)))
                .withMessageContaining("ttl must not be negative");
        assertThat(inspector.inspect(key)).as("%s after replace(…) refused a negative ttl: as it was", key)
                .contains(new StoredItem(key, old, 0, -1, old.length));
    }

    // Task 3: append and prepend

    @Test
    @Tag("task:3")
    void append_adds_the_bytes_after_the_value_and_keeps_its_ttl() throws Exception {
        String key = key("append");
        assertThat(client.set(key, 300, "eventos: login").get()).as("the test's set of %s", key).isTrue();

        assertThat(store.append(key, ", saída")).as("append(\"%s\", \", saída\") on a present key: true", key)
                .isTrue();

        StoredItem item = stored(key, "append(…) answered true");
        assertThat(item.value()).as("bytes under %s after append(…, \", saída\") onto \"eventos: login\": the old"
                + " bytes, then the suffix's UTF-8 (%s)", key, item.describe())
                .isEqualTo(utf8("eventos: login, saída"));
        assertThat(item.ttlSeconds()).as("TTL under %s after append(…) onto a value set for 300 s: client.append"
                + " keeps the item's exptime; a get, then a set, would reset it (%s)", key, item.describe())
                .isBetween(290L, 300L);
    }

    @Test
    @Tag("task:3")
    void prepend_adds_the_bytes_before_the_value_and_keeps_its_ttl() throws Exception {
        String key = key("prepend");
        assertThat(client.set(key, 300, "login").get()).as("the test's set of %s", key).isTrue();

        assertThat(store.prepend(key, "início, ")).as("prepend(\"%s\", \"início, \") on a present key: true", key)
                .isTrue();

        StoredItem item = stored(key, "prepend(…) answered true");
        assertThat(item.value()).as("bytes under %s after prepend(…, \"início, \") onto \"login\": the prefix's"
                + " UTF-8, then the old bytes; client.prepend, not append (%s)", key, item.describe())
                .isEqualTo(utf8("início, login"));
        assertThat(item.ttlSeconds()).as("TTL under %s after prepend(…) onto a value set for 300 s: kept (%s)",
                key, item.describe()).isBetween(290L, 300L);
    }

    @Test
    @Tag("task:3")
    void append_on_a_missing_key_answers_false_and_stores_nothing() {
        String key = key("append:missing");

        assertThat(store.append(key, "órfão")).as("append(\"%s\", …) on a key that holds nothing: false", key)
                .isFalse();
        assertThat(inspector.inspect(key))
                .as("%s after append(…) on a missing key: nothing. append never creates a key; creating it is"
                        + " the caller's choice (add), not append's", key)
                .isEmpty();
    }

    @Test
    @Tag("task:3")
    void prepend_on_a_missing_key_answers_false_and_stores_nothing() {
        String key = key("prepend:missing");

        assertThat(store.prepend(key, "órfão")).as("prepend(\"%s\", …) on a key that holds nothing: false", key)
                .isFalse();
        assertThat(inspector.inspect(key)).as("%s after prepend(…) on a missing key: nothing", key).isEmpty();
    }

    // Task 4: text that stays text

    @Test
    @Tag("task:4")
    void a_value_over_16_kb_is_stored_as_plain_utf8_not_compressed() {
        String key = key("long:add");

        assertThat(store.add(key, LONG_TEXT, MINUTE)).as("add(\"%s\", <21,000 characters>)", key).isTrue();

        StoredItem item = stored(key, "add(…) answered true");
        assertThat(item.flags()).as("flags under %s after add(…) of 21,000 characters: 0. spymemcached's default"
                + " transcoder gzips a String over 16,384 bytes (flags 2), and memcached's append then glues plain"
                + " bytes onto the gzip stream (%s)", key, item.describe()).isZero();
        assertThat(item.value()).as("bytes under %s after add(…) of 21,000 characters: their UTF-8, as they are",
                key).isEqualTo(utf8(LONG_TEXT));
    }

    @Test
    @Tag("task:4")
    void append_onto_a_long_value_is_read_back() {
        String key = key("long:append");
        assertThat(store.add(key, LONG_TEXT, MINUTE)).as("add(\"%s\", <21,000 characters>)", key).isTrue();

        assertThat(store.append(key, "fim")).as("append(\"%s\", \"fim\")", key).isTrue();

        Optional<String> read = store.get(key);
        assertThat(read.map(String::length)).as("length of get(\"%s\") after add(<21,000 characters>) and"
                + " append(\"fim\"): 21,003. Shorter means the suffix was lost: appended after a gzip stream (flags"
                + " 2), it is ignored by the decompressor without a word", key).contains(LONG_TEXT.length() + 3);
        assertThat(read).as("get(\"%s\") after append(\"fim\")", key).contains(LONG_TEXT + "fim");
    }

    @Test
    @Tag("task:4")
    void a_suffix_over_16_kb_is_appended_as_plain_utf8() {
        String key = key("long:suffix");
        inspector.store(key, utf8("cabeçalho;"), 0);

        assertThat(store.append(key, LONG_TEXT)).as("append(\"%s\", <21,000 characters>)", key).isTrue();

        StoredItem item = stored(key, "append(…) answered true");
        assertThat(item.value()).as("bytes under %s after append of 21,000 characters onto \"cabeçalho;\": plain"
                + " UTF-8 on both sides. Encode the suffix with the same never-compressing transcoder; memcached"
                + " keeps the item's flags (0) and ignores the suffix's, so gzip bytes would read as garbage text"
                + " (%s)", key, item.describe()).isEqualTo(utf8("cabeçalho;" + LONG_TEXT));
    }

    @Test
    @Tag("task:4")
    void replace_with_a_long_value_stores_plain_utf8() {
        String key = key("long:replace");
        inspector.store(key, utf8("curto"), 0);

        assertThat(store.replace(key, LONG_TEXT, MINUTE)).as("replace(\"%s\", <21,000 characters>)", key).isTrue();

        StoredItem item = stored(key, "replace(…) answered true");
        assertThat(item.flags()).as("flags under %s after replace(…) of 21,000 characters: 0, never compressed (%s)",
                key, item.describe()).isZero();
        assertThat(item.value()).as("bytes under %s after replace(…) of 21,000 characters", key)
                .isEqualTo(utf8(LONG_TEXT));
    }

    // Task 5: a once-only guard

    @Test
    @Tag("task:5")
    void the_first_request_runs_the_work_and_answers_true() {
        AtomicInteger charges = new AtomicInteger();

        assertThat(guard(Duration.ofHours(24)).runOnce(REQUEST, charges::incrementAndGet))
                .as("runOnce(\"%s\", work), the first time this request is seen: true, it ran the work", REQUEST)
                .isTrue();
        assertThat(charges).as("charges made by runOnce(\"%s\", work) the first time", REQUEST).hasValue(1);
    }

    @Test
    @Tag("task:5")
    void a_retried_request_answers_false_and_does_not_run_the_work_again() {
        IdempotencyGuard guard = guard(Duration.ofHours(24));
        AtomicInteger charges = new AtomicInteger();
        guard.runOnce(REQUEST, charges::incrementAndGet);

        boolean retried = guard.runOnce(REQUEST, charges::incrementAndGet);
        boolean retriedAgain = guard.runOnce(REQUEST, charges::incrementAndGet);

        assertThat(charges).as("charges after runOnce(\"%s\", work) three times: one. The guard stays in memcached"
                + " for its TTL; deleting it after the work lets the next retry charge again", REQUEST).hasValue(1);
        assertThat(List.of(retried, retriedAgain)).as("runOnce(\"%s\", work) for the 2nd and 3rd time: false,"
                + " the work did not run", REQUEST).containsExactly(false, false);
    }

    @Test
    @Tag("task:5")
    void the_guard_is_in_memcached_before_the_work_starts() {
        AtomicReference<Optional<StoredItem>> seenByTheWork = new AtomicReference<>();
        String guardKey = prefix() + REQUEST;

        guard(Duration.ofHours(24)).runOnce(REQUEST, () -> seenByTheWork.set(inspector.inspect(guardKey)));

        assertThat(seenByTheWork.get()).as("runOnce ran the work").isNotNull();
        assertThat(seenByTheWork.get()).as("%s, looked up by the work while it ran: already stored. add the guard"
                + " first and run the work only when add answered true; a work run before the add is not guarded"
                + " at all (a duplicate arriving meanwhile runs it too)", guardKey).isPresent();
    }

    @Test
    @Tag("task:5")
    void a_request_another_instance_has_run_does_not_run_here(MemcachedClient otherInstance) {
        AtomicInteger charges = new AtomicInteger();
        new IdempotencyGuard(otherInstance, prefix(), Duration.ofHours(24)).runOnce(REQUEST, charges::incrementAndGet);

        boolean ran = guard(Duration.ofHours(24)).runOnce(REQUEST, charges::incrementAndGet);

        assertThat(ran).as("runOnce(\"%s\", work) here, after another instance of the service ran it with its own"
                + " client: false. The guard is the key in memcached, shared by every instance; a set in this"
                + " JVM's memory sees only its own requests", REQUEST).isFalse();
        assertThat(charges).as("charges made by two instances for one request").hasValue(1);
    }

    @Test
    @Tag("task:5")
    void different_requests_each_run_their_work() {
        IdempotencyGuard guard = guard(Duration.ofHours(24));
        AtomicInteger charges = new AtomicInteger();

        boolean first = guard.runOnce("payment-1", charges::incrementAndGet);
        boolean second = guard.runOnce("payment-2", charges::incrementAndGet);

        assertThat(List.of(first, second)).as("runOnce(\"payment-1\", …) then runOnce(\"payment-2\", …): two"
                + " requests, two guards (keyPrefix + requestId), both run").containsExactly(true, true);
        assertThat(charges).as("charges for two different requests").hasValue(2);
    }

    @Test
    @Tag("task:5")
    void of_eight_simultaneous_duplicates_the_work_runs_exactly_once() {
        IdempotencyGuard guard = guard(Duration.ofHours(24));
        AtomicInteger charges = new AtomicInteger();

        List<Boolean> answers = Concurrently.run(RACERS, Duration.ofSeconds(20),
                i -> guard.runOnce(REQUEST, charges::incrementAndGet));

        assertThat(charges).as("charges after %d threads called runOnce(\"%s\", work) at once: one. Claim with add,"
                + " memcached's atomic check-and-store; a get, then a set, lets several threads through",
                RACERS, REQUEST).hasValue(1);
        assertThat(answers).as("answers of the %d simultaneous runOnce(\"%s\", …)", RACERS, REQUEST)
                .containsOnlyOnce(true);
    }

    @Test
    @Tag("task:5")
    void a_duplicate_that_claims_just_before_this_call_is_never_run_twice(MemcachedServer server)
            throws IOException {
        String guardKey = prefix() + REQUEST;
        MemcachedClient racing = new WriterFirstClient(server, inspector, guardKey, utf8("claimed elsewhere"));
        AtomicInteger charges = new AtomicInteger();
        try {
            boolean ran = new IdempotencyGuard(racing, prefix(), Duration.ofHours(24))
                    .runOnce(REQUEST, charges::incrementAndGet);

            assertThat(ran).as("runOnce(\"%s\", work) when a duplicate claimed %s just before this call's claim"
                    + " reached memcached: false. Claim with add alone; a get that saw no guard, then a set, runs"
                    + " the work a second time", REQUEST, guardKey).isFalse();
            assertThat(charges).as("charges when a duplicate claimed the request first").hasValue(0);
        } finally {
            racing.shutdown();
        }
    }

    // Task 6: when the work fails, the guard's TTL, a silent cache

    @Test
    @Tag("task:6")
    void a_work_that_fails_keeps_its_guard_so_a_retry_does_not_run_it_again() {
        IdempotencyGuard guard = guard(Duration.ofHours(24));
        AtomicInteger charges = new AtomicInteger();
        IllegalStateException midway = new IllegalStateException("gateway timed out after charging the card");

        assertThatThrownBy(() -> guard.runOnce(REQUEST, () -> {
            charges.incrementAndGet();
            throw midway;
        })).as("runOnce(\"%s\", work) whose work threw: the work's own exception, unchanged, so the caller knows"
                + " what failed", REQUEST).isSameAs(midway);
        boolean retried = guard.runOnce(REQUEST, charges::incrementAndGet);

        assertThat(retried).as("runOnce(\"%s\", work) retried after the first try failed midway: false. The card was"
                + " charged before the failure; releasing the guard (delete in a catch or finally) turns a lost"
                + " answer into a second charge. At most once: keep the guard, and reconcile", REQUEST).isFalse();
        assertThat(charges).as("charges after a failed try and its retry").hasValue(1);
    }

    @Test
    @Tag("task:6")
    void the_guard_lives_for_the_ttl_it_is_given() {
        guard(Duration.ofHours(24)).runOnce(REQUEST, () -> { });

        StoredItem item = stored(prefix() + REQUEST, "runOnce(…) ran the work");
        assertThat(item.ttlSeconds()).as("TTL of the guard after runOnce with a 24-hour guard: 86,400 s, in whole"
                + " seconds; 0 would keep it until evicted, and reusing the id would never run again (%s)",
                item.describe()).isBetween(86_390L, 86_400L);
    }

    @Test
    @Tag("task:6")
    void a_guard_of_thirty_days_is_accepted_and_kept_that_long() {
        guard(IdempotencyGuard.MAX_TTL).runOnce(REQUEST, () -> { });

        StoredItem item = stored(prefix() + REQUEST, "runOnce(…) with a 30-day guard");
        assertThat(item.ttlSeconds()).as("TTL of a 30-day guard: 2,592,000 s, the longest relative exptime (%s)",
                item.describe()).isBetween(2_591_990L, 2_592_000L);
    }

    @Test
    @Tag("task:6")
    void a_request_runs_again_once_its_guard_has_expired() {
        IdempotencyGuard guard = guard(Duration.ofSeconds(1));
        AtomicInteger charges = new AtomicInteger();
        guard.runOnce(REQUEST, charges::incrementAndGet);

        // memcached's clock ticks in whole seconds: exptime 1 lives up to about 1 s; poll, never sleep
        await("the 1-second guard of " + REQUEST + " to expire, so runOnce runs the work again")
                .atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(100))
                .until(() -> guard.runOnce(REQUEST, charges::incrementAndGet));
        assertThat(charges).as("charges for one request id across its 1-second guard's expiry").hasValue(2);
    }

    static Stream<Named<Duration>> ttlsMemcachedCannotKeep() {
        return Stream.of(
                Named.of("0 s, which never expires", Duration.ZERO),
                Named.of("500 ms, which is 0 whole seconds", Duration.ofMillis(500)),
                Named.of("-60 s, already expired", Duration.ofSeconds(-60)),
                Named.of("30 days and 1 s, read as a date in 1970", IdempotencyGuard.MAX_TTL.plusSeconds(1)),
                Named.of("365 days, read as a date in 1970", Duration.ofDays(365)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ttlsMemcachedCannotKeep")
    @Tag("task:6")
    void a_guard_ttl_memcached_cannot_keep_is_refused(Duration ttl) {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("new IdempotencyGuard(…, %s): exptime is whole seconds, 0 never expires, a negative one has"
                        + " expired, and over 30 days memcached reads it as a Unix time in 1970, so every duplicate"
                        + " would run; refuse it", ttl)
                .isThrownBy(() -> new IdempotencyGuard(client, prefix(), ttl))
                .withMessageContaining("1 second to 30 days");
    }

    @Test
    @Tag("task:6")
    void when_memcached_does_not_answer_the_work_does_not_run(@Dedicated MemcachedServer server) throws IOException {
        MemcachedClient silent = new MemcachedClient(new ConnectionFactoryBuilder().setOpTimeout(300)
                .setFailureMode(FailureMode.Cancel).build(), List.of(server.address()));
        try {
            IdempotencyGuard guard = new IdempotencyGuard(silent, prefix(), Duration.ofHours(24));
            AtomicInteger charges = new AtomicInteger();
            server.stop();

            assertThatExceptionOfType(IllegalStateException.class)
                    .as("runOnce(\"%s\", work) with memcached stopped: an IllegalStateException. Without the add's"
                            + " answer a duplicate cannot be told from a first request: fail closed", REQUEST)
                    .isThrownBy(() -> guard.runOnce(REQUEST, charges::incrementAndGet))
                    .withMessageContaining("did not run");
            assertThat(charges).as("charges made while memcached did not answer: none; running the work anyway"
                    + " charges every retry again").hasValue(0);
        } finally {
            silent.shutdown();
        }
    }

    @Test
    @Tag("task:6")
    void a_claim_interrupted_while_it_waits_does_not_run_the_work_and_keeps_the_interrupt(
            @Dedicated MemcachedServer frozen) throws Exception {
        AtomicInteger charges = new AtomicInteger();

        Interrupted outcome = interruptWhileWaiting(frozen, client -> new IdempotencyGuard(client, prefix(),
                Duration.ofHours(24)).runOnce(REQUEST, charges::incrementAndGet));

        assertThat(outcome.thrown()).as("runOnce(\"%s\", work) interrupted while its claim waited for a frozen"
                + " memcached: an IllegalStateException; the claim's answer never came", REQUEST)
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("did not run");
        assertThat(outcome.stillInterrupted()).as("the thread's interrupt status after runOnce(…) was interrupted:"
                + " set again").isTrue();
        assertThat(charges).as("charges made by an interrupted runOnce(…)").hasValue(0);
    }

    /** What a call did when its thread was interrupted while it waited for memcached's answer. */
    private record Interrupted(Throwable thrown, boolean stillInterrupted) {
    }

    /**
     * Runs {@code call} on a thread of its own against {@code frozen} once it no longer answers, and interrupts that
     * thread while the call waits for the answer.
     */
    private static Interrupted interruptWhileWaiting(MemcachedServer frozen, Consumer<MemcachedClient> call)
            throws Exception {
        // a long op timeout: the call must still be waiting when the interrupt comes
        MemcachedClient waiting = new MemcachedClient(new ConnectionFactoryBuilder().setOpTimeout(30_000).build(),
                List.of(frozen.address()));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        try {
            assertThat(waiting.set("k08:warm-up", 60, "x").get()).as("the test's warm-up set").isTrue();
            frozen.pause();
            Thread caller = new Thread(() -> {
                try {
                    call.accept(waiting);
                } catch (Throwable t) {
                    thrown.set(t);
                }
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }, "k08-interrupted-caller");
            caller.setDaemon(true);
            caller.start();
            await("the call to wait for memcached's answer").atMost(Duration.ofSeconds(10))
                    .until(() -> caller.getState() == Thread.State.TIMED_WAITING
                            || caller.getState() == Thread.State.TERMINATED);
            caller.interrupt();
            caller.join(10_000);
            assertThat(caller.isAlive()).as("the interrupted call returned within 10 s").isFalse();
            return new Interrupted(thrown.get(), stillInterrupted.get());
        } finally {
            frozen.resume();
            waiting.shutdown();
        }
    }

    private IdempotencyGuard guard(Duration ttl) {
        return new IdempotencyGuard(client, prefix(), ttl);
    }

    private String prefix() {
        return "k08:once:" + nonce + ":";
    }

    private String key(String name) {
        return "k08:" + name + ":" + nonce;
    }

    private StoredItem stored(String key, String after) {
        Optional<StoredItem> item = inspector.inspect(key);
        assertThat(item).as("%s after %s: memcached holds it", key, after).isPresent();
        return item.get();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
