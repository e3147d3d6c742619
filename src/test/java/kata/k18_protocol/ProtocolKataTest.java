package kata.k18_protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

import kata.shared.ErrorReplyException;
import kata.shared.Item;
import kata.shared.MetaItem;
import kata.support.Dedicated;
import kata.support.MemcachedExtension;
import kata.support.MemcachedServer;
import kata.support.RawInspector;
import kata.support.StoredItem;
import net.spy.memcached.MemcachedClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AfterAll;
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
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(MemcachedExtension.class)
@DisplayName("k18 · The protocol by hand")
// only so that a learner starts where task 1 starts, with a set; no test needs another to run first
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProtocolKataTest {

    private static final int MINUTE = 60;
    /** The client's timeout in most tests: generous (2 shared cores), it bounds a hang and never measures speed. */
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** The client's timeout where the server is paused on purpose: short, so the test is quick. */
    private static final Duration SHORT_TIMEOUT = Duration.ofMillis(300);
    /** A bound on a whole command against a paused server: ten times {@link #SHORT_TIMEOUT}, far below a hang. */
    private static final Duration BOUND = Duration.ofSeconds(3);
    /** What each look at {@link #own}'s stats adds to its {@code bytes_read}: the look's own {@code stats\r\n}. */
    private static final int STATS_LINE = "stats\r\n".length();
    /** Multi-byte UTF-8: 2 bytes for ã and á, 3 for ☕, 4 for 𝄞 (a surrogate pair in Java: 2 chars). */
    private static final String UNICODE = "João, olá ☕ 𝄞";

    /**
     * A server of this class's own, for the tests that count what the server read ({@code bytes_read}) or how many
     * connections it saw: the shared server's counters also count the other katas' work. Started by the first test
     * that asks ({@link #own()}), so a test run that needs none (PIT runs one test at a time) starts none.
     */
    private static MemcachedServer own;

    private MemcachedClient client;
    private RawInspector inspector;
    private MemcachedServer server;
    private final List<TextProtocolClient> opened = new ArrayList<>();

    @AfterAll
    static void closeOwn() {
        if (own != null) {
            own.close();
            own = null;
        }
    }

    @BeforeEach
    void connect(MemcachedClient client, MemcachedServer server) {
        this.client = client;
        this.server = server;
        this.inspector = new RawInspector(server.address());
    }

    @AfterEach
    void closeClients() {
        opened.forEach(TextProtocolClient::close);
    }

    // ---- task 1: set and get, by the byte --------------------------------------------------------------------------

    @Test
    @Order(1)
    @Tag("task:1")
    void set_sends_the_utf8_byte_count_and_spymemcached_reads_the_text() throws Exception {
        forget("k18:name");
        TextProtocolClient text = open(server);

        text.set("k18:name", UNICODE, 0, MINUTE);

        int bytes = UNICODE.getBytes(StandardCharsets.UTF_8).length;
        assertThat(client.get("k18:name"))
                .as("spymemcached's get(\"k18:name\") after set(\"k18:name\", \"%s\", 0, 60): %d chars but %d bytes"
                        + " of UTF-8; set's line announces the bytes (value.getBytes(UTF_8).length), or memcached"
                        + " answers CLIENT_ERROR bad data chunk", UNICODE, UNICODE.length(), bytes)
                .isEqualTo(UNICODE);
        StoredItem item = inspector.awaitStored("k18:name");
        assertThat(new long[] {item.flags(), item.size()})
                .as("flags and size of k18:name: flags as given (0, spymemcached's String), size in bytes; it holds %s",
                        item.describe())
                .containsExactly(0, bytes);
        assertThat(item.ttlSeconds()).as("set(…, exptime 60) stores with exptime 60; k18:name holds %s",
                item.describe()).isBetween(55L, 60L);
    }

    @Test
    @Tag("task:1")
    void get_reads_what_spymemcached_wrote_with_its_flags_and_bytes() throws Exception {
        client.set("k18:written", MINUTE, UNICODE).get();
        client.set("k18:integer", MINUTE, 7).get();
        TextProtocolClient text = open(server);

        assertThat(text.get("k18:written"))
                .as("get(\"k18:written\") of the String spymemcached stored: flags 0, its UTF-8 bytes, read by the"
                        + " byte count of the VALUE line")
                .contains(new Item("k18:written", 0, UNICODE.getBytes(StandardCharsets.UTF_8)));
        assertThat(text.get("k18:integer"))
                .as("get(\"k18:integer\") of the Integer 7 spymemcached stored: its own encoding, flags 512 and the"
                        + " single byte 7; a client passes the flags and bytes on as they are")
                .contains(new Item("k18:integer", 512, new byte[] {7}));
    }

    @Test
    @Tag("task:1")
    void get_of_a_key_memcached_does_not_hold_is_empty() throws Exception {
        forget("k18:never-stored");

        assertThat(open(server).get("k18:never-stored"))
                .as("get(\"k18:never-stored\"): memcached answers END alone, no VALUE line").isEmpty();
    }

    static Stream<Arguments> trickyValues() {
        return Stream.of(
                arguments("END between line breaks", "\r\nEND\r\n"),
                arguments("a whole fake reply", "line 1\r\nVALUE k18:fake 0 3\r\nabc\r\nEND\r\n"),
                arguments("a lone LF", "\n"),
                arguments("a lone CR", "\r"),
                arguments("nothing", ""));
    }

    @ParameterizedTest(name = "a value holding {0} is read by its byte count")
    @MethodSource("trickyValues")
    @Tag("task:1")
    void a_value_holding_crlf_or_end_is_read_by_its_byte_count_not_by_lines(String what, String value)
            throws Exception {
        TextProtocolClient text = open(server);
        client.set("k18:tricky-from-spymemcached", MINUTE, value).get();
        text.set("k18:tricky-from-you", value, 0, MINUTE);

        assertThat(text.get("k18:tricky-from-spymemcached").map(Item::text))
                .as("get(…) of %s stored by spymemcached: a data block is exactly <bytes> bytes and may hold CR, LF"
                        + " and END; read it with readNBytes(<bytes>), then the CR LF after it", quoted(value))
                .contains(value);
        assertThat(client.get("k18:tricky-from-you"))
                .as("spymemcached's get(…) after your set of %s", quoted(value)).isEqualTo(value);
        assertThat(text.get("k18:tricky-from-you").map(Item::text))
                .as("your get(…) after your set of %s", quoted(value)).contains(value);
    }

    @Test
    @Tag("task:1")
    void half_a_megabyte_travels_whole_both_ways() throws Exception {
        String big = "0123456789abcdef".repeat(32_768);
        TextProtocolClient text = open(server);

        text.set("k18:big", big, 0, MINUTE);

        assertThat(text.get("k18:big").map(Item::text).orElse(""))
                .as("your get of 512 KiB after your set: a data block that long arrives in many pieces; one read()"
                        + " returns only what has arrived, readNBytes(<bytes>) waits for all of it")
                .isEqualTo(big);
        assertThat(inspector.awaitStored("k18:big").size()).as("the size memcached holds under k18:big")
                .isEqualTo(big.length());
    }

    @Test
    @Tag("task:1")
    void flags_are_a_32_bit_unsigned_number_on_the_wire() throws Exception {
        TextProtocolClient text = open(server);

        text.set("k18:flags", "x", -1, MINUTE);

        assertThat(inspector.awaitStored("k18:flags").flags())
                .as("flags -1 are the 32 bits 0xFFFFFFFF: memcached reads them as 4294967295"
                        + " (Integer.toUnsignedString); \"-1\" is CLIENT_ERROR bad command line format")
                .isEqualTo(-1);
        assertThat(text.get("k18:flags").map(Item::flags))
                .as("get(\"k18:flags\"): VALUE k18:flags 4294967295 1, read back with Integer.parseUnsignedInt")
                .contains(-1);
    }

    @Test
    @Tag("task:1")
    void one_connection_serves_every_command_and_close_ends_it() throws Exception {
        RawInspector ownInspector = new RawInspector(own().address());
        long idle = idleConnections(ownInspector);
        long connectionsBefore = stat(ownInspector, "total_connections");
        TextProtocolClient text = open(own());

        text.set("k18:conn", "1", 0, MINUTE);
        text.get("k18:conn");
        text.get("k18:conn");

        assertThat(stat(ownInspector, "total_connections") - connectionsBefore)
                .as("connections made for a set and two gets, and for one look at the stats: open the socket once"
                        + " and keep it (protocol.txt: clients \"are encouraged to cache their connections\")")
                .isEqualTo(2);
        text.close();
        await("close() to close the socket: memcached's curr_connections back to " + idle + ", as before the client")
                .atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                .until(() -> stat(ownInspector, "curr_connections"), open -> open <= idle);
    }

    // ---- task 2: many keys, the other commands, and replies that are errors -----------------------------------------

    @Test
    @Tag("task:2")
    void get_many_sends_one_get_line_and_leaves_out_the_misses() throws Exception {
        RawInspector ownInspector = new RawInspector(own().address());
        ownInspector.store("k18:many:a", "alpha".getBytes(StandardCharsets.UTF_8), 0);
        ownInspector.store("k18:many:b", UNICODE.getBytes(StandardCharsets.UTF_8), 3);
        TextProtocolClient text = open(own());
        long before = stat(ownInspector, "bytes_read");

        Map<String, Item> items = text.getMany(List.of("k18:many:a", "k18:many:missing", "k18:many:b"));

        assertThat(items)
                .as("getMany(k18:many:a, k18:many:missing, k18:many:b): one VALUE block per key memcached holds,"
                        + " in its order, then END; the miss has none")
                .containsExactly(
                        Map.entry("k18:many:a", new Item("k18:many:a", 0, "alpha".getBytes(StandardCharsets.UTF_8))),
                        Map.entry("k18:many:b", new Item("k18:many:b", 3, UNICODE.getBytes(StandardCharsets.UTF_8))));
        String oneLine = "get k18:many:a k18:many:missing k18:many:b\r\n";
        assertThat(stat(ownInspector, "bytes_read") - before)
                .as("bytes memcached read for getMany of three keys (and %d for the look at the stats): exactly"
                        + " one line, %s, not a get per key", STATS_LINE, quoted(oneLine))
                .isEqualTo(oneLine.length() + STATS_LINE);
    }

    @Test
    @Tag("task:2")
    void get_many_of_no_keys_is_empty_and_sends_nothing() {
        assertThat(open(server).getMany(List.of()))
                .as("getMany(no keys): nothing to ask; a bare \"get\" line is an ERROR to memcached").isEmpty();
    }

    @Test
    @Tag("task:2")
    void add_stores_only_where_nothing_is_and_not_stored_is_false() throws Exception {
        forget("k18:add");
        TextProtocolClient text = open(server);

        assertThat(text.add("k18:add", "first", 0, MINUTE)).as("add(\"k18:add\", …) of a missing key: STORED")
                .isTrue();
        assertThat(text.add("k18:add", "second", 0, MINUTE))
                .as("a second add(\"k18:add\", …): NOT_STORED, \"not stored, but not because of an error\"")
                .isFalse();
        assertThat(client.get("k18:add")).as("k18:add after both adds: the first one's value").isEqualTo("first");
    }

    @Test
    @Tag("task:2")
    void delete_answers_whether_there_was_an_item() throws Exception {
        client.set("k18:delete", MINUTE, "x").get();
        TextProtocolClient text = open(server);

        assertThat(text.delete("k18:delete")).as("delete(\"k18:delete\") of a key memcached holds: DELETED")
                .isTrue();
        assertThat(client.get("k18:delete")).as("k18:delete after delete").isNull();
        assertThat(text.delete("k18:delete")).as("delete(\"k18:delete\") again: NOT_FOUND").isFalse();
    }

    @Test
    @Tag("task:2")
    void incr_counts_on_the_server_and_a_missing_key_is_empty() throws Exception {
        client.set("k18:count", MINUTE, "41").get();
        forget("k18:count-missing");
        TextProtocolClient text = open(server);

        assertThat(text.incr("k18:count", 1)).as("incr(\"k18:count\", 1) on \"41\": memcached answers 42")
                .isEqualTo(OptionalLong.of(42));
        assertThat(client.get("k18:count")).as("what spymemcached reads at k18:count after the incr").isEqualTo("42");
        assertThat(text.incr("k18:count", 0)).as("incr(\"k18:count\", 0): a delta of 0 is a delta, the value as it is")
                .isEqualTo(OptionalLong.of(42));
        assertThat(text.incr("k18:count-missing", 1))
                .as("incr(…) of a missing key: NOT_FOUND (memcached does not create it)").isEmpty();
    }

    @Test
    @Tag("task:2")
    void incr_past_2_to_the_63_is_read_as_unsigned_and_wraps_at_2_to_the_64() throws Exception {
        client.set("k18:big-count", MINUTE, "18446744073709551614").get();
        TextProtocolClient text = open(server);

        assertThat(text.incr("k18:big-count", 1))
                .as("incr by 1 on 2^64 - 2: memcached answers 18446744073709551615, a 64-bit unsigned number;"
                        + " Long.parseUnsignedLong holds it as -1L, Long.parseLong throws")
                .isEqualTo(OptionalLong.of(-1L));
        assertThat(text.incr("k18:big-count", 1)).as("incr by 1 on 2^64 - 1: it wraps around to 0")
                .isEqualTo(OptionalLong.of(0));
    }

    @Test
    @Tag("task:2")
    void an_error_reply_is_an_error_reply_exception_and_the_connection_goes_on() throws Exception {
        client.set("k18:word", MINUTE, "seven").get();
        TextProtocolClient text = open(server);

        ErrorReplyException error = catchErrorReply(() -> text.incr("k18:word", 1),
                "incr(\"k18:word\", 1) on \"seven\"");

        assertThat(new String[] {error.command(), error.reply()})
                .as("the ErrorReplyException's command and reply: the line you sent and memcached's line, without"
                        + " their CR LF")
                .containsExactly("incr k18:word 1", "CLIENT_ERROR cannot increment or decrement non-numeric value");
        assertThat(text.get("k18:word").map(Item::text))
                .as("get(\"k18:word\") on the same client after the error: memcached keeps the connection after a"
                        + " CLIENT_ERROR, and it was one line: nothing is left to read")
                .contains("seven");
    }

    @Test
    @Tag("task:2")
    void a_negative_delta_is_refused_before_it_is_sent() throws Exception {
        client.set("k18:negative", MINUTE, "5").get();

        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("incr(\"k18:negative\", -1): memcached's delta is unsigned (it would answer CLIENT_ERROR invalid"
                        + " numeric delta argument); refuse it first")
                .isThrownBy(() -> open(server).incr("k18:negative", -1)).withMessageContaining("-1");
        assertThat(client.get("k18:negative")).as("k18:negative after the refused incr").isEqualTo("5");
    }

    @Test
    @Tag("task:2")
    void version_reads_the_version_line() {
        assertThat(open(server).version()).as("version(): the text after \"VERSION \"")
                .isEqualTo(inspector.version());
    }

    @Test
    @Tag("task:2")
    void a_value_too_large_is_a_server_error_and_the_next_command_is_answered() throws Exception {
        String tooLarge = "x".repeat(1024 * 1024);
        TextProtocolClient text = open(server);

        ErrorReplyException error = catchErrorReply(() -> text.set("k18:too-large", tooLarge, 0, MINUTE),
                "set(\"k18:too-large\", 1 MiB, …)");

        assertThat(error.reply()).as("memcached's answer to a set of 1 MiB (its limit includes the item's header)")
                .isEqualTo("SERVER_ERROR object too large for cache");
        assertThat(text.version()).as("version() on the same client after the SERVER_ERROR")
                .isEqualTo(inspector.version());
    }

    @Test
    @Tag("task:2")
    void a_paused_server_fails_the_command_in_time_and_the_next_command_reads_its_own_reply(
            @Dedicated MemcachedServer paused) throws Exception {
        TextProtocolClient text = new TextProtocolClient(paused.address(), SHORT_TIMEOUT);
        opened.add(text);
        text.set("k18:late", "a reply that comes too late", 0, MINUTE);
        paused.pause();
        UncheckedIOException failure;
        try {
            failure = assertTimeoutPreemptively(BOUND, () -> catchUnchecked(() -> text.get("k18:late")),
                    "get on a paused server with a 300 ms timeout: setSoTimeout on the socket bounds every read");
        } finally {
            paused.resume();
        }

        assertThat(failure).as("the UncheckedIOException of get(\"k18:late\") on a paused server: it names the server"
                        + " and the command")
                .hasMessageContaining(String.valueOf(paused.address().getPort())).hasMessageContaining("get k18:late");
        assertThat(text.version())
                .as("version() after the server woke up: the late VALUE k18:late … is still on the old connection;"
                        + " a connection that failed must be closed, so the next command opens a new one")
                .isEqualTo(new RawInspector(paused.address()).version());
    }

    @Test
    @Tag("task:2")
    void a_server_that_is_down_is_an_unchecked_io_exception_that_names_it(@Dedicated MemcachedServer stopped) {
        InetSocketAddress address = stopped.address();
        stopped.stop();

        assertThatExceptionOfType(UncheckedIOException.class)
                .as("version() on a stopped server: connection refused, as an UncheckedIOException naming it")
                .isThrownBy(() -> open(stopped).version())
                .withMessageContaining(String.valueOf(address.getPort()));
    }

    // ---- task 3: a key is one token -------------------------------------------------------------------------------

    static Stream<Arguments> badKeys() {
        return Stream.of(
                arguments("a space", "k18:two words", "space"),
                arguments("a CR", "k18:a\rb", "CR"),
                arguments("an LF", "k18:a\nb", "LF"),
                arguments("an injected command", "k18:x\r\nflush_all", "CR"),
                arguments("a tab", "k18:a\tb", "U+0009"),
                arguments("a NUL", "k18:a\0b", "U+0000"),
                arguments("a DEL", "k18:a\u007fb", "U+007F"),
                arguments("nothing", "", "empty"),
                arguments("251 bytes", "k18:" + "k".repeat(247), "251 bytes"),
                arguments("k18: and 124 × ñ (128 chars)", "k18:" + "ñ".repeat(124), "252 bytes"));
    }

    @ParameterizedTest(name = "a key with {0} is refused before anything is sent")
    @MethodSource("badKeys")
    @Tag("task:3")
    void a_key_memcached_cannot_read_is_refused_before_anything_is_sent(String what, String key, String named) {
        TextProtocolClient text = open(own());

        assertNothingSent(text, () -> assertThatExceptionOfType(IllegalArgumentException.class)
                .as("get(%s), a key with %s: refuse it with an IllegalArgumentException that says so (\"%s\"),"
                        + " before a byte is written", quoted(key), what, named)
                .isThrownBy(() -> text.get(key)).withMessageContaining(named));
    }

    @Test
    @Tag("task:3")
    void every_command_checks_its_keys_before_it_writes() {
        TextProtocolClient text = open(own());
        Map<String, Consumer<String>> commands = Map.of(
                "set", key -> text.set(key, "v", 0, MINUTE),
                "add", key -> text.add(key, "v", 0, MINUTE),
                "getMany", key -> text.getMany(List.of("k18:fine", key)),
                "delete", key -> text.delete(key),
                "incr", key -> text.incr(key, 1));

        assertNothingSent(text, () -> commands.forEach((name, command) ->
                assertThatExceptionOfType(IllegalArgumentException.class)
                        .as("%s with the key \"k18:a b\": every command that sends a key checks it (validateKey),"
                                + " getMany all of them before it sends any", name)
                        .isThrownBy(() -> command.accept("k18:a b")).withMessageContaining("space")));
    }

    @Test
    @Tag("task:3")
    void the_longest_keys_are_250_bytes_and_spymemcached_reads_them() throws Exception {
        String ascii = "k18:" + "k".repeat(246);
        String enyes = "k18:" + "ñ".repeat(123);
        TextProtocolClient text = open(server);

        text.set(ascii, "250 ASCII bytes", 0, MINUTE);
        text.set(enyes, "250 bytes of UTF-8, 127 chars", 0, MINUTE);

        assertThat(client.get(ascii)).as("spymemcached's get of the 250-byte key you set: the longest memcached"
                + " takes").isEqualTo("250 ASCII bytes");
        assertThat(client.get(enyes)).as("spymemcached's get of \"k18:\" + 123 × \"ñ\": 127 chars, 250 bytes; count"
                + " the key's bytes, not its chars").isEqualTo("250 bytes of UTF-8, 127 chars");
        assertThat(text.get(enyes).map(Item::key)).as("the key memcached sends back in VALUE, read as UTF-8")
                .contains(enyes);
    }

    @ParameterizedTest(name = "a key ending a line with {0} runs flush_all through a naive client, not through yours")
    @ValueSource(strings = {"CR LF", "LF"})
    @Tag("task:3")
    void a_line_break_in_a_key_injects_a_command_through_a_naive_client_and_yours_refuses_it(String ending,
            @Dedicated MemcachedServer victim) throws Exception {
        String eol = ending.equals("LF") ? "\n" : "\r\n";
        RawInspector victimInspector = new RawInspector(victim.address());
        victimInspector.store("k18:precious", "still here".getBytes(StandardCharsets.UTF_8), 0);
        String key = "k18:x" + eol + "flush_all";

        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("get(%s): a key with a line break is two commands on the wire", quoted(key))
                .isThrownBy(() -> open(victim).get(key));
        assertThat(victimInspector.inspect("k18:precious")).as("k18:precious after your client refused the key")
                .isPresent();
        assertThat(stat(victimInspector, "cmd_flush")).as("flush_all commands the server ran").isZero();

        // what a naive client sends for the same key: "get " + key + "\r\n", as it is
        List<String> replies = naive(victim.address(), "get " + key + "\r\n", 2);

        assertThat(replies).as("the replies to one naive get of that key: END for get k18:x, then OK for a"
                + " flush_all (%s ends a command as CR LF does)", ending).containsExactly("END", "OK");
        assertThat(victimInspector.inspect("k18:precious")).as("k18:precious after the naive client's get").isEmpty();
    }

    // ---- task 4: meta commands ------------------------------------------------------------------------------------

    @Test
    @Tag("task:4")
    void meta_get_reads_the_value_its_flags_and_its_ttl_in_one_round_trip() throws Exception {
        RawInspector ownInspector = new RawInspector(own().address());
        TextProtocolClient text = open(own());
        text.set("k18:meta", UNICODE, 12345, 90);
        long getsBefore = stat(ownInspector, "cmd_get");

        Optional<MetaItem> item = text.metaGet("k18:meta");

        assertThat(item.map(MetaItem::text)).as("metaGet(\"k18:meta\"): VA <size> t… f…, then the data block")
                .contains(UNICODE);
        assertThat(item.map(MetaItem::flags)).as("metaGet(\"k18:meta\")'s flags, the f token").contains(12345);
        assertThat(item.map(MetaItem::ttlSeconds).orElse(-2L))
                .as("metaGet(\"k18:meta\")'s remaining TTL, the t token: set with exptime 90, no Java client shows"
                        + " it").isBetween(85L, 90L);
        assertThat(stat(ownInspector, "cmd_get") - getsBefore)
                .as("gets memcached counted for one metaGet: one mg with v, t and f, not a get and then an mg")
                .isEqualTo(1);
        assertThat(item.map(found -> found.won() || found.stale() || found.alreadyWon()))
                .as("W, X or Z on a plain metaGet: none was asked for, none is there").contains(false);
    }

    @Test
    @Tag("task:4")
    void meta_get_says_minus_one_for_no_expiry_reads_32_bit_flags_and_is_empty_on_a_miss() throws Exception {
        inspector.store("k18:forever", "x".getBytes(StandardCharsets.UTF_8), -1);
        forget("k18:meta-missing");
        TextProtocolClient text = open(server);

        assertThat(text.metaGet("k18:forever"))
                .as("metaGet of an item stored with exptime 0 and flags 4294967295: t-1 (it never expires), and the"
                        + " flags read with Integer.parseUnsignedInt")
                .contains(new MetaItem("x".getBytes(StandardCharsets.UTF_8), -1, -1, false, false, false));
        assertThat(text.metaGet("k18:meta-missing")).as("metaGet of a missing key: EN").isEmpty();
    }

    @Test
    @Tag("task:4")
    void meta_set_stores_flags_and_ttl_and_spymemcached_reads_the_text() throws Exception {
        TextProtocolClient text = open(server);

        text.metaSet("k18:meta-set", UNICODE, 0, MINUTE);
        text.metaSet("k18:meta-flags", "flagged", 7, 0);

        assertThat(client.get("k18:meta-set"))
                .as("spymemcached's get after metaSet(\"k18:meta-set\", \"%s\", 0, 60): ms <key> <datalen in bytes>"
                        + " F0 T60, then the data block", UNICODE)
                .isEqualTo(UNICODE);
        assertThat(inspector.awaitStored("k18:meta-set").ttlSeconds()).as("k18:meta-set's TTL after metaSet(…, 60):"
                + " the T flag").isBetween(55L, 60L);
        StoredItem flagged = inspector.awaitStored("k18:meta-flags");
        assertThat(new long[] {flagged.flags(), flagged.ttlSeconds()})
                .as("flags and TTL of k18:meta-flags after metaSet(…, flags 7, ttl 0): F7, and T0 for no expiry;"
                        + " it holds %s", flagged.describe())
                .containsExactly(7, -1);
    }

    @Test
    @Tag("task:4")
    void meta_get_with_n_lets_one_request_win_the_recache_of_a_miss() throws Exception {
        forget("k18:vivify");
        TextProtocolClient text = open(server);

        MetaItem first = text.metaGet("k18:vivify", "N30").orElseThrow(() -> new AssertionError(
                "metaGet(\"k18:vivify\", \"N30\") of a missing key was empty: N creates an empty item and answers VA"));
        MetaItem second = text.metaGet("k18:vivify", "N30").orElseThrow();

        assertThat(new boolean[] {first.won(), first.alreadyWon(), first.data().length == 0})
                .as("the first metaGet(…, \"N30\") of a miss (won, alreadyWon, empty): W, this request recaches it")
                .containsExactly(true, false, true);
        assertThat(new boolean[] {second.won(), second.alreadyWon()})
                .as("the second metaGet(…, \"N30\") (won, alreadyWon): Z, another request is recaching it")
                .containsExactly(false, true);
        assertThat(second.ttlSeconds()).as("the TTL of the empty item N30 created").isBetween(25L, 30L);
    }

    @Test
    @Tag("task:4")
    void meta_get_with_r_wins_the_recache_before_the_item_expires_and_serves_the_value() throws Exception {
        client.set("k18:refresh", 20, "old but good").get();
        TextProtocolClient text = open(server);

        Optional<MetaItem> early = text.metaGet("k18:refresh", "R10");
        Optional<MetaItem> first = text.metaGet("k18:refresh", "R30");
        Optional<MetaItem> second = text.metaGet("k18:refresh", "R30");

        assertThat(early.map(MetaItem::won)).as("metaGet(…, \"R10\") of an item with about 20 s left: no win yet")
                .contains(false);
        assertThat(first.map(item -> item.won() + " " + item.text()))
                .as("metaGet(…, \"R30\") with less than 30 s left: W, and the value to serve meanwhile")
                .contains("true old but good");
        assertThat(second.map(item -> item.won() + " " + item.alreadyWon()))
                .as("the next metaGet(…, \"R30\"): Z, someone else is refreshing it").contains("false true");
    }

    @Test
    @Tag("task:4")
    void a_stale_item_is_served_with_x_and_one_request_wins_its_recache() throws Exception {
        client.set("k18:stale", MINUTE, "yesterday's news").get();
        assertThat(naive(server.address(), "md k18:stale I T30\r\n", 1)).as("md k18:stale I T30: marked stale")
                .containsExactly("HD");
        TextProtocolClient text = open(server);

        Optional<MetaItem> first = text.metaGet("k18:stale");
        Optional<MetaItem> second = text.metaGet("k18:stale");

        assertThat(first.map(item -> item.stale() + " " + item.won() + " " + item.text()))
                .as("metaGet after md … I (stale, won, value): X and W, and the old value to serve while recaching")
                .contains("true true yesterday's news");
        assertThat(second.map(item -> item.stale() + " " + item.alreadyWon()))
                .as("the next metaGet (stale, alreadyWon): X and Z").contains("true true");
    }

    @Test
    @Tag("task:4")
    void meta_commands_check_the_key_and_every_extra_flag_before_they_write() {
        TextProtocolClient text = open(own());

        assertNothingSent(text, () -> {
            assertThatExceptionOfType(IllegalArgumentException.class).as("metaGet(\"k18:a b\")")
                    .isThrownBy(() -> text.metaGet("k18:a b")).withMessageContaining("space");
            assertThatExceptionOfType(IllegalArgumentException.class).as("metaSet(\"k18:a\\nb\", …)")
                    .isThrownBy(() -> text.metaSet("k18:a\nb", "v", 0, MINUTE)).withMessageContaining("LF");
            for (String flag : List.of("N30\r\nflush_all", "R 30", "")) {
                assertThatExceptionOfType(IllegalArgumentException.class)
                        .as("metaGet(\"k18:ok\", %s): an extra flag is one token, no space, no control character",
                                quoted(flag))
                        .isThrownBy(() -> text.metaGet("k18:ok", flag)).withMessageContaining("flag");
            }
        });
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private static MemcachedServer own() {
        if (own == null) {
            own = MemcachedServer.dedicated();
        }
        return own;
    }

    private TextProtocolClient open(MemcachedServer target) {
        TextProtocolClient text = new TextProtocolClient(target.address(), TIMEOUT);
        opened.add(text);
        return text;
    }

    private void forget(String... keys) throws Exception {
        for (String key : keys) {
            client.delete(key).get();
        }
    }

    /**
     * {@code curr_connections} with no client connected, the look itself aside: the least of a few looks, since a
     * connection closed a moment ago (an earlier look's) may still count for a while.
     */
    private static long idleConnections(RawInspector inspector) {
        long least = Long.MAX_VALUE;
        for (int look = 0; look < 5; look++) {
            least = Math.min(least, stat(inspector, "curr_connections"));
        }
        return least;
    }

    private static long stat(RawInspector inspector, String name) {
        return Long.parseLong(inspector.stats().get(name));
    }

    /**
     * Runs {@code refusals} (checks that {@code text} refused something) and proves {@code own} read nothing from
     * {@code text} meanwhile: a get on the same connection afterwards is answered only once the server has read
     * everything sent before it, so {@code bytes_read} then holds any byte that slipped out.
     */
    private static void assertNothingSent(TextProtocolClient text, Runnable refusals) {
        RawInspector ownInspector = new RawInspector(own().address());
        long before = stat(ownInspector, "bytes_read");

        refusals.run();
        text.get("k18:after-the-refusal");

        String after = "get k18:after-the-refusal\r\n";
        assertThat(stat(ownInspector, "bytes_read") - before)
                .as("bytes memcached read from your client: only %s, sent after the refusal (and %d for the look at"
                        + " the stats); refuse a bad key before you write anything", quoted(after), STATS_LINE)
                .isEqualTo(after.length() + STATS_LINE);
    }

    private static ErrorReplyException catchErrorReply(Runnable command, String what) {
        try {
            command.run();
        } catch (ErrorReplyException expected) {
            return expected;
        }
        throw new AssertionError(what + " returned: memcached's error line must be an ErrorReplyException");
    }

    private static UncheckedIOException catchUnchecked(Runnable command) {
        try {
            command.run();
        } catch (UncheckedIOException expected) {
            return expected;
        }
        throw new AssertionError("the command returned though the server never answered");
    }

    /**
     * What a naive client does: it writes {@code request} as it is, with no check of what is in it, and reads
     * {@code lines} reply lines.
     */
    private static List<String> naive(InetSocketAddress address, String request, int lines) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(address, 2000);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            List<String> replies = new ArrayList<>();
            for (int i = 0; i < lines; i++) {
                replies.add(in.readLine());
            }
            return replies;
        }
    }

    /** The text in quotes, each control character spelled out as its Java escape, for messages. */
    private static String quoted(String text) {
        StringBuilder shown = new StringBuilder("\"");
        text.chars().forEach(c -> shown.append(switch (c) {
            case '\r' -> "\\r";
            case '\n' -> "\\n";
            default -> Character.isISOControl(c) ? String.format("\\u%04X", c) : String.valueOf((char) c);
        }));
        return shown.append('"').toString();
    }
}
