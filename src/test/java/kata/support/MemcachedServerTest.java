package kata.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.ConnectionFactoryBuilder.Protocol;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.auth.AuthDescriptor;
import net.spy.memcached.auth.PlainCallbackHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The support the katas stand on: if these fail, no kata result means anything. */
@ExtendWith(MemcachedExtension.class)
class MemcachedServerTest {

    @Test
    void the_shared_server_answers_version_and_is_the_same_for_every_test(MemcachedServer server,
                                                                          MemcachedServer again) {
        assertThat(new RawInspector(server.address()).version()).startsWith("1.6.");
        assertThat(again).isSameAs(server);
    }

    @Test
    void a_dedicated_server_gets_its_flags_and_is_not_the_shared_one(@Dedicated({"-m", "2"}) MemcachedServer tiny,
                                                                     MemcachedServer shared) {
        assertThat(tiny.address()).isNotEqualTo(shared.address());
        assertThat(new RawInspector(tiny.address()).stats())
                .as("stats of a server started with -m 2")
                .containsEntry("limit_maxbytes", Long.toString(2L * 1024 * 1024));
    }

    @Test
    void a_dedicated_server_with_sasl_users_lets_one_in_with_plain_over_the_binary_protocol_and_speaks_no_text(
            @Dedicated(saslUsers = "alice:s3cret") MemcachedServer secured) throws Exception {
        assertThat(secured.description()).endsWith(" with SASL users alice");
        MemcachedClient alice = new MemcachedClient(new ConnectionFactoryBuilder().setProtocol(Protocol.BINARY)
                .setAuthDescriptor(new AuthDescriptor(new String[] {"PLAIN"}, new PlainCallbackHandler("alice",
                        "s3cret"))).setOpTimeout(5_000).build(), List.of(secured.address()));
        try {
            assertThat(alice.set("support:sasl", 0, "in").get()).as("set by alice, authenticated").isTrue();
            assertThat(alice.getStats("settings").values().iterator().next())
                    .containsEntry("auth_enabled_sasl", "yes");
        } finally {
            alice.shutdown();
        }
        assertThatThrownBy(() -> new RawInspector(secured.address(), Duration.ofMillis(300)).version())
                .as("-S turns the text protocol off").isInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(() -> SaslUsers.parse("bob:b").checkLogin(secured.address(), "that server",
                Duration.ofMillis(500)))
                .as("the start's own check, for a user the server does not know")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("that server started with -S but did not let SASL user 'bob' in within 500 ms")
                .hasMessageContaining("password database saslpasswd2 wrote on this machine");
    }

    @Test
    void a_paused_server_is_frozen_when_pause_returns_and_answers_again_once_resumed(@Dedicated MemcachedServer server) {
        RawInspector quick = new RawInspector(server.address(), Duration.ofMillis(300));
        // several rounds: a pause that returned before the freeze let a request through now and then, not every time
        for (int round = 1; round <= 5; round++) {
            server.pause();
            try {
                assertThatThrownBy(quick::version).as("'version' sent at once after pause(), round %d", round)
                        .isInstanceOf(UncheckedIOException.class)
                        .hasMessageContaining("did not answer 'version'")
                        .hasRootCauseInstanceOf(SocketTimeoutException.class);
            } finally {
                server.resume();
            }
            assertThat(quick.version()).as("'version' after resume(), round %d", round).startsWith("1.6.");
        }
    }

    @Test
    void a_stopped_server_refuses_connections_as_soon_as_stop_returns_and_closing_it_again_is_harmless(
            @Dedicated MemcachedServer server) {
        server.stop();
        assertRefused(server);

        server.close();
        assertRefused(server);
    }

    @Test
    void a_paused_server_can_be_stopped_and_then_refuses_connections(@Dedicated MemcachedServer server) {
        server.pause();
        server.stop();

        assertRefused(server);
    }

    /** Refused, not timed out: a server that is frozen or still going away would time out instead. */
    private static void assertRefused(MemcachedServer server) {
        assertThatThrownBy(() -> new RawInspector(server.address(), Duration.ofMillis(300)).version())
                .as("a connection to %s right after it stopped", server.description())
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(server.address().getPort() + "")
                .hasRootCauseInstanceOf(ConnectException.class);
    }

    @Test
    void the_inspector_lists_the_keys_that_start_with_a_prefix_as_they_were_written(MemcachedServer server,
                                                                                 MemcachedClient client)
            throws Exception {
        RawInspector inspector = new RawInspector(server.address());
        // metadump sends each key URI-encoded: # and % must come back as they were written
        List<String> listed = List.of("support:keys:a", "support:keys:b#1.0", "support:keys:100%");
        List<String> written = new ArrayList<>(listed);
        written.add("support:other");
        written.forEach(key -> inspector.store(key, "x".getBytes(StandardCharsets.UTF_8), 0));
        try {
            assertThat(inspector.keysStartingWith("support:keys:")).containsExactlyInAnyOrderElementsOf(listed);
        } finally {
            for (String key : written) {
                client.delete(key).get();
            }
        }
    }
}
