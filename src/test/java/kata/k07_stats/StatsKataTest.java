package kata.k07_stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import kata.shared.HitRate;
import kata.shared.ServerStats;
import kata.support.Addresses;
import kata.support.Dedicated;
import kata.support.MemcachedExtension;
import kata.support.MemcachedServer;
import kata.support.RawInspector;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.MemcachedClient;
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
@DisplayName("k07 · Stats and hit rate")
class StatsKataTest {

    /** The eight stats that {@link StatsView#parse} reads, each with a value no other one has. */
    private static final ServerStats SAMPLE_PARSED = new ServerStats("1.6.18", 86_400, 12.345678, 11, 12,
            5_000_000_029L, 4_000_000_014L, 1_000_000_015L);

    /** A busy server's stats as sent, with its counters past 2^32: {@link #SAMPLE_PARSED}, plus stats we ignore. */
    private static Map<String, String> sample() {
        Map<String, String> raw = new LinkedHashMap<>();
        raw.put("pid", "4242");
        raw.put("uptime", "86400");
        raw.put("version", "1.6.18");
        raw.put("rusage_user", "12.345678");
        raw.put("rusage_system", "3.210000");
        raw.put("curr_connections", "11");
        raw.put("curr_items", "12");
        raw.put("cmd_get", "5000000029");
        raw.put("get_hits", "4000000014");
        raw.put("get_misses", "1000000015");
        raw.put("evictions", "0");
        return raw;
    }

    @Test
    @Tag("task:1")
    void numbers_are_longs_rusage_user_a_double_and_the_version_text(MemcachedServer server) {
        Map<String, String> raw = new RawInspector(server.address()).stats();

        ServerStats stats = StatsView.parse(raw);

        assertThat(stats.version()).as("version: text, as sent (%s)", raw.get("version"))
                .isEqualTo(raw.get("version"));
        assertThat(stats.rusageUser()).as("rusage_user \"%s\": CPU seconds, a decimal", raw.get("rusage_user"))
                .isCloseTo(Double.parseDouble(raw.get("rusage_user")), within(1e-9));
        assertThat(stats.uptimeSeconds()).as("uptime \"%s\"", raw.get("uptime"))
                .isEqualTo(Long.parseLong(raw.get("uptime")));
        assertThat(stats.currConnections()).as("curr_connections \"%s\"", raw.get("curr_connections"))
                .isEqualTo(Long.parseLong(raw.get("curr_connections")));
        assertThat(stats.currItems()).as("curr_items \"%s\"", raw.get("curr_items"))
                .isEqualTo(Long.parseLong(raw.get("curr_items")));
        assertThat(stats.cmdGet()).as("cmd_get \"%s\"", raw.get("cmd_get"))
                .isEqualTo(Long.parseLong(raw.get("cmd_get")));
        assertThat(stats.getHits()).as("get_hits \"%s\"", raw.get("get_hits"))
                .isEqualTo(Long.parseLong(raw.get("get_hits")));
        assertThat(stats.getMisses()).as("get_misses \"%s\"", raw.get("get_misses"))
                .isEqualTo(Long.parseLong(raw.get("get_misses")));
    }

    @Test
    @Tag("task:1")
    void each_stat_lands_in_its_own_field_counters_past_32_bits_included() {
        AtomicReference<ServerStats> parsed = new AtomicReference<>();
        assertThatNoException()
                .as("parse(a busy server's stats, cmd_get \"5000000029\"): the counters are 64-bit (protocol.txt:"
                        + " 64u) and pass 2^31 within weeks, so Long.parseLong, never Integer.parseInt")
                .isThrownBy(() -> parsed.set(StatsView.parse(sample())));
        assertThat(parsed.get())
                .as("parse(a busy server's stats): each stat by its name into its own field (%s)", sample())
                .isEqualTo(SAMPLE_PARSED);
    }

    @ParameterizedTest(name = "without {0}")
    @ValueSource(strings = {"version", "uptime", "rusage_user", "curr_connections", "curr_items", "cmd_get",
            "get_hits", "get_misses"})
    @Tag("task:1")
    void a_missing_stat_is_named_in_the_error(String stat) {
        Map<String, String> raw = sample();
        raw.remove(stat);

        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("parse(stats without %s): an IllegalArgumentException that names the missing stat", stat)
                .isThrownBy(() -> StatsView.parse(raw)).withMessageContaining(stat);
    }

    static Stream<Arguments> notNumbers() {
        return Stream.of(
                arguments("uptime", "a day"),
                arguments("rusage_user", "12,345678"),
                arguments("curr_connections", ""),
                arguments("curr_items", "12.5"),
                arguments("cmd_get", "three"),
                arguments("get_hits", "0x10"),
                arguments("get_misses", "n/a"));
    }

    @ParameterizedTest(name = "{0} = \"{1}\"")
    @MethodSource("notNumbers")
    @Tag("task:1")
    void a_stat_that_is_not_a_number_is_named_in_the_error(String stat, String value) {
        Map<String, String> raw = sample();
        raw.put(stat, value);

        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("parse(stats with %s=\"%s\"): say which stat, not just NumberFormatException's 'For input"
                        + " string'", stat, value)
                .isThrownBy(() -> StatsView.parse(raw)).withMessageContaining(stat);
    }

    @Test
    @Tag("task:2")
    void each_server_gets_its_own_typed_stats(MemcachedClient client, MemcachedServer server) {
        String version = new RawInspector(server.address()).version();

        Map<SocketAddress, Optional<ServerStats>> byServer = new StatsView(client).byServer();

        assertThat(byServer).as("byServer() of a client connected to %s alone", server.description())
                .containsOnlyKeys(server.address());
        assertThat(byServer.get(server.address()).map(ServerStats::version))
                .as("byServer().get(%s): the live server's typed stats", server.address())
                .contains(version);
    }

    @Test
    @Tag("task:2")
    void the_report_line_of_a_live_server_gives_its_version_items_connections_and_uptime(
            @Dedicated MemcachedServer own) throws Exception {
        // a server of the test's own: it holds exactly the 7 items stored here
        String version = new RawInspector(own.address()).version();
        MemcachedClient client = new MemcachedClient(own.address());
        try {
            for (int i = 1; i <= 7; i++) {
                client.set("k07:item:" + i, 0, "v" + i).get();
            }

            String report = new StatsView(client).report();

            String expected = "memcached " + version + ": 7 items, <n> connections, up <n> s";
            assertThat(report)
                    .as("report() for a server holding 7 items: one line, \"<address> %s\", as in report()'s"
                            + " Javadoc (server %s)", expected, own.address())
                    .contains(":" + own.address().getPort() + " ")
                    .matches("\\S+ \\Qmemcached " + version + ": 7 items, \\E[1-9]\\d* connections, up \\d+ s");
        } finally {
            client.shutdown();
        }
    }

    @Test
    @Tag("task:2")
    void a_dead_server_is_reported_unavailable_never_a_null_pointer(MemcachedServer server) throws IOException {
        InetSocketAddress dead = Addresses.nothingListening();
        // two nodes, one of them nowhere; a short timeout so the dead one costs half a second, not 2.5 s
        MemcachedClient client = new MemcachedClient(new ConnectionFactoryBuilder().setOpTimeout(500).build(),
                List.of(server.address(), dead));
        try {
            StatsView view = new StatsView(client);

            AtomicReference<Map<SocketAddress, Optional<ServerStats>>> found = new AtomicReference<>();
            assertThatNoException()
                    .as("byServer() with %s dead: one server down must not break the view of the others; its map"
                            + " from getStats() is empty, so do not parse it", dead)
                    .isThrownBy(() -> found.set(view.byServer()));
            Map<SocketAddress, Optional<ServerStats>> byServer = found.get();
            assertThat(byServer.get(dead))
                    .as("byServer().get(%s), where nothing listens: getStats() gives it an empty map; say"
                            + " 'no stats' with Optional.empty()", dead)
                    .isEmpty();
            assertThat(byServer.get(server.address())).as("byServer().get(%s), the live server", server.address())
                    .isPresent();

            AtomicReference<String> written = new AtomicReference<>();
            assertThatNoException().as("report() with %s dead", dead).isThrownBy(() -> written.set(view.report()));
            String report = written.get();
            assertThat(report.lines())
                    .as("report() for a live and a dead server: one line per server (%s)", report).hasSize(2)
                    .filteredOn(line -> line.contains(":" + dead.getPort() + " "))
                    .as("report()'s line for the dead server %s", dead)
                    .singleElement().asString().endsWith(" " + StatsView.UNAVAILABLE);
            assertThat(report.lines())
                    .filteredOn(line -> line.contains(":" + server.address().getPort() + " "))
                    .as("report()'s line for the live server %s, beside a dead one: its stats, not '%s'",
                            server.address(), StatsView.UNAVAILABLE)
                    .singleElement().asString().contains("memcached ").doesNotContain(StatsView.UNAVAILABLE);
        } finally {
            client.shutdown();
        }
    }

    @Test
    @Tag("task:3")
    void two_hits_and_one_miss_add_exactly_two_hits_and_one_miss(@Dedicated MemcachedServer own) throws Exception {
        // a server of the test's own: nothing else can move its counters between the two snapshots
        RawInspector inspector = new RawInspector(own.address());
        MemcachedClient client = new MemcachedClient(own.address());
        try {
            client.set("k07:a", 60, "1").get();
            client.set("k07:b", 60, "2").get();
            // traffic before the first snapshot: a rate over the server's whole life would count it
            for (int i = 0; i < 4; i++) {
                client.get("k07:earlier-miss");
            }
            client.get("k07:a");
            ServerStats before = StatsView.parse(inspector.stats());

            client.get("k07:a");
            client.get("k07:b");
            client.get("k07:missing");
            HitRate rate = StatsView.hitRate(before, StatsView.parse(inspector.stats()));

            assertThat(rate.hits()).as("hits: get_hits after - before, for 2 gets of present keys (the server has"
                    + " counted %d hits since it started)", before.getHits() + 2).isEqualTo(2);
            assertThat(rate.misses()).as("misses: get_misses after - before, for 1 get of a missing key")
                    .isEqualTo(1);
            assertThat(rate.gets()).as("gets: cmd_get after - before, for 3 gets").isEqualTo(3);
            assertThat(rate.ratio()).as("ratio: hits / (hits + misses) = 2 / 3").isPresent();
            assertThat(rate.ratio().getAsDouble()).as("ratio: hits / (hits + misses) between the snapshots, not"
                    + " since the server started").isCloseTo(2.0 / 3, within(1e-9));
        } finally {
            client.shutdown();
        }
    }

    @Test
    @Tag("task:3")
    void the_rate_counts_only_what_happened_between_the_snapshots() {
        ServerStats before = new ServerStats("1.6.18", 86_400, 12.0, 5, 1_000, 9_000, 8_550, 450);
        ServerStats after = new ServerStats("1.6.18", 86_460, 12.1, 5, 1_000, 9_010, 8_552, 458);

        HitRate rate = StatsView.hitRate(before, after);

        assertThat(rate)
                .as("hitRate(before, after) of a server at 95 %% since it started and at 20 %% in the last minute:"
                        + " subtract before from after, counter by counter")
                .extracting(HitRate::gets, HitRate::hits, HitRate::misses).containsExactly(10L, 2L, 8L);
        assertThat(rate.ratio().orElse(Double.NaN)).as("ratio of hitRate(before, after): +2 hits, +8 misses")
                .isCloseTo(0.2, within(1e-9));
    }

    @Test
    @Tag("task:3")
    void no_gets_give_no_hit_rate_rather_than_a_division_by_zero() {
        ServerStats snapshot = new ServerStats("1.6.18", 100, 0.5, 2, 10, 40, 30, 10);

        HitRate rate = StatsView.hitRate(snapshot, snapshot);

        assertThat(rate.gets()).as("gets between a snapshot and itself").isZero();
        assertThat(rate.ratio())
                .as("ratio with 0 hits and 0 misses: 0 / 0 has no answer; empty, not NaN and not an exception")
                .isEmpty();
    }

    @Test
    @Tag("task:3")
    void only_misses_give_a_rate_of_zero_and_only_hits_a_rate_of_one() {
        ServerStats before = new ServerStats("1.6.18", 100, 0.5, 2, 10, 40, 30, 10);
        ServerStats threeMisses = new ServerStats("1.6.18", 101, 0.5, 2, 10, 43, 30, 13);
        ServerStats threeHits = new ServerStats("1.6.18", 101, 0.5, 2, 10, 43, 33, 10);

        assertThat(StatsView.hitRate(before, threeMisses).ratio())
                .as("ratio after 0 hits and 3 misses: a rate of 0, which is an answer (empty is for no gets at all)")
                .hasValue(0.0);
        assertThat(StatsView.hitRate(before, threeHits).ratio()).as("ratio after 3 hits and 0 misses").hasValue(1.0);
    }

    static Stream<Arguments> restarts() {
        ServerStats before = new ServerStats("1.6.18", 5_000, 2.0, 2, 10, 400, 300, 100);
        return Stream.of(
                arguments(Named.of("every counter fell", before),
                        new ServerStats("1.6.18", 3, 0.01, 1, 0, 0, 0, 0)),
                arguments(Named.of("only cmd_get fell", before),
                        new ServerStats("1.6.18", 5_100, 2.1, 2, 10, 399, 320, 110)),
                arguments(Named.of("only get_hits fell", before),
                        new ServerStats("1.6.18", 5_100, 2.1, 2, 10, 420, 290, 130)),
                arguments(Named.of("only get_misses fell", before),
                        new ServerStats("1.6.18", 5_100, 2.1, 2, 10, 420, 380, 40)),
                arguments(Named.of("only the uptime fell: busy since the restart", before),
                        new ServerStats("1.6.18", 60, 0.3, 2, 10, 900, 700, 200)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("restarts")
    @Tag("task:3")
    void a_restart_between_the_snapshots_is_an_error_not_a_rate(ServerStats before, ServerStats after) {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("hitRate(before, after) across a restart: check the uptime and each of the three counters; any"
                        + " one that went down means the deltas mean nothing (before %s, after %s)", before, after)
                .isThrownBy(() -> StatsView.hitRate(before, after)).withMessageContaining("restart");
    }
}
