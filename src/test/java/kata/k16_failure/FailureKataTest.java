package kata.k16_failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.IntStream;

import kata.shared.BreakerState;
import kata.support.Addresses;
import kata.support.Concurrently;
import kata.support.Dedicated;
import kata.support.MemcachedExtension;
import kata.support.MemcachedServer;
import kata.support.RawInspector;
import kata.support.StoredItem;
import net.spy.memcached.DefaultConnectionFactory;
import net.spy.memcached.FailureMode;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.MemcachedConnection;
import net.spy.memcached.MemcachedNode;
import net.spy.memcached.OperationTimeoutException;
import net.spy.memcached.ops.Operation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(MemcachedExtension.class)
@DisplayName("k16 · When a server fails")
// only so that a learner starts where task 1 starts, with a client; no test needs another to run first
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailureKataTest {

    /** Every client here gives up after 200 ms: spymemcached's default, 2.5 s, would make each test crawl. */
    private static final Duration OP_TIMEOUT = Duration.ofMillis(200);
    /** Under the 2.5 s default, and 10 times the 200 ms given: a bound for a busy machine, never a measurement. */
    private static final Duration WITHIN_THE_TIMEOUT = Duration.ofSeconds(2);
    /** Bounds a hang; it never measures speed (2 shared cores). */
    private static final Duration BOUND = Duration.ofSeconds(20);
    private static final Duration COOL_DOWN = Duration.ofSeconds(10);
    private static final long COOL_DOWN_NANOS = COOL_DOWN.toNanos();

    /**
     * A server of this class's own that tests pause, and resume before they end: started by the first test that needs
     * it, and shared, as closing one costs about a second (memcached ends on its next clock tick).
     */
    private static MemcachedServer frozen;

    /** Every client a test made, shut down after it: spymemcached's IO thread is not a daemon. */
    private final List<MemcachedClient> clients = new CopyOnWriteArrayList<>();

    private static synchronized MemcachedServer frozen() {
        if (frozen == null) {
            frozen = MemcachedServer.dedicated();
        }
        return frozen;
    }

    @AfterAll
    static synchronized void closeTheServerToFreeze() {
        if (frozen != null) {
            frozen.close();
            frozen = null;
        }
    }

    @AfterEach
    void shutDownClients() {
        clients.forEach(MemcachedClient::shutdown);
    }

    private MemcachedClient connect(List<InetSocketAddress> nodes, FailureMode mode) {
        return connect(nodes, mode, OP_TIMEOUT);
    }

    private MemcachedClient connect(List<InetSocketAddress> nodes, FailureMode mode, Duration opTimeout) {
        MemcachedClient client = FailureModes.connect(nodes, mode, opTimeout);
        clients.add(client);
        return client;
    }

    // ---- task 1: a client that gives up in bounded time ---------------------------------------------------------

    @Test
    @Order(1)
    @Tag("task:1")
    void the_client_answers_hits_and_gives_up_after_the_operation_timeout_it_was_given(MemcachedServer server) {
        new RawInspector(server.address()).store("k16:hello", "olá".getBytes(StandardCharsets.UTF_8), 0);

        MemcachedClient client = connect(List.of(server.address()), FailureMode.Redistribute);

        assertThat(client.getOperationTimeout()).as("connect(…, Duration.ofMillis(200)).getOperationTimeout(), in"
                + " ms: give the ConnectionFactoryBuilder the timeout in milliseconds (setOpTimeout)").isEqualTo(200);
        assertThat(client.get("k16:hello")).as("get(\"k16:hello\") through the client connect(…) built")
                .isEqualTo("olá");
    }

    @ParameterizedTest(name = "with {0}")
    @EnumSource(FailureMode.class)
    @Tag("task:1")
    void a_fresh_client_is_connected_before_connect_returns(FailureMode mode, MemcachedServer server) {
        new RawInspector(server.address()).store("k16:fresh", "here".getBytes(StandardCharsets.UTF_8), 0);

        for (int i = 0; i < 5; i++) {
            MemcachedClient client = connect(List.of(server.address()), mode);
            int connected = client.getAvailableServers().size();
            AtomicReference<Object> value = new AtomicReference<>();

            assertThatNoException().as("get(\"k16:fresh\") at once after connect(…, %s, …) #%d: a node not connected"
                    + " yet counts as down, so with Cancel a fresh client's first operations are cancelled; wait (at"
                    + " most the operation timeout) until every node is connected", mode, i + 1)
                    .isThrownBy(() -> value.set(client.get("k16:fresh")));
            assertThat(value.get()).as("get(\"k16:fresh\") at once after connect(…, %s, …)", mode)
                    .isEqualTo("here");
            assertThat(connected).as("connect(…, %s, …) #%d: the client's connected servers when connect returned"
                    + " (getAvailableServers())", mode, i + 1).isEqualTo(1);
        }
    }

    @Test
    @Tag("task:1")
    void a_node_that_is_down_does_not_stop_connect_for_longer_than_the_timeout() {
        InetSocketAddress address = Addresses.nothingListening();

        MemcachedClient client = assertTimeoutPreemptively(WITHIN_THE_TIMEOUT,
                () -> connect(List.of(address), FailureMode.Cancel),
                "connect(…) to an address where nothing listens took over " + WITHIN_THE_TIMEOUT.toSeconds()
                        + " s: wait for the connections at most the operation timeout");

        assertThat(client.getAvailableServers()).as("connect(…) to an address where nothing listens: a client with"
                + " no connected server, not an exception (a service must start while its cache is down)").isEmpty();
    }

    @Test
    @Tag("task:1")
    void connect_returns_as_soon_as_every_node_is_connected_not_after_the_whole_timeout(MemcachedServer server) {
        List<InetSocketAddress> nodes = List.of(server.address(), frozen().address());

        for (int i = 0; i < 3; i++) {
            MemcachedClient client = assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> connect(nodes, FailureMode.Cancel, Duration.ofSeconds(10)), "connect(two live nodes, Cancel,"
                            + " 10 s) took over 5 s: stop waiting once every node is connected (a ConnectionObserver"
                            + " says when), the timeout is only the most it may wait");

            assertThat(client.getAvailableServers()).as("connect(two live nodes, …) #%d: the connected servers when"
                    + " it returned; wait for every node, not for the first", i + 1).hasSize(2);
        }
    }

    @Test
    @Tag("task:1")
    void an_interrupted_connect_returns_and_keeps_the_interrupt() {
        Thread.currentThread().interrupt();
        try {
            MemcachedClient client = connect(List.of(Addresses.nothingListening()), FailureMode.Cancel);

            assertThat(client.getAvailableServers()).as("connect(…) on an interrupted thread, nothing listening")
                    .isEmpty();
            assertThat(Thread.currentThread().isInterrupted()).as("the thread's interrupt after connect(…) was"
                    + " interrupted while it waited: set it again (Thread.currentThread().interrupt()) so the caller"
                    + " still sees it").isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    @Tag("task:1")
    void the_shortest_operation_timeout_of_one_millisecond_is_accepted(MemcachedServer server) {
        AtomicReference<MemcachedClient> client = new AtomicReference<>();

        assertThatNoException().as("connect(…, Duration.ofMillis(1))").isThrownBy(() -> client.set(
                connect(List.of(server.address()), FailureMode.Retry, Duration.ofMillis(1))));
        assertThat(client.get().getOperationTimeout()).as("connect(…, 1 ms).getOperationTimeout()").isEqualTo(1);
    }

    @Test
    @Tag("task:1")
    void no_nodes_is_refused() {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("connect(List.of(), …): an IllegalArgumentException that says there are no nodes")
                .isThrownBy(() -> FailureModes.connect(List.of(), FailureMode.Cancel, OP_TIMEOUT))
                .withMessageContaining("no nodes");
    }

    @ParameterizedTest(name = "opTimeout {0}")
    @ValueSource(strings = {"PT0S", "PT0.000999S", "PT-0.2S"})
    @Tag("task:1")
    void an_operation_timeout_under_one_millisecond_is_refused(String timeout, MemcachedServer server) {
        Duration opTimeout = Duration.parse(timeout);

        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("connect(…, %s): spymemcached counts whole milliseconds, and 0 times every operation out at"
                        + " once; an IllegalArgumentException that names the timeout", opTimeout)
                .isThrownBy(() -> clients.add(FailureModes.connect(List.of(server.address()), FailureMode.Cancel,
                        opTimeout)))
                .withMessageContaining("opTimeout " + opTimeout);
    }

    @ParameterizedTest(name = "with {0}")
    @EnumSource(FailureMode.class)
    @Tag("task:1")
    void a_frozen_node_times_out_within_the_operation_timeout_whatever_the_failure_mode(FailureMode mode) {
        MemcachedClient client = connect(List.of(frozen().address()), mode);
        frozen().pause(); // SIGSTOP or docker pause: the connection stays open, nothing answers
        try {
            Attempt attempt = attempt(() -> client.get("k16:frozen"));

            assertThat(attempt.failure()).as("get(\"k16:frozen\") with %s on a paused server: the connection is up, so"
                    + " no failure mode applies and only the operation timeout ends the wait", mode)
                    .isInstanceOf(OperationTimeoutException.class);
            assertThat(attempt.took()).as("how long get(\"k16:frozen\") waited with %s on a paused server,"
                    + " its timeout 200 ms (the default is 2.5 s)", mode).isLessThan(WITHIN_THE_TIMEOUT);
            report(mode, "frozen node", attempt);
        } finally {
            frozen().resume();
        }
    }

    @Test
    @Tag("task:1")
    void with_cancel_an_operation_for_a_stopped_node_is_cancelled_at_once(@Dedicated MemcachedServer stopped,
                                                                          MemcachedServer live) {
        MemcachedClient client = connect(List.of(stopped.address(), live.address()), FailureMode.Cancel);
        String liveKey = keyOn(client, live.address(), unique("k16:cancel"));
        String deadKey = stopTheNodeOf(client, stopped, unique("k16:cancel"));

        Attempt attempt = attempt(() -> client.get(deadKey));

        assertThat(attempt.failure()).as("get(%s), a key of the stopped node, with FailureMode.Cancel: cancelled at"
                + " once (a CancellationException), never sent, never waited for", deadKey)
                .isInstanceOf(CancellationException.class);
        assertThat(client.asyncGet(deadKey).isCancelled()).as("asyncGet(%s) with Cancel: cancelled before it"
                + " returns", deadKey).isTrue();
        assertThatNoException().as("get(%s), a key of the live node: the other node still serves", liveKey)
                .isThrownBy(() -> client.get(liveKey));
        report(FailureMode.Cancel, "stopped node", attempt);
    }

    @Test
    @Tag("task:1")
    void with_redistribute_a_key_of_the_stopped_node_moves_to_the_live_one(@Dedicated MemcachedServer stopped,
                                                                           MemcachedServer live)
            throws Exception {
        MemcachedClient client = connect(List.of(stopped.address(), live.address()), FailureMode.Redistribute);
        String key = stopTheNodeOf(client, stopped, unique("k16:moved"));

        Attempt attempt = attempt(() -> client.set(key, 60, "moved").get());

        assertThat(attempt.failure()).as("set(%s, \"moved\"), a key of the stopped node, with Redistribute", key)
                .isNull();
        assertThat(client.get(key)).as("get(%s) after set(%s, \"moved\"), its node stopped, with Redistribute: the"
                + " next node in the locator's sequence serves it", key, key).isEqualTo("moved");
        assertThat(new RawInspector(live.address()).inspect(key).map(StoredItem::valueAsUtf8))
                .as("what the live node holds under %s, a key of the stopped one: Redistribute sent it there", key)
                .contains("moved");
        report(FailureMode.Redistribute, "stopped node", attempt);
    }

    @Test
    @Tag("task:1")
    void with_retry_a_key_of_the_stopped_node_waits_for_it_and_times_out(@Dedicated MemcachedServer stopped,
                                                                         MemcachedServer live) {
        MemcachedClient client = connect(List.of(stopped.address(), live.address()), FailureMode.Retry);
        String key = stopTheNodeOf(client, stopped, unique("k16:retried"));

        Attempt attempt = attempt(() -> client.get(key));

        assertThat(attempt.failure()).as("get(%s), a key of the stopped node, with FailureMode.Retry: queued for that"
                + " node until it comes back, so the operation timeout ends it", key)
                .isInstanceOf(OperationTimeoutException.class);
        assertThat(attempt.took()).as("how long get(%s) waited with Retry, its timeout 200 ms", key)
                .isLessThan(WITHIN_THE_TIMEOUT);
        client.set(key, 60, "never-moved");
        assertThat(new RawInspector(live.address()).inspect(key)).as("what the live node holds under %s after a"
                + " set with Retry: nothing, a key stays with its own node", key).isEmpty();
        report(FailureMode.Retry, "stopped node", attempt);
    }

    // ---- task 2: the breaker opens after N failures in a row ----------------------------------------------------

    @Test
    @Tag("task:2")
    void a_new_breaker_is_closed_and_lets_every_request_through() {
        CircuitBreaker breaker = new CircuitBreaker(3, COOL_DOWN, new AtomicLong()::get);

        assertThat(breaker.state()).as("state() of a new CircuitBreaker").isEqualTo(BreakerState.CLOSED);
        assertThat(List.of(breaker.allowRequest(), breaker.allowRequest(), breaker.allowRequest()))
                .as("allowRequest() three times on a closed breaker").containsOnly(true);
    }

    @Test
    @Tag("task:2")
    void it_opens_at_the_threshold_of_failures_in_a_row_and_then_lets_nothing_through() {
        CircuitBreaker breaker = new CircuitBreaker(3, COOL_DOWN, new AtomicLong()::get);

        breaker.recordFailure();
        breaker.recordFailure();
        assertThat(breaker.state()).as("state() after 2 failures, threshold 3").isEqualTo(BreakerState.CLOSED);
        assertThat(breaker.allowRequest()).as("allowRequest() after 2 failures, threshold 3").isTrue();
        breaker.recordFailure();

        assertThat(breaker.state()).as("state() after 3 failures in a row, threshold 3: open at the threshold")
                .isEqualTo(BreakerState.OPEN);
        assertThat(List.of(breaker.allowRequest(), breaker.allowRequest())).as("allowRequest() on an open"
                + " breaker, before its cool-down has passed: no request reaches the failing service")
                .containsOnly(false);
    }

    @Test
    @Tag("task:2")
    void a_threshold_of_one_opens_at_the_first_failure() {
        CircuitBreaker breaker = new CircuitBreaker(1, COOL_DOWN, new AtomicLong()::get);

        breaker.recordFailure();

        assertThat(breaker.state()).as("state() after 1 failure, threshold 1").isEqualTo(BreakerState.OPEN);
    }

    @Test
    @Tag("task:2")
    void a_success_starts_the_count_of_failures_in_a_row_again() {
        CircuitBreaker breaker = new CircuitBreaker(3, COOL_DOWN, new AtomicLong()::get);

        breaker.recordFailure();
        breaker.recordFailure();
        breaker.recordSuccess();
        breaker.recordFailure();
        breaker.recordFailure();

        assertThat(breaker.state()).as("state() after failure, failure, success, failure, failure (threshold 3):"
                + " only failures in a row count, a success sets the count back to 0; a service that fails one"
                + " request in ten is not down").isEqualTo(BreakerState.CLOSED);
        breaker.recordFailure();
        assertThat(breaker.state()).as("state() after a third failure in a row").isEqualTo(BreakerState.OPEN);
    }

    @Test
    @Tag("task:2")
    void it_stays_open_until_the_whole_cool_down_has_passed() {
        AtomicLong now = new AtomicLong(1_000);
        CircuitBreaker breaker = new CircuitBreaker(1, COOL_DOWN, now::get);
        breaker.recordFailure();

        now.addAndGet(COOL_DOWN_NANOS - 1);

        assertThat(breaker.allowRequest()).as("allowRequest() 1 ns before the 10 s cool-down ends").isFalse();
        assertThat(breaker.state()).as("state() 1 ns before the cool-down ends").isEqualTo(BreakerState.OPEN);
    }

    @Test
    @Tag("task:2")
    void a_late_success_while_open_does_not_close_it() {
        CircuitBreaker breaker = new CircuitBreaker(1, COOL_DOWN, new AtomicLong()::get);
        breaker.recordFailure();

        breaker.recordSuccess(); // a request let through before the breaker opened, answered late

        assertThat(breaker.state()).as("state() after a success recorded while open: only the probe after the"
                + " cool-down may close the breaker, not an answer to a request sent before it opened")
                .isEqualTo(BreakerState.OPEN);
        assertThat(breaker.allowRequest()).as("allowRequest() after that late success, cool-down not passed")
                .isFalse();
    }

    @ParameterizedTest(name = "threshold {0}")
    @ValueSource(ints = {0, -1})
    @Tag("task:2")
    void a_threshold_under_one_is_refused(int threshold) {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("new CircuitBreaker(%d, …): an IllegalArgumentException that names failureThreshold", threshold)
                .isThrownBy(() -> new CircuitBreaker(threshold, COOL_DOWN, System::nanoTime))
                .withMessageContaining("failureThreshold " + threshold);
    }

    @ParameterizedTest(name = "coolDown {0}")
    @ValueSource(strings = {"PT0S", "PT-1S"})
    @Tag("task:2")
    void a_cool_down_that_is_not_positive_is_refused(String coolDown) {
        Duration given = Duration.parse(coolDown);

        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("new CircuitBreaker(1, %s, …): an IllegalArgumentException that names coolDown", given)
                .isThrownBy(() -> new CircuitBreaker(1, given, System::nanoTime))
                .withMessageContaining("coolDown " + given);
    }

    @Test
    @Tag("task:2")
    void the_smallest_threshold_and_cool_down_are_accepted() {
        AtomicLong now = new AtomicLong();
        AtomicReference<CircuitBreaker> breaker = new AtomicReference<>();
        assertThatNoException().as("new CircuitBreaker(1, 1 ns, …)")
                .isThrownBy(() -> breaker.set(new CircuitBreaker(1, Duration.ofNanos(1), now::get)));

        breaker.get().recordFailure();
        assertThat(breaker.get().allowRequest()).as("allowRequest() of CircuitBreaker(1, 1 ns, …) at once after a"
                + " failure").isFalse();
        now.incrementAndGet();
        assertThat(breaker.get().allowRequest()).as("allowRequest() 1 ns later: the cool-down has passed").isTrue();
    }

    // ---- task 3: half-open, one probe after the cool-down -------------------------------------------------------

    /** A breaker with threshold 1, opened at {@code now}. */
    private static CircuitBreaker openedAt(AtomicLong now) {
        CircuitBreaker breaker = new CircuitBreaker(1, COOL_DOWN, now::get);
        breaker.recordFailure();
        return breaker;
    }

    @Test
    @Tag("task:3")
    void after_the_cool_down_exactly_one_request_is_let_through_as_the_probe() {
        AtomicLong now = new AtomicLong(5_000);
        CircuitBreaker breaker = openedAt(now);
        now.addAndGet(COOL_DOWN_NANOS);

        assertThat(breaker.allowRequest()).as("allowRequest() once the 10 s cool-down has passed: the probe")
                .isTrue();
        assertThat(breaker.state()).as("state() while the probe is out").isEqualTo(BreakerState.HALF_OPEN);
        assertThat(List.of(breaker.allowRequest(), breaker.allowRequest(), breaker.allowRequest()))
                .as("allowRequest() while the probe is out: one request finds out, the others do not pile onto a"
                        + " service that may still be down").containsOnly(false);
    }

    @Test
    @Tag("task:3")
    void a_probe_that_succeeds_closes_the_breaker() {
        AtomicLong now = new AtomicLong();
        CircuitBreaker breaker = new CircuitBreaker(2, COOL_DOWN, now::get);
        breaker.recordFailure();
        breaker.recordFailure();
        now.addAndGet(COOL_DOWN_NANOS);
        breaker.allowRequest();

        breaker.recordSuccess();

        assertThat(breaker.state()).as("state() after the probe succeeded").isEqualTo(BreakerState.CLOSED);
        assertThat(List.of(breaker.allowRequest(), breaker.allowRequest())).as("allowRequest() once closed again")
                .containsOnly(true);
        breaker.recordFailure();
        assertThat(breaker.state()).as("state() after 1 failure once closed again, threshold 2: the count starts"
                + " at 0 again").isEqualTo(BreakerState.CLOSED);
    }

    @Test
    @Tag("task:3")
    void a_probe_that_fails_opens_it_again_for_a_whole_cool_down_from_that_failure() {
        AtomicLong now = new AtomicLong();
        CircuitBreaker breaker = openedAt(now);
        now.addAndGet(COOL_DOWN_NANOS);
        breaker.allowRequest();
        now.addAndGet(3_000_000_000L); // the probe took 3 s to fail

        breaker.recordFailure();

        assertThat(breaker.state()).as("state() after the probe failed").isEqualTo(BreakerState.OPEN);
        now.addAndGet(COOL_DOWN_NANOS - 1);
        assertThat(breaker.allowRequest()).as("allowRequest() 1 ns before 10 s have passed since the probe failed:"
                + " a new cool-down starts at the failure, not at the first opening or at the probe").isFalse();
        now.addAndGet(1);
        assertThat(breaker.allowRequest()).as("allowRequest() 10 s after the probe failed: the next probe")
                .isTrue();
    }

    @Test
    @Tag("task:3")
    void a_probe_that_never_reports_is_replaced_after_another_cool_down() {
        AtomicLong now = new AtomicLong();
        CircuitBreaker breaker = openedAt(now);
        now.addAndGet(COOL_DOWN_NANOS);
        breaker.allowRequest(); // the probe, whose thread then died without a word

        now.addAndGet(COOL_DOWN_NANOS - 1);
        assertThat(breaker.allowRequest()).as("allowRequest() 1 ns before a cool-down has passed since the probe"
                + " was let through").isFalse();
        now.addAndGet(1);
        assertThat(breaker.allowRequest()).as("allowRequest() a whole cool-down after a probe that never reported:"
                + " take it as lost and let another through, or the breaker stays half-open for ever").isTrue();
        assertThat(breaker.allowRequest()).as("allowRequest() right after the second probe").isFalse();
    }

    @Test
    @Tag("task:3")
    void the_cool_down_is_measured_across_a_wrap_of_nano_time() {
        // System.nanoTime() may be any long: near Long.MAX_VALUE, opened + cool-down overflows to a negative number
        AtomicLong now = new AtomicLong(Long.MAX_VALUE - 1_000);
        CircuitBreaker breaker = openedAt(now);

        now.incrementAndGet();
        assertThat(breaker.allowRequest()).as("allowRequest() 1 ns after it opened at Long.MAX_VALUE - 1000 ns,"
                + " where opened + cool-down overflows: compare the difference of two readings (now - opened) with"
                + " the cool-down, never now with a sum (System.nanoTime's Javadoc)").isFalse();
        now.addAndGet(COOL_DOWN_NANOS - 2);
        assertThat(breaker.allowRequest()).as("allowRequest() 1 ns before the cool-down ends, nanoTime having"
                + " wrapped past Long.MAX_VALUE").isFalse();
        now.addAndGet(1);
        assertThat(breaker.allowRequest()).as("allowRequest() when the cool-down ends, nanoTime having wrapped")
                .isTrue();
    }

    @Test
    @Tag("task:3")
    void fifty_requests_at_once_after_the_cool_down_let_exactly_one_probe_through() {
        AtomicLong now = new AtomicLong();
        CircuitBreaker breaker = openedAt(now);
        now.addAndGet(COOL_DOWN_NANOS);

        List<Boolean> allowed = Concurrently.run(50, BOUND, i -> breaker.allowRequest());

        assertThat(allowed.stream().filter(Boolean::booleanValue).count()).as("requests let through of 50 at"
                + " once after the cool-down: one probe (make the breaker's methods synchronized)").isEqualTo(1);
    }

    // ---- task 4: serve from the source while the breaker is open ------------------------------------------------

    /** The source of truth: each key's value, which a test may change, and how often it was asked. */
    private static final class Source implements Function<String, String> {
        private final Map<String, String> changed = new ConcurrentHashMap<>();
        private final AtomicInteger asked = new AtomicInteger();

        @Override
        public String apply(String key) {
            asked.incrementAndGet();
            return changed.getOrDefault(key, "v1 of " + key);
        }

        void change(String key, String value) {
            changed.put(key, value);
        }
    }

    /**
     * A connected client of {@code server} that, from now on, notes every operation it hands to its connection
     * ({@code "get k16:a"}, {@code "store k16:a"}, {@code "delete k16:a"}), whatever method sent it: what reached
     * memcached, or waits for it.
     */
    private MemcachedClient recording(MemcachedServer server, List<String> sent) throws IOException {
        return recording(server, sent, OP_TIMEOUT);
    }

    private MemcachedClient recording(MemcachedServer server, List<String> sent, Duration opTimeout)
            throws IOException {
        MemcachedClient client = new MemcachedClient(new DefaultConnectionFactory() {
            @Override
            public long getOperationTimeout() {
                return opTimeout.toMillis();
            }

            @Override
            public FailureMode getFailureMode() {
                return FailureMode.Retry; // one node: the same as Redistribute, without its warning on each miss
            }

            @Override
            public MemcachedConnection createConnection(List<InetSocketAddress> addresses) throws IOException {
                return new MemcachedConnection(getReadBufSize(), this, addresses, getInitialObservers(),
                        getFailureMode(), getOperationFactory()) {
                    @Override
                    public void enqueueOperation(String key, Operation operation) {
                        sent.add(kind(operation) + " " + key);
                        super.enqueueOperation(key, operation);
                    }

                    @Override
                    public void addOperations(Map<MemcachedNode, Operation> operations) {
                        operations.values().forEach(operation -> sent.add(kind(operation) + " (bulk)"));
                        super.addOperations(operations);
                    }
                };
            }
        }, List.of(server.address()));
        clients.add(client);
        client.get("k16:warm-up"); // connected before a test pauses the server
        sent.clear();
        return client;
    }

    private static String kind(Operation operation) {
        return operation.getClass().getSimpleName().replace("OperationImpl", "").toLowerCase(Locale.ROOT);
    }

    @Test
    @Order(2)
    @Tag("task:4")
    void a_miss_loads_from_the_source_and_stores_the_value_then_the_next_get_is_a_hit(MemcachedClient client,
                                                                                     MemcachedServer server) {
        Source source = new Source();
        GuardedCache cache = new GuardedCache(client, new CircuitBreaker(3, COOL_DOWN, System::nanoTime), source);

        assertThat(cache.get("k16:user:1")).as("get(\"k16:user:1\") on a miss: the source's value")
                .isEqualTo("v1 of k16:user:1");
        StoredItem item = new RawInspector(server.address()).awaitStored("k16:user:1");
        assertThat(item.valueAsUtf8()).as("after a miss, memcached holds the loaded value as text; k16:user:1"
                + " holds %s", item.describe()).isEqualTo("v1 of k16:user:1");
        assertThat(item.ttlSeconds()).as("store it for GuardedCache.TTL_SECONDS (60 s); k16:user:1 holds %s",
                item.describe()).isBetween(55L, 60L);
        assertThat(cache.get("k16:user:1")).as("get(\"k16:user:1\") again").isEqualTo("v1 of k16:user:1");
        assertThat(source.asked).as("times the source was asked for a miss then a hit").hasValue(1);
    }

    @Test
    @Tag("task:4")
    void a_source_that_gives_null_is_named_in_the_error(MemcachedClient client) {
        GuardedCache cache = new GuardedCache(client, new CircuitBreaker(3, COOL_DOWN, System::nanoTime), key -> null);

        assertThatExceptionOfType(NullPointerException.class)
                .as("get(\"k16:nobody\") when the source gives null: a NullPointerException that names the key")
                .isThrownBy(() -> cache.get("k16:nobody")).withMessageContaining("k16:nobody");
    }

    @Test
    @Tag("task:4")
    void a_bad_key_is_the_callers_mistake_not_a_failure_of_the_cache(MemcachedClient client) {
        CircuitBreaker breaker = new CircuitBreaker(1, COOL_DOWN, System::nanoTime);
        GuardedCache cache = new GuardedCache(client, breaker, new Source());

        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("get(\"k16:a key\"): spymemcached refuses a key with a space; let its exception through")
                .isThrownBy(() -> cache.get("k16:a key"));
        assertThat(breaker.state()).as("the breaker (threshold 1) after a bad key: a caller's bug says nothing"
                + " about memcached, and counted as a failure it would turn the cache off for everyone")
                .isEqualTo(BreakerState.CLOSED);
    }

    @Test
    @Tag("task:4")
    void while_memcached_is_frozen_only_the_threshold_of_requests_wait_for_it() throws Exception {
        List<String> sent = new CopyOnWriteArrayList<>();
        MemcachedClient client = recording(frozen(), sent);
        CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofMinutes(1), System::nanoTime);
        Source source = new Source();
        GuardedCache cache = new GuardedCache(client, breaker, source);
        frozen().pause();
        try {
            List<String> answers = new ArrayList<>();
            long[] took = new long[10];
            assertTimeoutPreemptively(BOUND, () -> {
                for (int i = 0; i < took.length; i++) {
                    int request = i;
                    took[i] = timed(() -> answers.add(cache.get("k16:frozen:" + request)));
                }
            }, "10 x get(…) with memcached frozen");

            assertThat(answers).as("get(\"k16:frozen:<i>\") for i = 0 … 9, memcached frozen: the source's values")
                    .isEqualTo(IntStream.range(0, 10).mapToObj(i -> "v1 of k16:frozen:" + i).toList());
            assertThat(sent).as("operations sent to the frozen memcached by 10 gets with a breaker of threshold 3:"
                    + " a get per request until 3 failed, then none (the breaker is open); and no set after a failed"
                    + " get, which would only queue up on the frozen node")
                    .containsExactly("get k16:frozen:0", "get k16:frozen:1", "get k16:frozen:2");
            assertThat(breaker.state()).as("the breaker after 3 timed-out gets").isEqualTo(BreakerState.OPEN);
            System.out.printf("k16 · 10 gets, memcached frozen, breaker of 3, timeout 200 ms: %s ms%n",
                    Arrays.toString(millis(took)));
        } finally {
            frozen().resume();
        }
    }

    @Test
    @Tag("task:4")
    void after_resume_the_probe_closes_the_breaker_and_hits_come_back() throws Exception {
        List<String> sent = new CopyOnWriteArrayList<>();
        MemcachedClient client = recording(frozen(), sent);
        CircuitBreaker breaker = new CircuitBreaker(2, Duration.ofMillis(300), System::nanoTime);
        Source source = new Source();
        GuardedCache cache = new GuardedCache(client, breaker, source);
        frozen().pause();
        try {
            cache.get("k16:back");
            cache.get("k16:back");
            assertThat(breaker.state()).as("the breaker after 2 timed-out gets, threshold 2")
                    .isEqualTo(BreakerState.OPEN);
        } finally {
            frozen().resume();
        }

        await("the breaker to close after resume (cool-down 300 ms)").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                    assertThat(cache.get("k16:back")).as("get(\"k16:back\") after resume").isEqualTo("v1 of k16:back");
                    assertThat(breaker.state()).as("after the cool-down the next get is the probe: it reaches the"
                            + " resumed memcached, and its success closes the breaker").isEqualTo(BreakerState.CLOSED);
                });
        new RawInspector(frozen().address()).awaitStored("k16:back");
        int asked = source.asked.get();
        assertThat(cache.get("k16:back")).as("get(\"k16:back\") once the breaker is closed")
                .isEqualTo("v1 of k16:back");
        assertThat(source.asked).as("times the source was asked by a get after recovery: none, a hit again")
                .hasValue(asked);
    }

    // ---- task 5: nothing stale after the outage -----------------------------------------------------------------

    @Test
    @Tag("task:5")
    void invalidate_deletes_the_cached_copy_so_the_next_get_loads_the_new_value(MemcachedClient client,
                                                                                MemcachedServer server) {
        Source source = new Source();
        GuardedCache cache = new GuardedCache(client, new CircuitBreaker(3, COOL_DOWN, System::nanoTime), source);
        cache.get("k16:user:2");
        new RawInspector(server.address()).awaitStored("k16:user:2");

        source.change("k16:user:2", "v2");
        cache.invalidate("k16:user:2");

        assertThat(new RawInspector(server.address()).inspect("k16:user:2")).as("what memcached holds under"
                + " k16:user:2 once invalidate(…) returned: nothing, the delete is confirmed").isEmpty();
        assertThat(cache.get("k16:user:2")).as("get(\"k16:user:2\") after the source changed and invalidate(…)")
                .isEqualTo("v2");
    }

    @Test
    @Tag("task:5")
    void a_key_memcached_cannot_take_is_refused_and_never_owed(MemcachedClient client) {
        CircuitBreaker breaker = new CircuitBreaker(1, COOL_DOWN, System::nanoTime);
        GuardedCache cache = new GuardedCache(client, breaker, new Source());

        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("invalidate(\"k16:a key\"): a key with a space, which no delete can ever confirm; refuse it"
                        + " (spymemcached's StringUtils.validateKey) before you remember it")
                .isThrownBy(() -> cache.invalidate("k16:a key"));
        assertThat(cache.get("k16:after-a-bad-key")).as("get(\"k16:after-a-bad-key\") after the refused key: no"
                + " delete owed for it, so memcached is read as before").isEqualTo("v1 of k16:after-a-bad-key");
        assertThat(breaker.state()).as("the breaker (threshold 1) after the refused key and a get")
                .isEqualTo(BreakerState.CLOSED);
    }

    @Test
    @Tag("task:5")
    void invalidate_while_the_breaker_is_open_does_not_wait_for_memcached() throws Exception {
        List<String> sent = new CopyOnWriteArrayList<>();
        MemcachedClient client = recording(frozen(), sent);
        CircuitBreaker breaker = new CircuitBreaker(1, Duration.ofMinutes(1), System::nanoTime);
        GuardedCache cache = new GuardedCache(client, breaker, new Source());
        frozen().pause();
        try {
            cache.get("k16:changed");
            sent.clear();

            cache.invalidate("k16:changed");
            cache.get("k16:changed");

            assertThat(sent).as("operations sent to memcached by invalidate(…) and get(…) while the breaker is"
                    + " open: none, remember the key instead").isEmpty();
        } finally {
            frozen().resume();
        }
    }

    @Test
    @Tag("task:5")
    void a_change_made_while_the_breaker_is_open_is_never_served_stale_after_recovery() throws Exception {
        List<String> sent = new CopyOnWriteArrayList<>();
        MemcachedClient client = recording(frozen(), sent);
        AtomicLong now = new AtomicLong();
        CircuitBreaker breaker = new CircuitBreaker(2, COOL_DOWN, now::get);
        Source source = new Source();
        GuardedCache cache = new GuardedCache(client, breaker, source);
        List<String> answers = new CopyOnWriteArrayList<>();
        cache.get("k16:profile");
        new RawInspector(frozen().address()).awaitStored("k16:profile"); // memcached holds v1
        frozen().pause();
        try {
            answers.add(cache.get("k16:profile"));
            answers.add(cache.get("k16:profile"));
            assertThat(breaker.state()).as("the breaker after 2 timed-out gets").isEqualTo(BreakerState.OPEN);
            answers.clear();
            source.change("k16:profile", "v2");
            cache.invalidate("k16:profile"); // memcached, frozen, still holds v1
            answers.add(cache.get("k16:profile"));
        } finally {
            frozen().resume();
        }

        // a cool-down passes at each look: each get is a probe, until memcached answers it
        await("the breaker to close after resume").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50)).until(() -> {
                    now.addAndGet(COOL_DOWN_NANOS);
                    answers.add(cache.get("k16:profile"));
                    return breaker.state() == BreakerState.CLOSED;
                });
        answers.add(cache.get("k16:profile"));
        answers.add(cache.get("k16:profile"));

        assertThat(answers).as("every get(\"k16:profile\") after the source changed to v2 while memcached was"
                + " frozen with v1, through the recovery: never v1; remember the keys invalidated while the breaker"
                + " was open, and delete them (confirmed) before memcached serves anything again; memcached was sent"
                + " %s", sent).containsOnly("v2");
    }

    @Test
    @Tag("task:5")
    void while_an_owed_delete_fails_memcached_is_not_read_and_the_breaker_opens_again() throws Exception {
        List<String> sent = new CopyOnWriteArrayList<>();
        MemcachedClient client = recording(frozen(), sent);
        AtomicLong now = new AtomicLong();
        CircuitBreaker breaker = new CircuitBreaker(1, COOL_DOWN, now::get);
        Source source = new Source();
        GuardedCache cache = new GuardedCache(client, breaker, source);
        frozen().pause();
        try {
            cache.get("k16:owed"); // times out: the breaker opens
            source.change("k16:owed", "v2");
            cache.invalidate("k16:owed");
            now.addAndGet(COOL_DOWN_NANOS);
            sent.clear();

            String answer = cache.get("k16:owed"); // the probe, memcached still frozen

            assertThat(sent).as("operations the probe get(\"k16:owed\") sent, the delete owed for k16:owed not"
                    + " confirmed: the delete, and no get while an old value may still be there")
                    .containsExactly("delete k16:owed");
            assertThat(answer).as("get(\"k16:owed\") while its owed delete fails: the source's value")
                    .isEqualTo("v2");
            assertThat(breaker.state()).as("the breaker after the probe's owed delete failed")
                    .isEqualTo(BreakerState.OPEN);
        } finally {
            frozen().resume();
        }
    }

    @Test
    @Tag("task:5")
    void an_invalidate_let_through_as_the_probe_reopens_or_closes_the_breaker() throws Exception {
        List<String> sent = new CopyOnWriteArrayList<>();
        MemcachedClient client = recording(frozen(), sent);
        AtomicLong now = new AtomicLong();
        CircuitBreaker breaker = new CircuitBreaker(1, COOL_DOWN, now::get);
        GuardedCache cache = new GuardedCache(client, breaker, new Source());
        frozen().pause();
        try {
            cache.get("k16:probed"); // times out: the breaker opens
            now.addAndGet(COOL_DOWN_NANOS);

            cache.invalidate("k16:probed");

            assertThat(breaker.state()).as("the breaker after invalidate(…) was let through as the probe and its"
                    + " delete timed out: tell the breaker").isEqualTo(BreakerState.OPEN);
        } finally {
            frozen().resume();
        }
        now.addAndGet(COOL_DOWN_NANOS);

        cache.invalidate("k16:probed");

        assertThat(breaker.state()).as("the breaker after invalidate(…) was let through as the probe, memcached"
                + " resumed, and its delete confirmed: tell the breaker").isEqualTo(BreakerState.CLOSED);
    }

    @Test
    @Tag("task:5")
    void an_invalidate_interrupted_while_it_waits_keeps_the_interrupt_and_the_delete_owed() throws Exception {
        List<String> sent = new CopyOnWriteArrayList<>();
        // a long timeout: the interrupt, not the timeout, must end the wait
        MemcachedClient client = recording(frozen(), sent, Duration.ofSeconds(10));
        GuardedCache cache = new GuardedCache(client, new CircuitBreaker(3, COOL_DOWN, System::nanoTime),
                new Source());
        // a task, not a bare thread: what invalidate(…) throws (a stub's exception) reaches this test, not stderr
        FutureTask<Boolean> invalidate = new FutureTask<>(() -> {
            cache.invalidate("k16:interrupted");
            return Thread.currentThread().isInterrupted();
        });
        Thread invalidating = new Thread(invalidate, "k16 invalidate");
        frozen().pause();
        try {
            invalidating.start();
            await("invalidate(\"k16:interrupted\") to send its delete").atMost(Duration.ofSeconds(5))
                    .until(() -> invalidate.isDone() || sent.contains("delete k16:interrupted"));
            invalidating.interrupt();
            invalidating.join(BOUND.toMillis());

            assertThat(invalidating.isAlive()).as("invalidate(…) still waiting %s after its thread was interrupted",
                    BOUND).isFalse();
            boolean interruptKept = invalidate.get(); // rethrows what invalidate(…) threw
            assertThat(sent).as("operations of invalidate(\"k16:interrupted\") on a frozen memcached: it deletes the"
                    + " key, and waits for the answer").contains("delete k16:interrupted");
            assertThat(interruptKept).as("the thread's interrupt after invalidate(…) was interrupted while it waited"
                    + " for the delete's answer: set it again (Thread.currentThread().interrupt()) so the caller"
                    + " still sees it").isTrue();
        } finally {
            frozen().resume();
        }
        sent.clear();
        cache.get("k16:interrupted");
        assertThat(sent).as("operations of the next get(\"k16:interrupted\"): a delete whose answer nobody waited"
                + " for is not confirmed, so it is still owed and sent again first")
                .startsWith("delete k16:interrupted");
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    /** How long {@code action} took, in nanoseconds. */
    private static long timed(Runnable action) {
        long start = System.nanoTime();
        action.run();
        return System.nanoTime() - start;
    }

    private static long[] millis(long[] nanos) {
        return Arrays.stream(nanos).map(n -> n / 1_000_000).toArray();
    }

    /** A call to memcached: what it threw (null when it answered), and how long it took. */
    private record Attempt(Exception failure, Duration took) {
    }

    private static Attempt attempt(Callable<?> call) {
        long start = System.nanoTime();
        Exception failure = null;
        try {
            call.call();
        } catch (Exception e) {
            failure = e;
        }
        return new Attempt(failure, Duration.ofNanos(System.nanoTime() - start));
    }

    /** One line of the lesson's table: how a failure mode met a failed node, measured here. */
    private static void report(FailureMode mode, String node, Attempt attempt) {
        System.out.printf(Locale.ROOT, "k16 · %-12s %-12s: %s after %.1f ms%n", mode, node,
                attempt.failure() == null ? "answered" : attempt.failure().getClass().getSimpleName(),
                attempt.took().toNanos() / 1e6);
    }

    /** A prefix of the test's own, such as {@code "k16:moved:<uuid>:"}: the shared server outlives a run. */
    private static String unique(String name) {
        return name + ":" + UUID.randomUUID() + ":";
    }

    /** A key the client's locator places on the node at {@code address}. */
    private static String keyOn(MemcachedClient client, InetSocketAddress address, String prefix) {
        return IntStream.range(0, 1000).mapToObj(i -> prefix + i)
                .filter(key -> client.getNodeLocator().getPrimary(key).getSocketAddress().equals(address))
                .findFirst().orElseThrow(() -> new AssertionError("no key of " + prefix + "0 … 999 on " + address));
    }

    /**
     * Stops {@code node} and waits until the client knows it is down (an operation finds its connection gone).
     *
     * @return a key the client's locator places on that node
     */
    private static String stopTheNodeOf(MemcachedClient client, MemcachedServer node, String prefix) {
        String key = keyOn(client, node.address(), prefix);
        node.stop();
        await("the client to see that the node of " + key + " stopped").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20)).until(() -> {
                    attempt(() -> client.get(key));
                    return !client.getNodeLocator().getPrimary(key).isActive();
                });
        return key;
    }
}
