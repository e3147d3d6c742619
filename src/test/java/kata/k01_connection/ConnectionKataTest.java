package kata.k01_connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import kata.shared.ServerUnreachableException;
import kata.support.Addresses;
import kata.support.MemcachedExtension;
import kata.support.MemcachedServer;
import kata.support.RawInspector;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MemcachedExtension.class)
@DisplayName("k01 · Connecting to memcached")
class ConnectionKataTest {

    private static final Duration TIMEOUT = Duration.ofMillis(500);

    @Test
    @Tag("task:1")
    void version_is_what_the_server_itself_reports(MemcachedServer server) {
        String reported = new RawInspector(server.address()).version();

        assertThat(ServerProbe.version(server.address(), TIMEOUT))
                .as("ServerProbe.version(%s, 500ms) against %s: ask the server (MemcachedClient.getVersions())",
                        hostAndPort(server.address()), server.description())
                .isEqualTo(reported)
                .startsWith("1.6.");
    }

    @Test
    @Tag("task:2")
    void an_address_where_nothing_listens_is_reported_unreachable_by_name() {
        InetSocketAddress nobody = Addresses.nothingListening();

        assertThatExceptionOfType(ServerUnreachableException.class)
                .as("ServerProbe.version(%s, 500ms) with nothing listening there", hostAndPort(nobody))
                .isThrownBy(() -> ServerProbe.version(nobody, TIMEOUT))
                .withMessageContaining(hostAndPort(nobody));
    }

    @Test
    @Tag("task:2")
    void an_unreachable_server_is_reported_within_the_timeout_not_the_default() {
        InetSocketAddress nobody = Addresses.nothingListening();

        // 2 s is loose on purpose (a busy machine): spymemcached's default timeout alone takes 2.5 s
        assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> assertThatExceptionOfType(ServerUnreachableException.class)
                        .as("ServerProbe.version(%s, 500ms) with nothing listening there", hostAndPort(nobody))
                        .isThrownBy(() -> ServerProbe.version(nobody, TIMEOUT)),
                "ServerProbe.version(…, 500ms) must give up after about 500 ms: build the client with"
                        + " ConnectionFactoryBuilder.setOpTimeout(timeout.toMillis())");
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
                        .as("live 'Memcached IO' threads for %s: call client.shutdown() in a finally block,"
                                + " on success and on failure", hostAndPort(address))
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
