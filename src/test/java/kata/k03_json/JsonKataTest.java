package kata.k03_json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import kata.shared.UnreadableValueException;
import kata.shared.User;
import kata.support.Addresses;
import kata.support.Dedicated;
import kata.support.MemcachedExtension;
import kata.support.MemcachedServer;
import kata.support.RawInspector;
import kata.support.StoredItem;
import net.spy.memcached.CachedData;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.FailureMode;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.OperationTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(MemcachedExtension.class)
@DisplayName("k03 · JSON values under namespaced keys")
class JsonKataTest {

    /** The seed's namespace {@code usuario:}, behind this kata's prefix so every key starts with "k03". */
    private static final KeyBuilder KEYS = new KeyBuilder("k03:usuario");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What the seed's {@code json.dumps({'id': 1, 'nome': 'João'})} writes: ASCII escapes, a space after : and ,. */
    private static final String SEED_JOAO = "{\"id\": 1, \"nome\": \"Jo\\u00e3o\"}";

    private final List<String> reported = new ArrayList<>();
    private final List<UnreadableValueException> reasons = new ArrayList<>();
    private MemcachedClient client;
    private UserStore store;
    private RawInspector inspector;
    /** A client of the test's own, with a short operation timeout, in the tests about a broken server. */
    private MemcachedClient impatient;

    @BeforeEach
    void setUp(MemcachedClient client, MemcachedServer server) {
        this.client = client;
        store = new UserStore(client, KEYS, this::report);
        inspector = new RawInspector(server.address());
    }

    @AfterEach
    void shutDownImpatientClient() {
        if (impatient != null) {
            impatient.shutdown(); // its IO thread is not a daemon
        }
    }

    @Test
    @Tag("task:1")
    void a_key_is_the_namespace_a_colon_and_the_id() {
        assertThat(new KeyBuilder("usuario").key(1))
                .as("new KeyBuilder(\"usuario\").key(1): the seed's key")
                .isEqualTo("usuario:1");
        assertThat(KEYS.key("ana@example.org"))
                .as("new KeyBuilder(\"k03:usuario\").key(\"ana@example.org\"): an e-mail is printable ASCII")
                .isEqualTo("k03:usuario:ana@example.org");
        assertThat(KEYS.key("x".repeat(238)))
                .as("key(238 × \"x\"): \"k03:usuario:\" is 12 bytes, 12 + 238 = 250, exactly memcached's limit")
                .hasSize(250);
    }

    @Test
    @Tag("task:1")
    void every_printable_ascii_character_is_accepted_in_an_id() {
        String printable = IntStream.rangeClosed('!', '~')
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();

        assertThatCode(() -> KEYS.key(printable))
                .as("key(\"%s\"): all 94 printable ASCII characters, U+0021 to U+007E, are safe for memcached and"
                        + " for every client; refuse only what is outside that range", printable)
                .doesNotThrowAnyException();
    }

    static Stream<Arguments> badIds() {
        return Stream.of(
                arguments("an empty id", "", List.of("empty")),
                arguments("a space", "joao silva", List.of("U+0020", "\"joao silva\"", "printable ASCII", "control")),
                arguments("a tab", "joao\tsilva", List.of("U+0009", "printable ASCII", "control")),
                arguments("NUL, not whitespace but a control character", "joao\0", List.of("U+0000", "control")),
                arguments("DEL, the last control character of ASCII", "joao\u007F", List.of("U+007F", "control")),
                arguments("CR LF, which would inject a command", "1\r\nflush_all",
                        List.of("U+000D", "flush_all", "control")),
                arguments("ã, outside ASCII", "joão", List.of("U+00E3", "printable ASCII", "pymemcache")),
                arguments("a no-break space, outside ASCII", "joao\u00A0silva", List.of("U+00A0", "pymemcache")),
                arguments("an emoji: one code point, two Java chars", "oi👋", List.of("U+1F44B", "pymemcache")),
                arguments("239 ASCII characters: 251 bytes with the namespace", "x".repeat(239),
                        List.of("251 bytes", "250")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badIds")
    @Tag("task:1")
    void an_id_that_would_make_a_key_some_client_refuses_is_rejected(String what, String id, List<String> says) {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("reject an id with %s and say %s (memcached refuses spaces and control characters, pymemcache"
                        + " non-ASCII keys, a CR LF would run what follows it); new KeyBuilder(\"k03:usuario\").key(…)",
                        what, says)
                .isThrownBy(() -> KEYS.key(id))
                .withMessageContainingAll(says.toArray(String[]::new))
                // a message quoting a raw CR LF would itself inject a line into a log
                .withMessageNotContainingAny("\r", "\n", "\0");
    }

    @Test
    @Tag("task:2")
    void encode_writes_the_seeds_json_with_flags_0() throws IOException {
        CachedData data = new UserJsonTranscoder().encode(new User(1, "João"));
        String written = new String(data.getData(), StandardCharsets.UTF_8);

        assertThat(data.getFlags())
                .as("encode(User[1, João]).getFlags(): 0 is plain UTF-8 to every client; 1 is Java serialization")
                .isZero();
        assertThat(JSON.readTree(written))
                .as("write the contract's field names with Jackson (User maps name to \"nome\"): the seed's Python"
                        + " reads json.loads(…)['nome']; encode(User[1, João]) wrote \"%s\"", written)
                .isEqualTo(JSON.readTree(SEED_JOAO));
    }

    @Test
    @Tag("task:2")
    void decode_reads_what_encode_wrote() {
        UserJsonTranscoder transcoder = new UserJsonTranscoder();
        User joao = new User(1, "João Guilherme 👋");

        assertThat(transcoder.decode(transcoder.encode(joao)))
                .as("decode(encode(%s))", joao)
                .isEqualTo(joao);
    }

    @Test
    @Tag("task:2")
    void decode_reads_the_bytes_the_seeds_json_dumps_writes() {
        assertThat(new UserJsonTranscoder().decode(new CachedData(0, utf8(SEED_JOAO), CachedData.MAX_SIZE)))
                .as("decode of %s, what the seed's json.dumps(usuario).encode('utf-8') stores: \\u00e3 is ã in JSON",
                        SEED_JOAO)
                .isEqualTo(new User(1, "João"));
    }

    @Test
    @Tag("task:2")
    void decode_ignores_fields_it_does_not_know() {
        byte[] json = utf8("{\"id\": 2, \"nome\": \"Maria\", \"email\": \"maria@example.org\"}");

        assertThat(new UserJsonTranscoder().decode(new CachedData(0, json, CachedData.MAX_SIZE)))
                .as("decode of a user another service wrote with an extra \"email\" field: a tolerant reader ignores"
                        + " it (Jackson fails on unknown properties unless told not to)")
                .isEqualTo(new User(2, "Maria"));
    }

    @Test
    @Tag("task:2")
    void a_large_user_is_encoded_as_plain_json_never_compressed() {
        CachedData data = new UserJsonTranscoder().encode(new User(3, "a".repeat(20_000)));

        assertThat(data.getFlags())
                .as("encode(a user of 20 KB).getFlags(): spymemcached's own transcoder gzips values over 16,384 bytes"
                        + " (flag 2); your transcoder decides the flags itself, and 0 means plain bytes")
                .isZero();
        assertThat(new String(data.getData(), StandardCharsets.UTF_8))
                .as("encode(a user of 20 KB).getData(): JSON, not gzip")
                .startsWith("{");
    }

    static Stream<Arguments> unreadableData() {
        return Stream.of(
                arguments("text that is not JSON", 0, utf8("not json {"), "JSON"),
                arguments("JSON that is not a user", 0, utf8("[1, 2, 3]"), "JSON"),
                arguments("a user with an invalid id", 0, utf8("{\"id\": 0, \"nome\": \"x\"}"), "JSON"),
                arguments("a user in Java's field names, not the contract's", 0,
                        utf8("{\"id\": 1, \"name\": \"João\"}"), "JSON"),
                arguments("the JSON null", 0, utf8("null"), "JSON"),
                arguments("flags 1, Java serialization", 1, new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5}, "flags"),
                arguments("the seed's JSON under flags 1 (Java serialization)", 1, utf8(SEED_JOAO), "flags"),
                arguments("the seed's JSON under flags 2 (spymemcached's gzip bit)", 2, utf8(SEED_JOAO), "flags"),
                arguments("the seed's JSON under flags 16 (pymemcache's serde text)", 16, utf8(SEED_JOAO), "flags"),
                arguments("the seed's JSON under flags 2048 (spymemcached's byte[])", 2048, utf8(SEED_JOAO),
                        "flags"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadableData")
    @Tag("task:2")
    void decode_rejects_what_is_not_a_user_in_json_with_flags_0(String what, int flags, byte[] bytes, String says) {
        assertThatExceptionOfType(UnreadableValueException.class)
                .as("throw UnreadableValueException and say why (%s): only flags 0 is the contract, whatever the"
                        + " bytes look like; decode of %s (flags=%d)", says, what, flags)
                .isThrownBy(() -> new UserJsonTranscoder().decode(new CachedData(flags, bytes, CachedData.MAX_SIZE)))
                .withMessageContaining(says);
    }

    @Test
    @Tag("task:3")
    void a_user_comes_back_from_its_namespaced_key() {
        User joao = new User(1, "João");
        store.put(joao);

        assertThat(store.find(1))
                .as("find(1) after put(%s)", joao)
                .contains(joao);
        assertThat(inspector.inspect("k03:usuario:1"))
                .as("inspect(\"k03:usuario:1\") after put(%s): the key is KeyBuilder's key(user.id())", joao)
                .isPresent();
    }

    @Test
    @Tag("task:3")
    void the_seeds_python_can_read_what_you_stored() throws IOException {
        store.put(new User(2, "João Guilherme"));

        StoredItem item = inspector.inspect("k03:usuario:2").orElseThrow(() -> new AssertionError(
                "inspect(\"k03:usuario:2\") after put(User[2, João Guilherme]): memcached holds nothing; store under"
                        + " KEYS.key(user.id()) and wait for the server's answer"));
        assertThat(item.flags())
                .as("store UTF-8 JSON with flags 0; a Python service cannot read what you stored: %s", item.describe())
                .isZero();
        assertThat(JSON.readTree(item.valueAsUtf8()))
                .as("store the contract's JSON, {\"id\", \"nome\"}, through your transcoder; the bytes under"
                        + " \"k03:usuario:2\", read as UTF-8 JSON the way the seed does: %s", item.describe())
                .isEqualTo(JSON.readTree("{\"id\": 2, \"nome\": \"João Guilherme\"}"));
        assertThat(item.ttlSeconds())
                .as("store with no expiry (exptime 0), as the seed's set does; \"k03:usuario:2\" holds %s",
                        item.describe())
                .isEqualTo(-1);
    }

    @Test
    @Tag("task:3")
    void a_user_the_seeds_python_wrote_is_found() {
        // byte for byte what the seed's client.set('usuario:1', json.dumps(usuario).encode('utf-8')) stores
        inspector.store("k03:usuario:3", utf8(SEED_JOAO.replace("\"id\": 1", "\"id\": 3")), 0);

        assertThat(store.find(3))
                .as("find(3) of %s under \"k03:usuario:3\", as the seed's Python writes it", SEED_JOAO)
                .contains(new User(3, "João"));
        assertThat(reported).as("keys reported unreadable after find(3) of the seed's JSON").isEmpty();
    }

    @Test
    @Tag("task:3")
    void a_missing_user_is_empty_and_not_reported() {
        assertThat(store.find(404))
                .as("find(404) with nothing under \"k03:usuario:404\": a miss is an empty Optional, not null")
                .isEmpty();
        assertThat(reported)
                .as("keys reported unreadable after a plain miss: a miss is normal, nothing to report")
                .isEmpty();
    }

    @Test
    @Tag("task:3")
    void a_large_user_is_stored_as_plain_json() {
        store.put(new User(5, "a".repeat(20_000)));

        StoredItem item = inspector.inspect("k03:usuario:5").orElseThrow(() -> new AssertionError(
                "inspect(\"k03:usuario:5\") after put(a 20 KB user): memcached holds nothing"));
        assertThat(item.flags())
                .as("a 20 KB user under \"k03:usuario:5\": other clients need flags 0, not gzip; you stored %s",
                        item.describe())
                .isZero();
    }

    @Test
    @Tag("task:3")
    void put_waits_for_the_server_and_fails_when_it_does_not_answer(@Dedicated MemcachedServer frozen) {
        UserStore frozenStore = new UserStore(connectedClient(frozen.address()), KEYS, this::report);

        whilePaused(frozen, () -> assertThatExceptionOfType(RuntimeException.class)
                .as("put(User[6, Rui]) with memcached frozen (paused): wait for the server's answer (the future's"
                        + " get() waits the operation timeout and throws); a put that returns at once claims a write"
                        + " nobody confirmed")
                .isThrownBy(() -> frozenStore.put(new User(6, "Rui")))
                .withRootCauseInstanceOf(TimeoutException.class));
    }

    @Test
    @Tag("task:4")
    void a_value_that_is_not_json_is_a_miss_and_is_reported() throws InterruptedException, ExecutionException {
        client.set("k03:usuario:7", 0, "not json {").get(); // someone else's plain String under our key

        assertThat(findWithoutCrash(7))
                .as("find(7) with \"not json {\" under \"k03:usuario:7\": treat it as a miss")
                .isEmpty();
        assertReportedOnce("k03:usuario:7", "JSON");
    }

    @Test
    @Tag("task:4")
    void a_java_serialized_value_is_a_miss_and_is_reported() throws InterruptedException, ExecutionException {
        // spymemcached's default transcoder writes any Serializable as Java serialization, flags 1
        client.set("k03:usuario:8", 0, new ArrayList<>(List.of("João"))).get();
        String held = inspector.inspect("k03:usuario:8").map(StoredItem::describe).orElse("nothing");

        assertThat(findWithoutCrash(8))
                .as("treat it as a miss: find(8) with a Java-serialized list under \"k03:usuario:8\" (%s)", held)
                .isEmpty();
        assertReportedOnce("k03:usuario:8", "flags");
    }

    @Test
    @Tag("task:4")
    void json_that_is_not_a_valid_user_is_a_miss_and_is_reported() throws InterruptedException, ExecutionException {
        client.set("k03:usuario:9", 0, "{\"id\": 0, \"nome\": \"nobody\"}").get(); // User ids are positive

        assertThat(findWithoutCrash(9))
                .as("find(9) with a user whose id is 0 under \"k03:usuario:9\": the record refuses it; a miss")
                .isEmpty();
        assertReportedOnce("k03:usuario:9", "JSON");
    }

    @Test
    @Tag("task:4")
    void a_json_null_is_a_miss_and_is_reported() throws InterruptedException, ExecutionException {
        client.set("k03:usuario:10", 0, "null").get(); // valid JSON, and Jackson reads it as a null User

        assertThat(findWithoutCrash(10))
                .as("find(10) with the JSON null under \"k03:usuario:10\": no user is there; a miss")
                .isEmpty();
        assertReportedOnce("k03:usuario:10", "JSON");
    }

    @Test
    @Tag("task:4")
    void valid_json_under_other_flags_is_a_miss_and_is_reported() {
        // the right bytes with spymemcached's byte[] flags: a client that reads flags would not take it for text
        inspector.store("k03:usuario:11", utf8("{\"id\": 11, \"nome\": \"Lia\"}"), 2048);

        assertThat(findWithoutCrash(11))
                .as("find(11) with user JSON under flags 2048 at \"k03:usuario:11\": flags are part of the contract;"
                        + " only 0 is UTF-8 JSON")
                .isEmpty();
        assertReportedOnce("k03:usuario:11", "flags");
    }

    @Test
    @Tag("task:4")
    void a_frozen_server_is_the_callers_failure_not_an_unreadable_value(@Dedicated MemcachedServer frozen) {
        UserStore frozenStore = new UserStore(connectedClient(frozen.address()), KEYS, this::report);

        whilePaused(frozen, () -> assertThatExceptionOfType(OperationTimeoutException.class)
                .as("find(12) with memcached frozen (paused): rethrow what is not an UnreadableValueException; a"
                        + " timeout says nothing about the value, and hiding it as a miss hides an outage")
                .isThrownBy(() -> frozenStore.find(12))
                .withMessageContaining("Timeout waiting for value"));
        assertThat(reported).as("keys reported unreadable after a timeout: nothing was read").isEmpty();
    }

    @Test
    @Tag("task:4")
    void a_dead_server_is_the_callers_failure_not_an_unreadable_value() {
        // FailureMode.Cancel: spymemcached cancels an operation for a server that is down at once
        UserStore deadStore = new UserStore(impatientClient(Addresses.nothingListening(), FailureMode.Cancel), KEYS,
                this::report);

        assertThatExceptionOfType(CancellationException.class)
                .as("find(13) with no memcached at the address: rethrow what is not an UnreadableValueException;"
                        + " a cancelled operation says nothing about the value")
                .isThrownBy(() -> deadStore.find(13))
                .withMessageContaining("Cancelled");
        assertThat(reported).as("keys reported unreadable after a cancelled operation: nothing was read").isEmpty();
    }

    private void report(String key, UnreadableValueException why) {
        reported.add(key);
        reasons.add(why);
    }

    private void assertReportedOnce(String key, String why) {
        assertThat(reported)
                .as("keys reported to onUnreadable after reading %s: the bad value must be seen, not hidden", key)
                .containsExactly(key);
        assertThat(reasons.get(0))
                .as("the UnreadableValueException reported for %s: pass on what decode threw, it says why", key)
                .hasMessageContaining(why);
    }

    /** Runs {@code check} with {@code server} frozen: connections stay open and nothing answers. */
    private static void whilePaused(MemcachedServer server, Runnable check) {
        server.pause();
        try {
            check.run();
        } finally {
            server.resume();
        }
    }

    /** A client of the test's own, with a short operation timeout, once its connection is up. */
    private MemcachedClient connectedClient(InetSocketAddress address) {
        MemcachedClient connecting = impatientClient(address, FailureMode.Redistribute);
        await("a connection to memcached at " + address).atMost(Duration.ofSeconds(10))
                .until(() -> !connecting.getAvailableServers().isEmpty());
        return connecting;
    }

    /** A client of the test's own: 500 ms per operation, {@code failureMode} for a server that is down. */
    private MemcachedClient impatientClient(InetSocketAddress address, FailureMode failureMode) {
        try {
            impatient = new MemcachedClient(new ConnectionFactoryBuilder().setOpTimeout(500)
                    .setFailureMode(failureMode).build(), List.of(address));
            return impatient;
        } catch (IOException e) {
            throw new AssertionError("could not create a client for " + address, e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Calls find and fails the test, with what was thrown, if it crashes the caller. */
    private Optional<User> findWithoutCrash(long id) {
        AtomicReference<Optional<User>> found = new AtomicReference<>(Optional.empty());
        assertThatCode(() -> found.set(store.find(id)))
                .as("find(%d) must not throw for a value it cannot read: catch it (spymemcached wraps the"
                        + " transcoder's exception), report it to onUnreadable, return empty", id)
                .doesNotThrowAnyException();
        return found.get();
    }
}
