package kata.k02_encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import kata.support.MemcachedExtension;
import kata.support.MemcachedServer;
import kata.support.RawInspector;
import kata.support.StoredItem;
import net.spy.memcached.MemcachedClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(MemcachedExtension.class)
@DisplayName("k02 · Strings, bytes and encodings")
// the simplest test of task 1 runs first, so it is the first red a learner sees; no test needs another
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EncodingKataTest {

    private static final String NAME = "João Guilherme";
    private static final String EMOJI = "Olá 👋 memcached 🚀";
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ").withUpperCase();

    private TextStore store;
    private RawInspector inspector;
    private MemcachedServer server;

    @BeforeEach
    void setUp(MemcachedClient client, MemcachedServer server) {
        store = new TextStore(client);
        inspector = new RawInspector(server.address());
        this.server = server;
    }

    @Test
    @Order(1)
    @Tag("task:1")
    void joao_guilherme_comes_back_unchanged() {
        store.put("k02:name", NAME);

        assertThat(store.get("k02:name"))
                .as("store the text's UTF-8 bytes and decode them as UTF-8: get(\"k02:name\") after put(\"k02:name\","
                        + " \"%s\"); memcached returns the bytes you stored", NAME)
                .contains(NAME);
    }

    @Test
    @Tag("task:1")
    void text_with_emoji_comes_back_unchanged() {
        store.put("k02:emoji", EMOJI);

        assertThat(store.get("k02:emoji"))
                .as("store and decode UTF-8, which has all 4 bytes of an emoji: get(\"k02:emoji\") after put(…,"
                        + " \"%s\")", EMOJI)
                .contains(EMOJI);
    }

    @Test
    @Tag("task:1")
    void the_server_holds_the_utf8_bytes_with_flags_0() {
        store.put("k02:raw", NAME);

        StoredItem item = inspect("k02:raw", "put(\"k02:raw\", …)");
        assertThat(item.value())
                .as("store text.getBytes(UTF_8): the raw bytes under \"k02:raw\" must be \"%s\" in UTF-8, %s;"
                        + " memcached holds %s", NAME, hex(NAME.getBytes(StandardCharsets.UTF_8)), item.describe())
                .isEqualTo(NAME.getBytes(StandardCharsets.UTF_8));
        assertThat(item.flags())
                .as("store with a transcoder whose flags are 0 (spymemcached gives a byte[] flags 2048): other"
                        + " languages read flags 0 as plain UTF-8 text; memcached holds %s under \"k02:raw\"",
                        item.describe())
                .isZero();
    }

    @Test
    @Tag("task:1")
    void a_long_text_is_stored_as_plain_utf8_never_compressed() {
        String long_ = "Olá, memcached! ".repeat(1_500); // 25,500 bytes in UTF-8

        store.put("k02:long", long_);

        StoredItem item = inspect("k02:long", "put(\"k02:long\", 25,500 bytes of text)");
        assertThat(item.flags())
                .as("store the bytes yourself, flags 0: spymemcached's own transcoder gzips a String over 16,384"
                        + " bytes (flags 2), which another client reads as binary garbage; memcached holds %s",
                        item.describe())
                .isZero();
        assertThat(item.value())
                .as("the raw bytes under \"k02:long\": the text's UTF-8 bytes, %d of them; memcached holds %s",
                        TextStore.utf8Length(long_), item.describe())
                .isEqualTo(long_.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @Tag("task:1")
    void utf8_text_another_client_wrote_reads_back() {
        // what pymemcache stores after 'João Guilherme'.encode('utf-8'): the bytes, flags 0
        inspector.store("k02:from-python", NAME.getBytes(StandardCharsets.UTF_8), 0);

        assertThat(store.get("k02:from-python"))
                .as("decode the bytes as UTF-8: get(\"k02:from-python\") of UTF-8 bytes with flags 0 written by"
                        + " another client")
                .contains(NAME);
    }

    @Test
    @Tag("task:1")
    void a_missing_key_is_empty() {
        assertThat(store.get("k02:never-stored"))
                .as("return Optional.empty() when client.get answers null (a miss): get(\"k02:never-stored\")")
                .isEmpty();
    }

    @Test
    @Tag("task:1")
    void put_and_get_name_utf8_even_where_the_default_charset_is_ascii() {
        // the Python service's value, for the other JVM to read
        inspector.store("k02:ascii-jvm:from-python", NAME.getBytes(StandardCharsets.UTF_8), 0);

        List<String> answers = inAsciiJvm(Step.put("k02:ascii-jvm:written", NAME),
                Step.get("k02:ascii-jvm:from-python"));

        StoredItem item = inspect("k02:ascii-jvm:written", "put(\"k02:ascii-jvm:written\", …) in that JVM");
        assertThat(item.value())
                .as("name the charset: text.getBytes(StandardCharsets.UTF_8), never text.getBytes(); in a JVM whose"
                        + " default charset is US-ASCII (LC_ALL=C), put(\"k02:ascii-jvm:written\", \"%s\") stored %s",
                        NAME, item.describe())
                .isEqualTo(NAME.getBytes(StandardCharsets.UTF_8));
        assertThat(answers.get(1))
                .as("name the charset: new String(bytes, StandardCharsets.UTF_8), never new String(bytes); in a JVM"
                        + " whose default charset is US-ASCII, get(\"k02:ascii-jvm:from-python\") of \"%s\" in UTF-8",
                        NAME)
                .isEqualTo(NAME);
    }

    @Test
    @Tag("task:2")
    void utf8_length_counts_bytes_not_characters() {
        assertThat(TextStore.utf8Length(NAME))
                .as("count the UTF-8 bytes, not the characters: utf8Length(\"%s\"), %d characters, but \"ã\" takes 2"
                        + " bytes", NAME, NAME.length())
                .isEqualTo(15);
        assertThat(TextStore.utf8Length("👋"))
                .as("utf8Length(\"👋\"): String.length() says 2 (UTF-16 units), the code point is 1, UTF-8 needs 4")
                .isEqualTo(4);
        assertThat(TextStore.utf8Length("ñ".repeat(125)))
                .as("count bytes: utf8Length(125 × \"ñ\"), 2 bytes each")
                .isEqualTo(250);
    }

    @Test
    @Tag("task:2")
    void utf8_length_counts_utf8_even_where_the_default_charset_is_ascii() {
        List<String> answers = inAsciiJvm(Step.utf8Length(NAME), Step.utf8Length("👋"));

        assertThat(answers)
                .as("count the bytes of text.getBytes(StandardCharsets.UTF_8), never text.getBytes(): in a JVM whose"
                        + " default charset is US-ASCII, utf8Length(\"%s\") and utf8Length(\"👋\")", NAME)
                .containsExactly("15", "4");
    }

    @Test
    @Tag("task:2")
    void the_server_counts_the_same_bytes() {
        store.put("k02:size", EMOJI);

        StoredItem item = inspect("k02:size", "put(\"k02:size\", …)");
        assertThat(item.size())
                .as("count what memcached counts, the UTF-8 bytes: the size it reports for \"k02:size\" (%d Java"
                        + " chars): %s", EMOJI.length(), item.describe())
                .isEqualTo(TextStore.utf8Length(EMOJI))
                .isEqualTo(24);
    }

    @Test
    @Tag("task:2")
    void the_server_counts_a_key_in_bytes_too() {
        String fits = "k02:" + "ñ".repeat(123);    // 127 characters, 250 bytes
        String tooLong = "k02:" + "ñ".repeat(124); // 128 characters, 252 bytes

        // straight to the server, past every client's check: what memcached itself accepts
        inspector.store(fits, "fits".getBytes(StandardCharsets.UTF_8), 0);
        assertThatExceptionOfType(IllegalStateException.class)
                .as("memcached refuses a key of 128 characters: 252 bytes is over its limit of 250")
                .isThrownBy(() -> inspector.store(tooLong, "too long".getBytes(StandardCharsets.UTF_8), 0))
                .withMessageContaining("CLIENT_ERROR");
        assertThat(List.of(TextStore.utf8Length(fits), TextStore.utf8Length(tooLong)))
                .as("utf8Length of the key memcached stored and of the one it refused: it counts bytes, as you do")
                .containsExactly(250, 252);
    }

    @Test
    @Tag("task:3")
    void utf8_bytes_read_as_latin_1_are_mojibake() {
        store.put("k02:mojibake", NAME);

        assertThat(store.getAs("k02:mojibake", StandardCharsets.ISO_8859_1))
                .as("decode with the charset given: getAs(\"k02:mojibake\", ISO-8859-1) reads the 2 UTF-8 bytes of"
                        + " \"ã\" (C3 A3) as 2 Latin-1 characters")
                .contains("JoÃ£o Guilherme");
        assertThat(store.getAs("k02:mojibake", StandardCharsets.UTF_8))
                .as("decode with the charset given: getAs(\"k02:mojibake\", UTF-8), the charset that wrote the bytes")
                .contains(NAME);
    }

    @Test
    @Tag("task:3")
    void latin_1_bytes_from_an_older_client_need_their_own_charset() {
        // an older service wrote ISO-8859-1: "ã" is the single byte E3, which is not valid UTF-8
        inspector.store("k02:latin-1", "João".getBytes(StandardCharsets.ISO_8859_1), 0);

        assertThat(store.getAs("k02:latin-1", StandardCharsets.ISO_8859_1))
                .as("decode with the charset that wrote them: getAs(\"k02:latin-1\", ISO-8859-1) of the bytes %s",
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
                .as("return Optional.empty() on a miss: getAs(\"k02:never-stored-either\", ISO-8859-1)")
                .isEmpty();
    }

    @Test
    @Tag("task:4")
    void a_key_of_250_bytes_is_accepted_and_stored() {
        String key = "k02:" + "x".repeat(246); // 250 bytes
        assertThat(TextStore.checkKey(key))
                .as("accept a key of exactly 250 bytes, memcached's limit, and return it:"
                        + " checkKey(\"k02:\" + 246 × \"x\")")
                .isEqualTo(key);

        store.put(key, "fits");

        assertThat(inspector.inspect(key).map(StoredItem::valueAsUtf8))
                .as("store under a 250-byte key: inspect(\"k02:\" + 246 × \"x\") after put")
                .contains("fits");
    }

    @Test
    @Tag("task:4")
    void a_key_over_250_bytes_is_rejected_by_your_check_not_the_client() {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("count the key's bytes, not its characters: checkKey(126 × \"ñ\") is 126 characters but 252"
                        + " bytes, and memcached counts bytes")
                .isThrownBy(() -> TextStore.checkKey("ñ".repeat(126)))
                .withMessageContaining("252 bytes")
                .withMessageContaining("250");
        // spymemcached would say only "Key is too long (maxlen = 250)": your message says how long it is
        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("check the key before the client does, and say its byte length: put(\"k02:\" + 247 × \"x\", …)")
                .isThrownBy(() -> store.put("k02:" + "x".repeat(247), "too long"))
                .withMessageContaining("251 bytes");
    }

    @Test
    @Tag("task:4")
    void an_empty_key_is_rejected() {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("reject an empty key and say \"empty\": memcached needs at least one byte of key; checkKey(\"\")")
                .isThrownBy(() -> TextStore.checkKey(""))
                .withMessageContaining("empty");
    }

    static Stream<Arguments> forbiddenCharacters() {
        return Stream.of(
                arguments("a space", "k02:two words", "U+0020", "control"),
                arguments("a tab, which spymemcached and memcached 1.6.18 both let through", "k02:tab\there",
                        "U+0009", "control"),
                arguments("CR LF, which would inject a command", "k02:x\r\nflush_all", "U+000D", "control"),
                arguments("a lone LF", "k02:line\nbreak", "U+000A", "control"),
                arguments("NUL", "k02:nul\0byte", "U+0000", "control"),
                arguments("DEL", "k02:del\u007F", "U+007F", "control"),
                arguments("a non-ASCII letter, as in the seed's usuário", "k02:usuário:joão", "U+00E1", "ASCII"),
                arguments("a no-break space, which looks like a space", "k02:no\u00A0break", "U+00A0", "ASCII"),
                arguments("an emoji: one code point, two Java chars", "k02:wave👋", "U+1F44B", "ASCII"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forbiddenCharacters")
    @Tag("task:4")
    void a_key_with_a_forbidden_character_is_rejected_naming_it(String what, String key, String codePoint,
            String rule) {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("name the character by its code point, say the rule (%s) and quote the key: checkKey(%s) with %s;"
                        + " protocol.txt forbids whitespace and control characters, and pymemcache's defaults refuse"
                        + " non-ASCII keys", rule, printable(key), what)
                .isThrownBy(() -> TextStore.checkKey(key))
                .withMessageContaining(codePoint)
                .withMessageContaining(rule)
                .withMessageContaining(visibleStart(key));
    }

    @Test
    @Tag("task:4")
    void a_rejected_key_sends_and_stores_nothing(MemcachedClient client) throws InterruptedException,
            ExecutionException {
        String key = "k02:tab\tkey";
        client.delete(key).get(); // a tab passes spymemcached: an earlier run without the check may have stored it

        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("check the key first: a tab passes spymemcached and the server, so only your check stops"
                        + " put(%s, …)", printable(key))
                .isThrownBy(() -> store.put(key, "must not be stored"))
                .withMessageContaining("U+0009");
        assertThat(inspector.inspect(key))
                .as("check before sending: inspect(%s) after the rejected put must find nothing", printable(key))
                .isEmpty();
    }

    @Test
    @Tag("task:4")
    void a_non_ascii_key_is_rejected_before_it_reaches_the_server(MemcachedClient client)
            throws InterruptedException, ExecutionException {
        // memcached itself would store it: its bytes hold no space and no control byte
        client.delete("k02:usuário").get(); // so an earlier run without the check cannot fail this one
        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("check the key first: put(\"k02:usuário\", …) would store a key the seed's Python service cannot"
                        + " even ask for")
                .isThrownBy(() -> store.put("k02:usuário", "must not be stored"))
                .withMessageContaining("U+00E1");
        assertThat(inspector.inspect("k02:usuário"))
                .as("check before sending: inspect(\"k02:usuário\") after the rejected put must find nothing")
                .isEmpty();
    }

    @Test
    @Tag("task:4")
    void get_and_get_as_check_the_key_too() {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("call checkKey in get too: get(\"k02:two words\") must be refused before asking the server")
                .isThrownBy(() -> store.get("k02:two words"))
                .withMessageContaining("U+0020");
        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("call checkKey in getAs too: getAs(\"k02:usuário\", UTF-8) must be refused before asking the"
                        + " server")
                .isThrownBy(() -> store.getAs("k02:usuário", StandardCharsets.UTF_8))
                .withMessageContaining("U+00E1");
    }

    private StoredItem inspect(String key, String after) {
        return inspector.inspect(key).orElseThrow(() -> new AssertionError(
                "put must wait for the server's answer (the future's get()): inspect(\"" + key + "\") after " + after
                        + ": memcached holds nothing there"));
    }

    /**
     * Runs {@code steps} on TextStore in another JVM, one whose default charset is US-ASCII (what {@code LC_ALL=C}
     * gives on Linux), against this run's server, and returns each step's answer. On a UTF-8 JVM code that leaves the
     * charset to the platform guesses right by luck; there it cannot.
     *
     * <p>The other JVM loads TextStore from where this JVM loaded it, so it runs the same class.
     */
    private List<String> inAsciiJvm(Step... steps) {
        Path output = null;
        try {
            output = Files.createTempFile("k02-ascii-jvm", ".txt");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dfile.encoding=US-ASCII", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-cp", classPath(), AsciiJvm.class.getName(),
                    server.address().getHostString(), String.valueOf(server.address().getPort())));
            Stream.of(steps).map(Step::argument).forEach(command::add);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("the US-ASCII JVM did not finish within 60 s: " + command);
            }
            return AsciiJvm.answers(Files.readAllLines(output, StandardCharsets.UTF_8), steps.length);
        } catch (IOException e) {
            throw new UncheckedIOException("could not run a second JVM: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the US-ASCII JVM ran", e);
        } finally {
            if (output != null) {
                output.toFile().delete();
            }
        }
    }

    /** TextStore's own location first (the class under test, wherever it comes from), then this JVM's class path. */
    private static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> type : List.of(TextStore.class, AsciiJvm.class, MemcachedClient.class)) {
            CodeSource source = type.getProtectionDomain().getCodeSource();
            if (source != null && source.getLocation() != null) {
                try {
                    entries.add(Path.of(source.getLocation().toURI()).toString());
                } catch (URISyntaxException e) {
                    throw new IllegalStateException("the class path entry of " + type + " is not a file: " + e, e);
                }
            }
        }
        entries.add(System.getProperty("java.class.path"));
        return String.join(File.pathSeparator, entries);
    }

    /** One call on TextStore, in the other JVM; text travels as UTF-8 hex, so no charset can bend it on the way. */
    private record Step(String argument) {

        static Step put(String key, String text) {
            return new Step("put " + key + " " + HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8)));
        }

        static Step get(String key) {
            return new Step("get " + key);
        }

        static Step utf8Length(String text) {
            return new Step("utf8Length " + HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /**
     * The other JVM's main: runs each step and prints one line per step, {@code k02-answer <ok|error> <hex>}, the
     * answer (or the exception) as UTF-8 hex. spymemcached's log lines around them are ignored.
     */
    static final class AsciiJvm {

        private static final String MARK = "k02-answer ";

        public static void main(String[] args) throws IOException {
            PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
            out.println(MARK + "charset " + hexOf(Charset.defaultCharset().name()));
            MemcachedClient client = new MemcachedClient(new InetSocketAddress(args[0], Integer.parseInt(args[1])));
            try {
                TextStore store = new TextStore(client);
                for (int i = 2; i < args.length; i++) {
                    String[] step = args[i].split(" ");
                    try {
                        String answer = switch (step[0]) {
                            case "put" -> {
                                store.put(step[1], textOf(step[2]));
                                yield "stored";
                            }
                            case "get" -> store.get(step[1]).orElse("(empty)");
                            case "utf8Length" -> String.valueOf(TextStore.utf8Length(textOf(step[1])));
                            default -> throw new IllegalArgumentException("no such step: " + step[0]);
                        };
                        out.println(MARK + "ok " + hexOf(answer));
                    } catch (RuntimeException e) {
                        out.println(MARK + "error " + hexOf(e.getClass().getName() + ": " + e.getMessage()));
                    }
                }
            } finally {
                client.shutdown();
            }
        }

        /** The answers the steps printed, in order; a stub's exception comes back as the stub's exception. */
        static List<String> answers(List<String> lines, int steps) {
            List<String> marked = lines.stream().filter(line -> line.startsWith(MARK))
                    .map(line -> line.substring(MARK.length())).toList();
            if (marked.size() != steps + 1) {
                throw new IllegalStateException("the US-ASCII JVM printed " + (marked.size() - 1) + " answers for "
                        + steps + " steps:\n" + String.join("\n", lines));
            }
            String charset = textOf(marked.get(0).split(" ")[1]);
            if (!charset.equals("US-ASCII")) {
                throw new IllegalStateException("this Java ignores -Dfile.encoding=US-ASCII (default: " + charset
                        + "); the kata needs a JVM that honours it, such as Java 17");
            }
            List<String> answers = new ArrayList<>();
            for (String answer : marked.subList(1, marked.size())) {
                String[] parts = answer.split(" ", 2);
                String text = textOf(parts[1]);
                if (parts[0].equals("error")) {
                    if (text.startsWith(UnsupportedOperationException.class.getName() + ": ")) {
                        throw new UnsupportedOperationException(text.substring(text.indexOf(": ") + 2));
                    }
                    throw new AssertionError("in the JVM whose default charset is US-ASCII, TextStore threw " + text);
                }
                answers.add(text);
            }
            return answers;
        }

        private static String textOf(String hex) {
            return new String(HexFormat.of().parseHex(hex), StandardCharsets.UTF_8);
        }

        private static String hexOf(String text) {
            return HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /** The key up to its first character outside printable ASCII: what any message quoting the key shows as is. */
    private static String visibleStart(String key) {
        int end = 0;
        while (end < key.length() && key.charAt(end) > ' ' && key.charAt(end) < 0x7F) {
            end++;
        }
        return key.substring(0, end);
    }

    private static String printable(String key) {
        StringBuilder shown = new StringBuilder("\"");
        key.chars().forEach(c -> shown.append(c < ' ' || c == 0x7F ? String.format("\\u%04X", c) : (char) c));
        return shown.append('"').toString();
    }
}
