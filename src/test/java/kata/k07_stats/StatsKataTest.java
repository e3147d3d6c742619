package kata.k07_stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MemcachedExtension.class)
@DisplayName("k07 · Stats and hit rate")
class StatsKataTest {

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
        assertThat(stats.cmdGet()).as("cmd_get \"%s\"", raw.get("cmd_get")).isEqualTo(Long.parseLong(raw.get("cmd_get")));
        assertThat(stats.getHits()).as("get_hits \"%s\"", raw.get("get_hits"))
                .isEqualTo(Long.parseLong(raw.get("get_hits")));
        assertThat(stats.getMisses()).as("get_misses \"%s\"", raw.get("get_misses"))
                .isEqualTo(Long.parseLong(raw.get("get_misses")));
    }

    @Test
    @Tag("task:1")
    void a_missing_stat_is_named_in_the_error(MemcachedServer server) {
        Map<String, String> raw = new HashMap<>(new RawInspector(server.address()).stats());
        raw.remove("get_hits");

        assertThatExceptionOfType(IllegalArgumentException.class).as("parse(stats without get_hits)")
                .isThrownBy(() -> StatsView.parse(raw)).withMessageContaining("get_hits");
    }

    @Test
    @Tag("task:1")
    void a_stat_that_is_not_a_number_is_named_in_the_error(MemcachedServer server) {
        Map<String, String> raw = new HashMap<>(new RawInspector(server.address()).stats());
        raw.put("cmd_get", "three");

        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("parse(stats with cmd_get=\"three\"): say which stat, not just NumberFormatException's"
                        + " 'For input string'")
                .isThrownBy(() -> StatsView.parse(raw)).withMessageContaining("cmd_get");
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
    void a_dead_server_is_reported_unavailable_never_a_null_pointer(MemcachedServer server) throws IOException {
        InetSocketAddress dead = Addresses.nothingListening();
        // two nodes, one of them nowhere; a short timeout so the dead one costs half a second, not 2.5 s
        MemcachedClient client = new MemcachedClient(new ConnectionFactoryBuilder().setOpTimeout(500).build(),
                List.of(server.address(), dead));
        try {
            StatsView view = new StatsView(client);

            Map<SocketAddress, Optional<ServerStats>> byServer = view.byServer();
            assertThat(byServer.get(dead))
                    .as("byServer().get(%s), where nothing listens: getStats() gives it an empty map; say"
                            + " 'no stats' with Optional.empty()", dead)
                    .isEmpty();
            assertThat(byServer.get(server.address())).as("byServer().get(%s), the live server", server.address())
                    .isPresent();

            String report = view.report();
            assertThat(report.lines())
                    .as("report() for a live and a dead server: one line per server (%s)", report).hasSize(2)
                    .filteredOn(line -> line.contains(":" + dead.getPort()))
                    .as("report()'s line for the dead server %s", dead)
                    .singleElement().asString().contains(StatsView.UNAVAILABLE);
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
            ServerStats before = StatsView.parse(inspector.stats());

            client.get("k07:a");
            client.get("k07:b");
            client.get("k07:missing");
            HitRate rate = StatsView.hitRate(before, StatsView.parse(inspector.stats()));

            assertThat(rate.hits()).as("hits: get_hits after - before, for 2 gets of present keys").isEqualTo(2);
            assertThat(rate.misses()).as("misses: get_misses after - before, for 1 get of a missing key")
                    .isEqualTo(1);
            assertThat(rate.gets()).as("gets: cmd_get after - before, for 3 gets").isEqualTo(3);
            assertThat(rate.ratio()).as("ratio: hits / (hits + misses) = 2 / 3").isPresent();
            assertThat(rate.ratio().getAsDouble()).as("ratio: hits / (hits + misses)").isCloseTo(2.0 / 3,
                    within(1e-9));
        } finally {
            client.shutdown();
        }
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
    void counters_that_went_down_mean_a_restart_not_a_negative_rate() {
        ServerStats before = new ServerStats("1.6.18", 5_000, 2.0, 2, 10, 400, 300, 100);
        ServerStats after = new ServerStats("1.6.18", 3, 0.01, 1, 0, 0, 0, 0);

        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("hitRate(before, after) when after's counters are lower (uptime 5000 s, then 3 s)")
                .isThrownBy(() -> StatsView.hitRate(before, after)).withMessageContaining("restart");
    }
}
