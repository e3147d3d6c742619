package kata.k19_security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import kata.shared.AuthenticationFailedException;
import kata.shared.Exposure;
import kata.shared.ServerUnreachableException;
import kata.support.MemcachedExtension;
import kata.support.MemcachedServer;
import kata.support.RawInspector;
import kata.support.StoredItem;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.ConnectionFactoryBuilder.Protocol;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.auth.AuthDescriptor;
import net.spy.memcached.auth.PlainCallbackHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(MemcachedExtension.class)
@DisplayName("k19 · Security: memcached trusts everyone who can reach it")
class SecurityKataTest {

    private static final String USER = "k19-alice";
    private static final String PASSWORD = "k19-correct-horse";
    /** Long enough for a login on a loaded machine; the server answers a wrong password in about 0.3 s here. */
    private static final Duration LOGIN = Duration.ofSeconds(1);
    /** A refused login must end near {@link #LOGIN}, not after spymemcached's reconnecting forever. */
    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final byte[] SECRET = "k19-test-secret-of-32-bytes-long".getBytes(StandardCharsets.US_ASCII);

    /** One SASL server for the class, started by the first test that needs it: no test changes it. */
    private static MemcachedServer secured;
    /** The test's own view of the secured server, logged in the documented way, not through the learner's code. */
    private static MemcachedClient reference;

    /** Why the SASL server could not be had: said once, then again at once by every test that needs it. */
    private static RuntimeException securedUnavailable;

    private static synchronized MemcachedServer secured() throws IOException {
        if (securedUnavailable != null) {
            throw securedUnavailable;
        }
        if (secured == null) {
            try {
                secured = MemcachedServer.dedicatedWithSasl(Map.of(USER, PASSWORD));
            } catch (RuntimeException e) {
                securedUnavailable = e;
                throw e;
            }
            reference = new MemcachedClient(new ConnectionFactoryBuilder().setProtocol(Protocol.BINARY)
                    .setAuthDescriptor(new AuthDescriptor(new String[] {"PLAIN"}, new PlainCallbackHandler(USER,
                            PASSWORD))).setOpTimeout(5_000).build(), List.of(secured.address()));
        }
        return secured;
    }

    private static MemcachedClient reference() throws IOException {
        secured();
        return reference;
    }

    @AfterAll
    static void stopTheSecuredServer() {
        if (reference != null) {
            reference.shutdown();
        }
        if (secured != null) {
            secured.close();
        }
        secured = null;
        reference = null;
        securedUnavailable = null;
    }

    /** A loopback port that was free a moment ago: a connection to it is refused, as to a server that is down. */
    private static InetSocketAddress nobodyListening() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new InetSocketAddress(socket.getInetAddress(), socket.getLocalPort());
        }
    }

    /** spymemcached's IO threads talking to {@code address}: each client has one until it is shut down. */
    private static long ioThreadsTo(InetSocketAddress address) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("Memcached IO over")
                        && thread.getName().contains(":" + address.getPort()))
                .count();
    }

    // --- task 1: exposure -------------------------------------------------------------------------------------

    private static Map<String, String> settings(String udpport, String inter, String sasl) {
        return new HashMap<>(Map.of("tcpport", "11211", "udpport", udpport, "inter", inter, "auth_enabled_sasl", sasl,
                "auth_enabled_ascii", "no"));
    }

    @Test
    @Tag("task:1")
    void the_shared_server_has_udp_off_and_no_authentication(MemcachedClient client) {
        Map<String, String> settings = ExposureCheck.settings(client);

        assertThat(settings).as("ExposureCheck.settings(client): the server's own 'stats settings'")
                .containsEntry("udpport", "0").containsEntry("auth_enabled_sasl", "no").containsKey("inter");
        assertThat(ExposureCheck.exposures(settings))
                .as("exposures of the shared server (started with -U 0, without -S): whoever reaches it may use it")
                .contains(Exposure.NO_AUTHENTICATION).doesNotContain(Exposure.UDP_ON);
    }

    @Test
    @Tag("task:1")
    void a_server_started_with_sasl_is_not_open_to_everyone() throws IOException {
        Map<String, String> settings = ExposureCheck.settings(reference());

        assertThat(settings).as("stats settings of the server started with -S").containsEntry("auth_enabled_sasl",
                "yes");
        assertThat(ExposureCheck.exposures(settings)).as("exposures of a server with -S and -U 0")
                .doesNotContain(Exposure.NO_AUTHENTICATION, Exposure.UDP_ON);
    }

    @Test
    @Tag("task:1")
    void settings_from_a_client_whose_server_is_down_are_an_error_not_an_empty_map() throws IOException {
        InetSocketAddress address = nobodyListening();
        MemcachedClient client = new MemcachedClient(new ConnectionFactoryBuilder().setOpTimeout(300).build(),
                List.of(address));
        try {
            assertThatExceptionOfType(IllegalStateException.class)
                    .as("ExposureCheck.settings(a client of a stopped server): spymemcached gives it an empty map")
                    .isThrownBy(() -> ExposureCheck.settings(client));
        } finally {
            client.shutdown();
        }
    }

    @Test
    @Tag("task:1")
    void loopback_only_with_udp_off_and_sasl_on_leaves_nothing_open() {
        assertThat(ExposureCheck.exposures(settings("0", "127.0.0.1", "yes")))
                .as("udpport 0, inter 127.0.0.1, auth_enabled_sasl yes").isEmpty();
        assertThat(ExposureCheck.exposures(settings("0", "127.0.0.1,::1", "yes")))
                .as("inter 127.0.0.1,::1: -l takes a list, and both are loopback").isEmpty();
        Map<String, String> ascii = settings("0", "127.0.0.1", "no");
        ascii.put("auth_enabled_ascii", "yes");
        assertThat(ExposureCheck.exposures(ascii)).as("auth_enabled_ascii yes (-Y): authentication too").isEmpty();
    }

    @Test
    @Tag("task:1")
    void udp_on_is_an_exposure_whatever_the_port() {
        assertThat(ExposureCheck.exposures(settings("11211", "127.0.0.1", "yes")))
                .as("udpport 11211: the 2018 amplification attacks used memcached's UDP port")
                .containsExactly(Exposure.UDP_ON);
        assertThat(ExposureCheck.exposures(settings("1", "127.0.0.1", "yes"))).as("udpport 1")
                .containsExactly(Exposure.UDP_ON);
    }

    @ParameterizedTest
    @ValueSource(strings = {"NULL", "0.0.0.0", "10.0.0.5", "127.0.0.1,192.168.1.10", "::"})
    @Tag("task:1")
    void listening_on_every_interface_or_one_beyond_loopback_is_an_exposure(String inter) {
        assertThat(ExposureCheck.exposures(settings("0", inter, "yes")))
                .as("inter " + inter + " (NULL: no -l, every interface)")
                .containsExactly(Exposure.LISTENS_BEYOND_LOOPBACK);
    }

    @Test
    @Tag("task:1")
    void everything_open_at_once_is_every_exposure() {
        assertThat(ExposureCheck.exposures(settings("11211", "NULL", "no")))
                .as("udpport 11211, inter NULL, no authentication: memcached before 1.5.6, as many ran it in 2018")
                .containsExactlyInAnyOrder(Exposure.UDP_ON, Exposure.LISTENS_BEYOND_LOOPBACK,
                        Exposure.NO_AUTHENTICATION);
    }

    @ParameterizedTest
    @ValueSource(strings = {"udpport", "inter"})
    @Tag("task:1")
    void settings_without_udpport_or_inter_are_not_memcached_settings(String missing) {
        Map<String, String> settings = settings("0", "127.0.0.1", "yes");
        settings.remove(missing);

        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("exposures(settings without " + missing + ")")
                .isThrownBy(() -> ExposureCheck.exposures(settings))
                .withMessageContaining("'" + missing + "'");
    }

    // --- task 2: authentication -------------------------------------------------------------------------------

    @Test
    @Tag("task:2")
    void the_right_password_logs_in_and_the_client_stores_and_reads() throws Exception {
        MemcachedClient alice = SaslLogin.connect(secured().address(), USER, PASSWORD, LOGIN);
        try {
            assertThat(alice.set("k19:login:stored", 60, "by alice").get(5, TimeUnit.SECONDS))
                    .as("set through the client SaslLogin.connect(…, the right password, …) returned").isTrue();
            assertThat(alice.get("k19:login:stored")).as("get through that client").isEqualTo("by alice");
        } finally {
            alice.shutdown();
        }
        assertThat(reference().get("k19:login:stored")).as("get by another client logged in as " + USER)
                .isEqualTo("by alice");
    }

    @Test
    @Tag("task:2")
    void a_wrong_password_is_refused_at_once_with_a_clear_error_and_nothing_is_stored() throws IOException {
        InetSocketAddress address = secured().address();
        long threadsBefore = ioThreadsTo(address);
        long begin = System.nanoTime();
        AuthenticationFailedException refused = catchThrowableOfType(AuthenticationFailedException.class, () -> {
            MemcachedClient mallory = SaslLogin.connect(address, USER, "guess", LOGIN);
            try {
                mallory.set("k19:login:forged", 60, "by mallory").get(5, TimeUnit.SECONDS);
            } finally {
                mallory.shutdown();
            }
        });
        Duration took = Duration.ofNanos(System.nanoTime() - begin);

        assertThat(refused).as("SaslLogin.connect(…, a wrong password, …) must throw AuthenticationFailedException,"
                + " not return a client that times out later").isNotNull();
        assertThat(refused.user()).isEqualTo(USER);
        assertThat(refused.server()).isEqualTo(address);
        assertThat(refused.getMessage()).as("the message names the user and never the password").contains(USER)
                .doesNotContain("guess");
        assertThat(took).as("a refusal within the login time, not spymemcached's reconnecting").isLessThan(BOUND);
        assertThat(reference().get("k19:login:forged")).as("get k19:login:forged as " + USER + ": nothing was stored")
                .isNull();
        await("the refused attempt's client to be shut down").atMost(Duration.ofSeconds(3)).untilAsserted(() ->
                assertThat(ioThreadsTo(address)).as("spymemcached IO threads to " + address + " after a refused"
                        + " login: the attempt's client must be shut down, or it reconnects forever")
                        .isEqualTo(threadsBefore));
    }

    @Test
    @Tag("task:2")
    void a_user_the_server_does_not_know_is_refused_the_same_way() throws IOException {
        InetSocketAddress address = secured().address();
        AuthenticationFailedException refused = catchThrowableOfType(AuthenticationFailedException.class,
                () -> SaslLogin.connect(address, "k19-nobody", PASSWORD, LOGIN).shutdown());

        assertThat(refused).as("SaslLogin.connect(…, \"k19-nobody\", …): an unknown user is a refused login")
                .isNotNull();
        assertThat(refused.user()).isEqualTo("k19-nobody");
        assertThat(refused.getMessage()).doesNotContain(PASSWORD);
    }

    @Test
    @Tag("task:2")
    void a_server_that_is_not_there_is_unreachable_not_a_wrong_password() throws IOException {
        InetSocketAddress address = nobodyListening();

        ServerUnreachableException unreachable = catchThrowableOfType(ServerUnreachableException.class,
                () -> SaslLogin.connect(address, USER, PASSWORD, LOGIN).shutdown());

        assertThat(unreachable).as("SaslLogin.connect to a stopped server: ServerUnreachableException, since no"
                + " password would help").isNotNull();
        assertThat(unreachable.address()).isEqualTo(address);
    }

    // --- task 3: integrity ------------------------------------------------------------------------------------

    private static String hmac(byte[] secret, String key, String value) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        byte[] signed = (key + "\0" + value).getBytes(StandardCharsets.UTF_8);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(signed));
    }

    @Test
    @Tag("task:3")
    void a_signed_value_is_its_hmac_a_dot_and_the_value_and_python_computes_the_same() throws Exception {
        // computed with Python's hmac and base64 modules: the seed's service can verify what we write
        assertThat(SignedValues.sign(SECRET, "k19:session:1", "{\"user_id\": 1}"))
                .isEqualTo("yXE0DPdEkjW8mZHJq6G1Qt_jtMTxpISlvX-2ROi5hRQ.{\"user_id\": 1}");
        assertThat(SignedValues.sign(SECRET, "k19:session:2", "João.Silva"))
                .as("the value after the first '.', whatever it holds")
                .isEqualTo(hmac(SECRET, "k19:session:2", "João.Silva") + ".João.Silva");
    }

    @Test
    @Tag("task:3")
    void put_stores_the_signed_text_with_its_ttl_and_get_gives_the_value_back(MemcachedClient client,
                                                                                MemcachedServer server) {
        SignedValues store = new SignedValues(client, SECRET);
        store.put("k19:signed:joao", "{\"nome\": \"João\"}", 60);

        StoredItem item = new RawInspector(server.address()).awaitStored("k19:signed:joao");
        assertThat(item.valueAsUtf8()).as("what memcached holds under k19:signed:joao")
                .isEqualTo(SignedValues.sign(SECRET, "k19:signed:joao", "{\"nome\": \"João\"}"));
        assertThat(item.flags()).as("flags: a String, UTF-8, readable by any client").isZero();
        assertThat(item.ttlSeconds()).as("remaining TTL after put(…, 60)").isBetween(1L, 60L);
        assertThat(store.get("k19:signed:joao")).contains("{\"nome\": \"João\"}");
        assertThat(store.rejected()).as("rejected() after reading only what we signed").isZero();
    }

    @Test
    @Tag("task:3")
    void a_plain_miss_is_empty_and_not_a_forgery(MemcachedClient client) {
        SignedValues store = new SignedValues(client, SECRET);

        assertThat(store.get("k19:signed:never-written")).isEmpty();
        assertThat(store.rejected()).as("rejected() after a miss: nothing was there to doubt").isZero();
    }

    /** Stores {@code text} under {@code key} as any client could, then reads it through a fresh store. */
    private static SignedValues planted(MemcachedClient client, MemcachedServer server, String key, String text) {
        new RawInspector(server.address()).store(key, text.getBytes(StandardCharsets.UTF_8), 0);
        return new SignedValues(client, SECRET);
    }

    /** Entries a service did not sign for their key, each under a key of its own: the text is made in the test. */
    static Stream<Arguments> forgeries() {
        String role = "{\"role\": \"user\"}";
        byte[] other = "k19-someone-elses-secret-32-byte".getBytes(StandardCharsets.US_ASCII);
        return Stream.of(
                arguments(named("a signed value edited in memcached", "k19:forged:edited"), (Supplier<String>) () ->
                        SignedValues.sign(SECRET, "k19:forged:edited", role).replace("user", "admin")),
                arguments(named("the signature alone, cut before its '.'", "k19:forged:cut"), (Supplier<String>) () ->
                        SignedValues.sign(SECRET, "k19:forged:cut", role).substring(0, 43)),
                arguments(named("one character", "k19:forged:short"), (Supplier<String>) () -> "x"),
                arguments(named("alice's signed session, copied to mallory's key", "k19:forged:mallory"),
                        (Supplier<String>) () -> SignedValues.sign(SECRET, "k19:forged:alice", role)),
                arguments(named("a value signed with a secret that is not ours", "k19:forged:other"),
                        (Supplier<String>) () -> SignedValues.sign(other, "k19:forged:other", role)));
    }

    @ParameterizedTest
    @MethodSource("forgeries")
    @Tag("task:3")
    void a_forged_entry_reads_as_a_miss_and_is_reported(String key, Supplier<String> forged, MemcachedClient client,
                                                        MemcachedServer server) {
        SignedValues store = planted(client, server, key, forged.get());

        assertThat(store.get(key)).as("get(\"" + key + "\")").isEmpty();
        assertThat(store.rejected()).as("rejected() after one forged entry").isOne();
    }

    @Test
    @Tag("task:3")
    void the_seeds_unsigned_session_reads_as_a_miss_and_is_reported(MemcachedClient client, MemcachedServer server) {
        // what the seed's Python service writes: json.dumps of its session, no signature
        SignedValues store = planted(client, server, "k19:session:seed",
                "{\"user_id\": 456, \"username\": \"admin\", \"login_time\": 1714557600}");

        assertThat(store.get("k19:session:seed")).as("get of an unsigned session").isEmpty();
        assertThat(store.rejected()).isOne();
        assertThat(store.get("k19:session:seed")).as("the same session read again").isEmpty();
        assertThat(store.rejected()).as("rejected() counts each refusal").isEqualTo(2);
    }

    @Test
    @Tag("task:3")
    void a_secret_shorter_than_32_bytes_is_refused(MemcachedClient client) {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("new SignedValues(client, 31 bytes)")
                .isThrownBy(() -> new SignedValues(client, new byte[31]))
                .withMessageContaining("31 bytes").withMessageContaining("32");
        assertThat(new SignedValues(client, new byte[32])).as("32 bytes is enough").isNotNull();
    }

    // --- task 4: keys from user input -------------------------------------------------------------------------

    @Test
    @Tag("task:4")
    void a_key_is_the_prefix_and_the_base64url_sha256_of_the_input_as_python_computes_it() {
        // hashlib.sha256(b"alice@example.com") in base64.urlsafe_b64encode, "=" stripped
        assertThat(HashedKeys.of("k19:user:", "alice@example.com"))
                .isEqualTo("k19:user:_42YGfwOEr8NJIkuRZh-JJoo3Og2qFytYOKOqqjG2XY");
        assertThat(HashedKeys.of("k19:q:", "João Silva\r\nflush_all"))
                .as("UTF-8 bytes of the input, CR LF included")
                .isEqualTo("k19:q:tGlZEwwKx498L-qLzjMhOSms-QNDOKpbthS1qyfQri0");
    }

    static Stream<Named<String>> awkwardInputs() {
        return Stream.of(named("empty", ""), named("a space", "a b"), named("CR LF then flush_all", "x\r\nflush_all"),
                named("an emoji", "emoji 😀"), named("accents", "Ñandú"), named("a NUL byte", "a\0b"));
    }

    @ParameterizedTest
    @MethodSource("awkwardInputs")
    @Tag("task:4")
    void any_input_gives_a_key_of_43_safe_characters_after_the_prefix(String input) {
        String key = HashedKeys.of("k19:in:", input);

        assertThat(key).as("HashedKeys.of(\"k19:in:\", " + input.replace("\r\n", "\\r\\n") + ")")
                .startsWith("k19:in:").hasSize("k19:in:".length() + 43)
                .matches("k19:in:[A-Za-z0-9_-]{43}");
    }

    @Test
    @Tag("task:4")
    void the_input_is_not_in_the_key_and_different_inputs_give_different_keys() {
        String key = HashedKeys.of("k19:user:", "alice@example.com");

        assertThat(key).doesNotContain("alice").isEqualTo(HashedKeys.of("k19:user:", "alice@example.com"));
        assertThat(HashedKeys.of("k19:user:", "Alice@example.com")).as("another input, another key").isNotEqualTo(key);
    }

    @Test
    @Tag("task:4")
    void a_ten_kilobyte_input_makes_a_key_memcached_takes(MemcachedClient client, MemcachedServer server)
            throws Exception {
        String key = HashedKeys.of("k19:big:", "x".repeat(10_240) + " \r\n😀");

        assertThat(client.set(key, 60, "found").get(5, TimeUnit.SECONDS)).as("set(" + key + ")").isTrue();
        assertThat(client.get(key)).isEqualTo("found");
        assertThat(new RawInspector(server.address()).awaitStored(key).valueAsUtf8()).isEqualTo("found");
    }

    static Stream<Named<String>> badPrefixes() {
        return Stream.of(named("empty", ""), named("a space", "k19 user:"), named("CR LF", "k19:\r\n"),
                named("a tab", "k19:\t"), named("DEL", "k19:\u007f"), named("non-ASCII", "k19:ñ:"));
    }

    @ParameterizedTest
    @MethodSource("badPrefixes")
    @Tag("task:4")
    void a_prefix_memcached_would_refuse_is_an_error(String prefix) {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("HashedKeys.of(\"" + prefix.replace("\r\n", "\\r\\n") + "\", …)")
                .isThrownBy(() -> HashedKeys.of(prefix, "alice"))
                .withMessageContaining("prefix");
    }

    @Test
    @Tag("task:4")
    void a_prefix_may_take_the_250_bytes_the_hash_leaves_and_not_one_more(MemcachedClient client) throws Exception {
        String longest = "k19:" + "k".repeat(HashedKeys.MAX_PREFIX_BYTES - "k19:".length());

        String key = HashedKeys.of(longest, "alice");
        assertThat(key).hasSize(250);
        assertThat(client.set(key, 60, "fits").get(5, TimeUnit.SECONDS)).as("a 250-byte key").isTrue();
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> HashedKeys.of(longest + "k", "alice"))
                .withMessageContaining("prefix").withMessageContaining("250");
    }
}
