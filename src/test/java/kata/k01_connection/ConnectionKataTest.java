package kata.k01_connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import kata.shared.ServerUnreachableException;
import kata.support.Addresses;
import kata.support.MemcachedExtension;
import kata.support.MemcachedServer;
import kata.support.RawInspector;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MemcachedExtension.class)
@DisplayName("k01 · Connecting to memcached")
// the simplest test of task 1 runs first, so it is the first red a learner sees; no test needs another
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConnectionKataTest {

    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final Duration SHORT_TIMEOUT = Duration.ofMillis(200);

    /**
     * Longer than the 2 s that {@link #an_unreachable_server_is_reported_within_the_timeout_not_the_default} allows
     * for a 200 ms timeout: no fixed timeout passes both tests, only the one the caller gives.
     */
    private static final Duration LONG_TIMEOUT = Duration.ofMillis(2200);

    /**
     * Every counter a command moves: a store, a delete, a read (hit or miss), a touch, a flush, a counter. The
     * {@code version} and {@code stats} commands move none of them (protocol.txt, "General-purpose statistics").
     */
    private static final List<String> COMMAND_COUNTERS = List.of("cmd_get", "cmd_set", "cmd_flush", "cmd_touch",
            "cmd_meta", "get_hits", "get_misses", "delete_hits", "delete_misses", "incr_hits", "incr_misses",
            "decr_hits", "decr_misses", "cas_hits", "cas_misses", "cas_badval", "touch_hits", "touch_misses",
            "curr_items", "total_items");

    @Test
    @Order(1)
    @Tag("task:1")
    void version_is_what_the_server_itself_reports(MemcachedServer server) {
        String reported = new RawInspector(server.address()).version();

        assertThat(ServerProbe.version(server.address(), TIMEOUT))
                .as("ask the server itself (MemcachedClient.getVersions()) and return its answer:"
                        + " ServerProbe.version(%s, 500ms) against %s", hostAndPort(server.address()),
                        server.description())
                .isEqualTo(reported)
                .startsWith("1.6.");
    }

    @Test
    @Tag("task:1")
    void the_probe_leaves_no_trace_on_the_server(MemcachedServer server) {
        RawInspector inspector = new RawInspector(server.address());
        Map<String, String> before = inspector.stats();

        ServerProbe.version(server.address(), TIMEOUT);

        Map<String, String> after = inspector.stats();
        List<String> moved = COMMAND_COUNTERS.stream()
                .filter(counter -> !before.get(counter).equals(after.get(counter)))
                .map(counter -> counter + " " + before.get(counter) + " -> " + after.get(counter))
                .toList();
        // the run's server is this JVM's alone (tests run one at a time); a busy server given by address shows its
        // other clients' traffic here too
        assertThat(moved)
                .as("ask only for the version: a probe that sets, deletes or gets a key writes into a cache other"
                        + " services share, and its misses lower every hit rate; ServerProbe.version(%s, 500ms)"
                        + " moved these counters of `stats`", hostAndPort(server.address()))
                .isEmpty();
    }

    @Test
    @Tag("task:2")
    void an_address_where_nothing_listens_is_reported_unreachable_by_name() {
        InetSocketAddress nobody = Addresses.nothingListening();

        assertThatExceptionOfType(ServerUnreachableException.class)
                .as("throw new ServerUnreachableException(address, timeout) when no version came back:"
                        + " ServerProbe.version(%s, 500ms) with nothing listening there", hostAndPort(nobody))
                .isThrownBy(() -> ServerProbe.version(nobody, TIMEOUT))
                .withMessageContaining(hostAndPort(nobody))
                .withMessageContaining("500 ms");
    }

    @Test
    @Tag("task:2")
    void an_unreachable_server_is_reported_within_the_timeout_not_the_default() {
        InetSocketAddress nobody = Addresses.nothingListening();

        // 2 s is loose on purpose (a busy machine): 200 ms and the client's start and stop, or spymemcached's
        // default timeout alone, 2.5 s
        assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> assertThatExceptionOfType(ServerUnreachableException.class)
                        .as("ServerProbe.version(%s, 200ms) with nothing listening there", hostAndPort(nobody))
                        .isThrownBy(() -> ServerProbe.version(nobody, SHORT_TIMEOUT)),
                "build the client with ConnectionFactoryBuilder.setOpTimeout(timeout.toMillis()):"
                        + " ServerProbe.version(…, 200ms) must give up after about 200 ms, not spymemcached's 2.5 s");
    }

    @Test
    @Tag("task:2")
    void a_server_that_never_answers_is_given_the_whole_timeout() throws IOException {
        // a socket that is listened on but never read: connecting succeeds, and no answer ever comes, like a
        // memcached that is frozen; only the timeout can end the wait
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            InetSocketAddress mute = new InetSocketAddress(InetAddress.getLoopbackAddress(), silent.getLocalPort());
            long started = System.nanoTime();

            assertThatExceptionOfType(ServerUnreachableException.class)
                    .as("ServerProbe.version(%s, 2200ms) against a server that accepts and never answers",
                            hostAndPort(mute))
                    .isThrownBy(() -> ServerProbe.version(mute, LONG_TIMEOUT))
                    .withMessageContaining(hostAndPort(mute));
            long waitedMillis = (System.nanoTime() - started) / 1_000_000;

            // a lower bound only: a busy machine makes the wait longer, never shorter
            assertThat(waitedMillis)
                    .as("use the timeout you are given, not a constant (setOpTimeout(timeout.toMillis())):"
                            + " ServerProbe.version(%s, 2200ms) gave up after %d ms", hostAndPort(mute),
                            waitedMillis)
                    .isGreaterThanOrEqualTo(LONG_TIMEOUT.toMillis() - 100);
        }
    }

    @Test
    @Tag("task:3")
    void no_memcached_io_thread_is_left_after_a_successful_probe(MemcachedServer server) {
        ServerProbe.version(server.address(), TIMEOUT);

        awaitNoIoThreadFor(server.address());
    }

    @Test
    @Tag("task:3")
    void no_memcached_io_thread_is_left_after_a_failed_probe() {
        InetSocketAddress nobody = Addresses.nothingListening();
        assertThatExceptionOfType(ServerUnreachableException.class)
                .as("ServerProbe.version(%s, 500ms) with nothing listening there (task 2)", hostAndPort(nobody))
                .isThrownBy(() -> ServerProbe.version(nobody, TIMEOUT));

        awaitNoIoThreadFor(nobody);
    }

    /** spymemcached names its thread "Memcached IO over {MemcachedConnection to host/ip:port}". */
    private static void awaitNoIoThreadFor(InetSocketAddress address) {
        await("the Memcached IO thread for " + hostAndPort(address) + " to end")
                .atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(ioThreadsFor(address))
                        .as("call client.shutdown() in a finally block, on success and on failure: live"
                                + " 'Memcached IO' threads for %s", hostAndPort(address))
                        .isEmpty());
    }

    private static List<String> ioThreadsFor(InetSocketAddress address) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith("Memcached IO") && name.contains(":" + address.getPort() + "}"))
                .toList();
    }

    private static String hostAndPort(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }
}
