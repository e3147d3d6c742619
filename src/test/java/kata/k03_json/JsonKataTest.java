package kata.k03_json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kata.shared.UnreadableValueException;
import kata.shared.User;
import kata.support.MemcachedExtension;
import kata.support.MemcachedServer;
import kata.support.RawInspector;
import kata.support.StoredItem;
import net.spy.memcached.CachedData;
import net.spy.memcached.MemcachedClient;
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

    private final List<String> reported = new ArrayList<>();
    private MemcachedClient client;
    private UserStore store;
    private RawInspector inspector;

    @BeforeEach
    void setUp(MemcachedClient client, MemcachedServer server) {
        this.client = client;
        store = new UserStore(client, KEYS, (key, why) -> reported.add(key));
        inspector = new RawInspector(server.address());
    }

    @Test
    @Tag("task:1")
    void a_key_is_the_namespace_a_colon_and_the_id() {
        assertThat(new KeyBuilder("usuario").key(1))
                .as("new KeyBuilder(\"usuario\").key(1): the seed's key")
                .isEqualTo("usuario:1");
        assertThat(KEYS.key("joão"))
                .as("new KeyBuilder(\"k03:usuario\").key(\"joão\"): non-ASCII is fine in a key, it is only bytes")
                .isEqualTo("k03:usuario:joão");
        assertThat(KEYS.key("x".repeat(238)))
                .as("key(238 × \"x\"): \"k03:usuario:\" is 12 bytes, 12 + 238 = 250, exactly memcached's limit")
                .hasSize(250);
    }

    static Stream<Arguments> badIds() {
        return Stream.of(
                arguments("an empty id", "", "empty"),
                arguments("a space", "joão silva", "U+0020"),
                arguments("a tab", "joão\tsilva", "U+0009"),
                arguments("CR LF, which would inject a command", "1\r\nflush_all", "U+000D"),
                arguments("239 ASCII characters: 251 bytes with the namespace", "x".repeat(239), "251 bytes"),
                arguments("120 × ñ: 120 characters, 252 bytes with the namespace", "ñ".repeat(120), "252 bytes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badIds")
    @Tag("task:1")
    void an_id_that_would_make_an_invalid_key_is_rejected(String what, String id, String rule) {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("new KeyBuilder(\"k03:usuario\").key(…) with %s: memcached would refuse the key (or worse, run"
                        + " what follows a CR LF); reject it and name the rule", what)
                .isThrownBy(() -> KEYS.key(id))
                .withMessageContaining(rule);
    }

    @Test
    @Tag("task:2")
    void encode_writes_utf8_json_with_flags_0() throws IOException {
        CachedData data = new UserJsonTranscoder().encode(new User(1, "João"));

        assertThat(data.getFlags())
                .as("encode(User[1, João]).getFlags(): 0 is plain UTF-8 to every client; 1 is Java serialization")
                .isZero();
        assertThat(JSON.readTree(new String(data.getData(), StandardCharsets.UTF_8)))
                .as("encode(User[1, João]).getData() read as UTF-8 JSON: \"%s\"",
                        new String(data.getData(), StandardCharsets.UTF_8))
                .isEqualTo(JSON.readTree("{\"id\": 1, \"nome\": \"João\"}"));
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
    void decode_ignores_fields_it_does_not_know() {
        byte[] json = "{\"id\": 2, \"nome\": \"Maria\", \"email\": \"maria@example.org\"}"
                .getBytes(StandardCharsets.UTF_8);

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
                arguments("the JSON null", 0, utf8("null"), "JSON"),
                arguments("flags 1, Java serialization", 1, new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5}, "flags"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadableData")
    @Tag("task:2")
    void decode_rejects_what_is_not_a_user_in_json(String what, int flags, byte[] bytes, String says) {
        assertThatExceptionOfType(UnreadableValueException.class)
                .as("decode of %s (flags=%d): throw UnreadableValueException and say why", what, flags)
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
    void another_language_can_read_what_you_stored() throws IOException {
        store.put(new User(2, "João Guilherme"));

        StoredItem item = inspector.inspect("k03:usuario:2").orElseThrow(() -> new AssertionError(
                "inspect(\"k03:usuario:2\") after put(User[2, João Guilherme]): memcached holds nothing; store under"
                        + " KEYS.key(user.id()) and wait for the server's answer"));
        assertThat(item.flags())
                .as("you stored %s; a Python service cannot read that: store UTF-8 JSON with flags 0", item.describe())
                .isZero();
        assertThat(JSON.readTree(item.valueAsUtf8()))
                .as("the bytes under \"k03:usuario:2\", read as UTF-8 JSON the way any language would: %s",
                        item.describe())
                .isEqualTo(JSON.readTree("{\"id\": 2, \"nome\": \"João Guilherme\"}"));
    }

    @Test
    @Tag("task:3")
    void a_user_another_service_wrote_as_json_is_found() throws InterruptedException, ExecutionException {
        // what a Python service writes: json.dumps(user).encode('utf-8'), flags 0, with a field Java does not know
        client.set("k03:usuario:3", 0, "{\"id\": 3, \"nome\": \"Ana\", \"source\": \"python\"}").get();

        assertThat(store.find(3))
                .as("find(3) of JSON another service stored under \"k03:usuario:3\"")
                .contains(new User(3, "Ana"));
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
                .as("a 20 KB user under \"k03:usuario:5\": you stored %s; other clients need flags 0, not gzip",
                        item.describe())
                .isZero();
    }

    @Test
    @Tag("task:4")
    void a_value_that_is_not_json_is_a_miss_and_is_reported() throws InterruptedException, ExecutionException {
        client.set("k03:usuario:7", 0, "not json {").get(); // someone else's plain String under our key

        assertThat(findWithoutCrash(7))
                .as("find(7) with \"not json {\" under \"k03:usuario:7\": treat it as a miss")
                .isEmpty();
        assertThat(reported)
                .as("keys reported to onUnreadable after find(7): the bad value must be seen, not hidden")
                .containsExactly("k03:usuario:7");
    }

    @Test
    @Tag("task:4")
    void a_java_serialized_value_is_a_miss_and_is_reported() throws InterruptedException, ExecutionException {
        // spymemcached's default transcoder writes any Serializable as Java serialization, flags 1
        client.set("k03:usuario:8", 0, new ArrayList<>(List.of("João"))).get();
        String held = inspector.inspect("k03:usuario:8").map(StoredItem::describe).orElse("nothing");

        assertThat(findWithoutCrash(8))
                .as("find(8) with a Java-serialized list under \"k03:usuario:8\" (%s): treat it as a miss", held)
                .isEmpty();
        assertThat(reported)
                .as("keys reported to onUnreadable after find(8) of %s", held)
                .containsExactly("k03:usuario:8");
    }

    @Test
    @Tag("task:4")
    void json_that_is_not_a_valid_user_is_a_miss_and_is_reported() throws InterruptedException, ExecutionException {
        client.set("k03:usuario:9", 0, "{\"id\": 0, \"nome\": \"nobody\"}").get(); // User ids are positive

        assertThat(findWithoutCrash(9))
                .as("find(9) with a user whose id is 0 under \"k03:usuario:9\": the record refuses it; a miss")
                .isEmpty();
        assertThat(reported)
                .as("keys reported to onUnreadable after find(9)")
                .containsExactly("k03:usuario:9");
    }

    @Test
    @Tag("task:4")
    void a_json_null_is_a_miss_and_is_reported() throws InterruptedException, ExecutionException {
        client.set("k03:usuario:10", 0, "null").get(); // valid JSON, and Jackson reads it as a null User

        assertThat(findWithoutCrash(10))
                .as("find(10) with the JSON null under \"k03:usuario:10\": no user is there; a miss")
                .isEmpty();
        assertThat(reported)
                .as("keys reported to onUnreadable after find(10): a null where a user belongs is not a normal"
                        + " miss, someone wrote it")
                .containsExactly("k03:usuario:10");
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
