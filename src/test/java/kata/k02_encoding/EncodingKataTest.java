package kata.k02_encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

import kata.support.MemcachedExtension;
import kata.support.MemcachedServer;
import kata.support.RawInspector;
import kata.support.StoredItem;
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
@DisplayName("k02 · Strings, bytes and encodings")
class EncodingKataTest {

    private static final String NAME = "João Guilherme";
    private static final String EMOJI = "Olá 👋 memcached 🚀";

    private TextStore store;
    private RawInspector inspector;

    @BeforeEach
    void setUp(MemcachedClient client, MemcachedServer server) {
        store = new TextStore(client);
        inspector = new RawInspector(server.address());
    }

    @Test
    @Tag("task:1")
    void joao_guilherme_comes_back_unchanged() {
        store.put("k02:name", NAME);

        assertThat(store.get("k02:name"))
                .as("get(\"k02:name\") after put(\"k02:name\", \"%s\"): memcached returns the bytes you stored", NAME)
                .contains(NAME);
    }

    @Test
    @Tag("task:1")
    void text_with_emoji_comes_back_unchanged() {
        store.put("k02:emoji", EMOJI);

        assertThat(store.get("k02:emoji"))
                .as("get(\"k02:emoji\") after put(…, \"%s\"): an emoji is 4 bytes in UTF-8, and they must all"
                        + " come back", EMOJI)
                .contains(EMOJI);
    }

    @Test
    @Tag("task:1")
    void the_server_holds_the_utf8_bytes_with_flags_0() {
        store.put("k02:raw", NAME);

        StoredItem item = inspector.inspect("k02:raw").orElseThrow(() -> new AssertionError(
                "inspect(\"k02:raw\") after put(\"k02:raw\", …): memcached holds nothing; put must wait for the"
                        + " server's answer (the future's get())"));
        assertThat(item.value())
                .as("the raw bytes under \"k02:raw\": \"%s\" in UTF-8 is %s; memcached holds %s", NAME,
                        hex(NAME.getBytes(StandardCharsets.UTF_8)), item.describe())
                .isEqualTo(NAME.getBytes(StandardCharsets.UTF_8));
        assertThat(item.flags())
                .as("flags under \"k02:raw\": other languages read flags 0 as plain UTF-8 text; memcached holds %s"
                        + " (spymemcached stores a byte[] with flags 2048 unless your transcoder says 0)",
                        item.describe())
                .isZero();
    }

    @Test
    @Tag("task:1")
    void utf8_text_another_client_wrote_reads_back() {
        // what pymemcache stores after 'João Guilherme'.encode('utf-8'): the bytes, flags 0
        inspector.store("k02:from-python", NAME.getBytes(StandardCharsets.UTF_8), 0);

        assertThat(store.get("k02:from-python"))
                .as("get(\"k02:from-python\") of UTF-8 bytes with flags 0 written by another client")
                .contains(NAME);
    }

    @Test
    @Tag("task:1")
    void a_missing_key_is_empty() {
        assertThat(store.get("k02:never-stored"))
                .as("get(\"k02:never-stored\"): memcached answers a miss, and a miss is an empty Optional")
                .isEmpty();
    }

    @Test
    @Tag("task:2")
    void utf8_length_counts_bytes_not_characters() {
        assertThat(TextStore.utf8Length(NAME))
                .as("utf8Length(\"%s\"): %d characters, but \"ã\" takes 2 bytes in UTF-8", NAME, NAME.length())
                .isEqualTo(15);
        assertThat(TextStore.utf8Length("👋"))
                .as("utf8Length(\"👋\"): String.length() says 2 (UTF-16 units), the code point is 1, UTF-8 needs 4")
                .isEqualTo(4);
        assertThat(TextStore.utf8Length("ñ".repeat(125)))
                .as("utf8Length(125 × \"ñ\"): 2 bytes each")
                .isEqualTo(250);
    }

    @Test
    @Tag("task:2")
    void the_server_counts_the_same_bytes() {
        store.put("k02:size", EMOJI);

        StoredItem item = inspector.inspect("k02:size").orElseThrow(() -> new AssertionError(
                "inspect(\"k02:size\") after put(\"k02:size\", …): memcached holds nothing"));
        assertThat(item.size())
                .as("size memcached reports for \"k02:size\" (%d characters): %s", EMOJI.length(), item.describe())
                .isEqualTo(TextStore.utf8Length(EMOJI))
                .isEqualTo(24);
    }

    @Test
    @Tag("task:3")
    void utf8_bytes_read_as_latin_1_are_mojibake() {
        store.put("k02:mojibake", NAME);

        assertThat(store.getAs("k02:mojibake", StandardCharsets.ISO_8859_1))
                .as("getAs(\"k02:mojibake\", ISO-8859-1): the 2 UTF-8 bytes of \"ã\" (C3 A3) read as 2 Latin-1"
                        + " characters")
                .contains("JoÃ£o Guilherme");
        assertThat(store.getAs("k02:mojibake", StandardCharsets.UTF_8))
                .as("getAs(\"k02:mojibake\", UTF-8): the charset that wrote the bytes reads them back")
                .contains(NAME);
    }

    @Test
    @Tag("task:3")
    void latin_1_bytes_from_an_older_client_need_their_own_charset() {
        // an older service wrote ISO-8859-1: "ã" is the single byte E3, which is not valid UTF-8
        inspector.store("k02:latin-1", "João".getBytes(StandardCharsets.ISO_8859_1), 0);

        assertThat(store.getAs("k02:latin-1", StandardCharsets.ISO_8859_1))
                .as("getAs(\"k02:latin-1\", ISO-8859-1) of the bytes %s: decode with the charset that wrote them",
                        hex("João".getBytes(StandardCharsets.ISO_8859_1)))
                .contains("João");
        assertThat(store.get("k02:latin-1"))
                .as("get(\"k02:latin-1\") decodes as UTF-8: the lone byte E3 becomes U+FFFD, silently, no error")
                .contains("Jo\uFFFDo");
    }

    @Test
    @Tag("task:3")
    void get_as_of_a_missing_key_is_empty() {
        assertThat(store.getAs("k02:never-stored-either", StandardCharsets.ISO_8859_1))
                .as("getAs(\"k02:never-stored-either\", …): a miss is an empty Optional")
                .isEmpty();
    }

    @Test
    @Tag("task:4")
    void a_key_of_250_bytes_is_accepted_and_stored() {
        String key = "k02:" + "ñ".repeat(123); // 4 + 246 = 250 bytes, 127 characters
        assertThat(TextStore.checkKey("ñ".repeat(125)))
                .as("checkKey(125 × \"ñ\"): 250 bytes is exactly memcached's limit")
                .isEqualTo("ñ".repeat(125));

        store.put(key, "fits");

        assertThat(inspector.inspect(key).map(StoredItem::valueAsUtf8))
                .as("inspect(\"k02:\" + 123 × \"ñ\") after put: a 250-byte key is allowed")
                .contains("fits");
    }

    @Test
    @Tag("task:4")
    void a_key_over_250_bytes_is_rejected_by_your_check_not_the_client() {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("checkKey(126 × \"ñ\"): 126 characters but 252 bytes, and memcached counts bytes")
                .isThrownBy(() -> TextStore.checkKey("ñ".repeat(126)))
                .withMessageContaining("252 bytes")
                .withMessageContaining("250");
        // spymemcached would say only "Key is too long (maxlen = 250)": your message says how long it is
        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("put(\"k02:\" + 124 × \"ñ\", …): check the key before the client does, and say its byte length")
                .isThrownBy(() -> store.put("k02:" + "ñ".repeat(124), "too long"))
                .withMessageContaining("252 bytes");
    }

    @Test
    @Tag("task:4")
    void an_empty_key_is_rejected() {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("checkKey(\"\"): memcached needs at least one byte of key")
                .isThrownBy(() -> TextStore.checkKey(""))
                .withMessageContaining("empty");
    }

    static Stream<Arguments> forbiddenCharacters() {
        return Stream.of(
                arguments("a space", "k02:two words", "U+0020"),
                arguments("a tab, which spymemcached and memcached 1.6.18 both let through", "k02:tab\there", "U+0009"),
                arguments("CR LF, which would inject a command", "k02:x\r\nflush_all", "U+000D"),
                arguments("a lone LF", "k02:line\nbreak", "U+000A"),
                arguments("NUL", "k02:nul\0byte", "U+0000"),
                arguments("DEL", "k02:del\u007F", "U+007F"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forbiddenCharacters")
    @Tag("task:4")
    void a_key_with_a_forbidden_character_is_rejected_naming_it(String what, String key, String codePoint) {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("checkKey(%s) with %s: protocol.txt forbids whitespace and control characters in keys; name the"
                        + " invisible character by its code point", printable(key), what)
                .isThrownBy(() -> TextStore.checkKey(key))
                .withMessageContaining(codePoint);
    }

    @Test
    @Tag("task:4")
    void a_rejected_key_sends_and_stores_nothing(MemcachedClient client) throws InterruptedException,
            ExecutionException {
        String key = "k02:tab\tkey";
        client.delete(key).get(); // a tab passes spymemcached: an earlier run without the check may have stored it

        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("put(%s, …): a tab passes spymemcached and the server, so only your check stops it",
                        printable(key))
                .isThrownBy(() -> store.put(key, "must not be stored"))
                .withMessageContaining("U+0009");
        assertThat(inspector.inspect(key))
                .as("inspect(%s) after the rejected put: nothing may reach the server", printable(key))
                .isEmpty();
    }

    @Test
    @Tag("task:4")
    void get_checks_the_key_too() {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("get(\"k02:two words\"): the same rule holds for reads; check before asking the server")
                .isThrownBy(() -> store.get("k02:two words"))
                .withMessageContaining("U+0020");
    }

    private static String hex(byte[] bytes) {
        StringBuilder hex = new StringBuilder();
        for (byte b : bytes) {
            hex.append(hex.isEmpty() ? "" : " ").append(String.format("%02X", b));
        }
        return hex.toString();
    }

    private static String printable(String key) {
        StringBuilder shown = new StringBuilder("\"");
        key.chars().forEach(c -> shown.append(c < ' ' || c == 0x7F ? String.format("\\u%04X", c) : (char) c));
        return shown.append('"').toString();
    }
}
