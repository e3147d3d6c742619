package kata.k17_consistent_hashing;

import static java.util.stream.Collectors.toSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import kata.support.Addresses;
import kata.support.Dedicated;
import kata.support.MemcachedExtension;
import kata.support.MemcachedServer;
import kata.support.RawInspector;
import kata.support.StoredItem;
import net.spy.memcached.ArrayModNodeLocator;
import net.spy.memcached.DefaultHashAlgorithm;
import net.spy.memcached.KetamaNodeKeyFormatter;
import net.spy.memcached.KetamaNodeLocator;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.MemcachedNode;
import net.spy.memcached.NodeLocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(MemcachedExtension.class)
@DisplayName("k17 · Consistent hashing")
class ConsistentHashingKataTest {

    /** Generous: a measurement's getBulk of 3000 keys must not time out on a busy machine. */
    private static final Duration OP_TIMEOUT = Duration.ofSeconds(2);
    /** Short: how long a set to a server that is down waits before it gives up. */
    private static final Duration SHORT_TIMEOUT = Duration.ofMillis(200);
    /** Keys a measurement writes: enough that the fraction that moves is the servers' shares, give or take 0.01. */
    private static final int MEASURED_KEYS = 3000;
    /** Keys the continuum is compared on: no real server, so many are cheap. */
    private static final int SAMPLE_KEYS = 20_000;

    /**
     * Four servers of this class's own, started by the first test that needs real ones (the continuum's tests need
     * none): the cluster is a, b and c; d is the one added. No test changes them.
     */
    private static final List<MemcachedServer> CLUSTER = new ArrayList<>();
    private static InetSocketAddress a;
    private static InetSocketAddress b;
    private static InetSocketAddress c;
    private static InetSocketAddress d;

    /** Four addresses for the continuum, which connects to nothing: the same ring every run. */
    private static final InetSocketAddress CACHE_A = named("cache-a", 10, 0, 0, 1, 11211);
    private static final InetSocketAddress CACHE_B = named("cache-b", 10, 0, 0, 2, 11211);
    private static final InetSocketAddress CACHE_C = named("cache-c", 10, 0, 0, 3, 11211);
    private static final InetSocketAddress CACHE_D = named("cache-d", 10, 0, 0, 4, 11211);

    private final List<MemcachedClient> opened = new ArrayList<>();

    private static void startCluster() {
        if (CLUSTER.isEmpty()) {
            for (int i = 0; i < 4; i++) {
                CLUSTER.add(MemcachedServer.dedicated());
            }
            a = CLUSTER.get(0).address();
            b = CLUSTER.get(1).address();
            c = CLUSTER.get(2).address();
            d = CLUSTER.get(3).address();
        }
    }

    @AfterAll
    static void stopCluster() {
        CLUSTER.forEach(MemcachedServer::close);
        CLUSTER.clear();
    }

    @AfterEach
    void shutDownClients() {
        // spymemcached's IO thread is not a daemon: every client a test opened must go
        opened.forEach(MemcachedClient::shutdown);
    }

    // ---- task 1: clients of a cluster -----------------------------------------------------------------------------

    @Test
    @Tag("task:1")
    void the_consistent_client_locates_keys_with_ketama_and_the_modulo_client_does_not() throws IOException {
        startCluster();
        NodeLocator consistent = open(Clusters.consistent(List.of(a, b, c), OP_TIMEOUT)).getNodeLocator();
        NodeLocator modulo = open(Clusters.modulo(List.of(a, b, c), OP_TIMEOUT)).getNodeLocator();

        assertThat(consistent).as("Clusters.consistent(a, b, c).getNodeLocator(): a KetamaNodeLocator. The builder's"
                + " default locator is ARRAY_MOD, and new ConnectionFactoryBuilder(new KetamaConnectionFactory())"
                + " keeps it: say setLocatorType(Locator.CONSISTENT)").isInstanceOf(KetamaNodeLocator.class);
        assertThat(modulo).as("Clusters.modulo(a, b, c).getNodeLocator(): spymemcached's default, hash modulo the"
                + " number of servers").isInstanceOf(ArrayModNodeLocator.class);
    }

    @ParameterizedTest(name = "Clusters.{0}")
    @ValueSource(strings = {"consistent", "modulo"})
    @Tag("task:1")
    void each_client_puts_each_key_on_the_one_server_its_hashing_names(String hashing) throws Exception {
        startCluster();
        List<InetSocketAddress> servers = List.of(a, b, c);
        MemcachedClient client = open(client(hashing, servers, OP_TIMEOUT));
        NodeLocator reference = reference(hashing, servers);
        String rule = hashing.equals("consistent")
                ? "Ketama's (KetamaNodeLocator with DefaultHashAlgorithm.KETAMA_HASH). Locator.CONSISTENT alone still"
                        + " hashes keys with String.hashCode: set the hash too"
                : "servers.get(hash % 3), with spymemcached's default hash (NATIVE_HASH, String.hashCode)";

        for (String key : keys("placed", 60)) {
            client.set(key, 60, key).get();

            assertThat(holders(servers, key)).as("after Clusters.%s(a, b, c).set(%s): the one server that holds it is"
                    + " %s", hashing, key, rule).containsExactly(serverOf(reference, key));
        }
    }

    @ParameterizedTest(name = "Clusters.{0}")
    @ValueSource(strings = {"consistent", "modulo"})
    @Tag("task:1")
    void a_key_whose_server_is_down_goes_to_no_other_server(String hashing) throws Exception {
        startCluster();
        InetSocketAddress down = Addresses.nothingListening();
        List<InetSocketAddress> servers = List.of(a, b, down);
        MemcachedClient client = open(client(hashing, servers, SHORT_TIMEOUT));
        await("the client to connect to a and b, and to find nothing at " + down).atMost(Duration.ofSeconds(10))
                .until(() -> client.getAvailableServers().size() == 2 && client.getUnavailableServers().size() == 1);
        NodeLocator reference = reference(hashing, servers);
        String key = keys("down", 100).stream().filter(k -> serverOf(reference, k).equals(down)).findFirst()
                .orElseThrow();

        Throwable failed = catchThrowable(() -> client.set(key, 60, key).get());

        assertThat(holders(List.of(a, b), key)).as("Clusters.%s(a, b, down).set(%s), a key of the server that is down:"
                + " on no other server. spymemcached's default FailureMode.Redistribute writes it to the next one,"
                + " where no reader looks once its own server is back: setFailureMode(FailureMode.Retry)", hashing,
                key).isEmpty();
        assertThat(failed).as("set(%s) to a server that is down: it times out, it is never STORED", key)
                .isNotNull();
    }

    @ParameterizedTest(name = "{0} ms")
    @ValueSource(longs = {1, 500, 1234})
    @Tag("task:1")
    void both_clients_use_the_operation_timeout_they_are_given(long millis) throws IOException {
        startCluster();
        Duration timeout = Duration.ofMillis(millis);

        assertThat(open(Clusters.consistent(List.of(a, b, c), timeout)).getOperationTimeout())
                .as("Clusters.consistent(…, %s).getOperationTimeout(): new KetamaConnectionFactory() alone keeps"
                        + " spymemcached's 2500 ms", timeout).isEqualTo(millis);
        assertThat(open(Clusters.modulo(List.of(a, b, c), timeout)).getOperationTimeout())
                .as("Clusters.modulo(…, %s).getOperationTimeout()", timeout).isEqualTo(millis);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"PT0S", "PT-1S", "PT0.0005S"})
    @Tag("task:1")
    void an_operation_timeout_under_a_millisecond_is_refused(String text) {
        startCluster();
        Duration timeout = Duration.parse(text);

        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("Clusters.consistent(…, %s): spymemcached counts whole milliseconds; refuse it naming opTimeout",
                        timeout)
                .isThrownBy(() -> open(Clusters.consistent(List.of(a), timeout))).withMessageContaining("opTimeout");
        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("Clusters.modulo(…, %s)", timeout)
                .isThrownBy(() -> open(Clusters.modulo(List.of(a), timeout))).withMessageContaining("opTimeout");
    }

    // ---- task 2: measured on real servers -------------------------------------------------------------------------

    @Test
    @Tag("task:2")
    void write_returns_once_every_key_is_stored_with_its_own_name() throws Exception {
        startCluster();
        List<InetSocketAddress> servers = List.of(a, b, c);
        List<String> keys = keys("written", 30);

        Remapping.write(open(Clusters.consistent(servers, OP_TIMEOUT)), keys);

        NodeLocator ketama = ketama(servers);
        for (String key : keys) {
            // no wait here: write's answer is that memcached has answered every set
            Optional<StoredItem> item = new RawInspector(serverOf(ketama, key)).inspect(key);
            assertThat(item.map(StoredItem::valueAsUtf8)).as("right after Remapping.write(…) returned, %s on its"
                    + " server: its own name, stored (wait for every set's future)", key).contains(key);
            assertThat(item.get().flags()).as("%s is written as a String (flags 0)", key).isZero();
        }
    }

    @Test
    @Tag("task:2")
    void removing_one_of_three_servers_moves_about_a_third_of_the_keys_with_ketama() throws Exception {
        double moved = measure("consistent", List.of(a, b, c), List.of(a, b));

        assertThat(moved).as("with Ketama, only the removed server's keys move: its share of the ring, about 1/3")
                .isBetween(0.22, 0.45);
    }

    @Test
    @Tag("task:2")
    void removing_one_of_three_servers_moves_about_two_thirds_of_the_keys_with_modulo() throws Exception {
        double moved = measure("modulo", List.of(a, b, c), List.of(a, b));

        assertThat(moved).as("with hash %% 3 then hash %% 2, a key stays only when both give the same one of the two"
                + " servers left: 2 residues of 6, so about 2/3 move").isBetween(0.6, 0.73);
    }

    @Test
    @Tag("task:2")
    void adding_a_fourth_server_moves_about_a_quarter_of_the_keys_with_ketama() throws Exception {
        double moved = measure("consistent", List.of(a, b, c), List.of(a, b, c, d));

        assertThat(moved).as("with Ketama, only the keys the new server takes move: its share, about 1/4")
                .isBetween(0.15, 0.36);
    }

    @Test
    @Tag("task:2")
    void adding_a_fourth_server_moves_about_three_quarters_of_the_keys_with_modulo() throws Exception {
        double moved = measure("modulo", List.of(a, b, c), List.of(a, b, c, d));

        assertThat(moved).as("with hash %% 3 then hash %% 4, a key stays only when both agree: 3 residues of 12, so"
                + " about 3/4 move").isBetween(0.7, 0.8);
    }

    @Test
    @Tag("task:2")
    void a_killed_server_takes_only_its_own_keys_with_it_with_ketama(@Dedicated MemcachedServer doomed)
            throws Exception {
        startCluster();
        InetSocketAddress x = doomed.address();
        List<String> keys = keys("killed", MEASURED_KEYS);
        MemcachedClient before = open(Clusters.consistent(List.of(a, b, x), OP_TIMEOUT));
        Remapping.write(before, keys);
        before.shutdown();

        doomed.stop();
        double moved = Remapping.movedFraction(open(Clusters.consistent(List.of(a, b), OP_TIMEOUT)), keys);

        NodeLocator was = ketama(List.of(a, b, x));
        long itsKeys = keys.stream().filter(key -> serverOf(was, key).equals(x)).count();
        assertThat(moved).as("Remapping.movedFraction(client of a and b, %d keys written to a, b and x) after x was"
                + " killed: the %d keys x held, of %d, and no other", keys.size(), itsKeys, keys.size())
                .isCloseTo((double) itsKeys / keys.size(), within(1e-9));
        System.out.printf(Locale.ROOT, "k17 · x killed, ketama: %.3f of %d keys moved, the %d x held%n", moved,
                keys.size(), itsKeys);
    }

    @Test
    @Tag("task:2")
    void measuring_no_keys_is_refused(MemcachedClient client) {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("Remapping.movedFraction(…, no keys): a fraction of nothing is no measurement")
                .isThrownBy(() -> Remapping.movedFraction(client, List.of())).withMessageContaining("no keys");
    }

    // ---- task 3: the continuum's points ---------------------------------------------------------------------------

    static Stream<InetSocketAddress> addresses() {
        return Stream.of(new InetSocketAddress("127.0.0.1", 11211), new InetSocketAddress("localhost", 40001),
                named("cache-1", 10, 0, 0, 1, 11211));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("addresses")
    @Tag("task:3")
    void a_node_key_is_the_address_as_spymemcached_prints_it_then_the_repetition(InetSocketAddress server) {
        KetamaNodeKeyFormatter spymemcached = new KetamaNodeKeyFormatter();
        MemcachedNode node = node(server);

        for (int repetition : new int[] {0, 1, 39}) {
            assertThat(Continuum.nodeKey(server, repetition)).as("nodeKey(%s, %d): String.valueOf(address) without"
                    + " its leading /, a dash, the repetition (KetamaNodeKeyFormatter, Format.SPYMEMCACHED)", server,
                    repetition).isEqualTo(spymemcached.getKeyForNode(node, repetition));
        }
    }

    @Test
    @Tag("task:3")
    void the_hash_of_a_key_is_the_first_four_bytes_of_its_md5_read_little_endian() {
        List<String> keys = new ArrayList<>(List.of("", "k17:user:1", "k17:usuário:joão", "k17:" + "x".repeat(240)));
        keys.addAll(sampleKeys(1000));

        for (String key : keys) {
            assertThat(Continuum.hash(key)).as("hash(\"%s\"): bytes 3, 2, 1, 0 of MD5(UTF-8 bytes), each & 0xFF,"
                    + " as an unsigned 32-bit number (DefaultHashAlgorithm.KETAMA_HASH)", key)
                    .isEqualTo(DefaultHashAlgorithm.KETAMA_HASH.hash(key));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("addresses")
    @Tag("task:3")
    void a_server_has_160_points_four_from_each_digest_of_its_node_keys(InetSocketAddress server) {
        List<Long> points = Continuum.pointsOf(server);

        assertThat(points).as("pointsOf(%s): 160 points (40 MD5 digests, 4 words each)", server).hasSize(160);
        assertThat(new HashSet<>(points)).as("pointsOf(%s): 160 different points", server).hasSize(160);
        assertThat(points).as("pointsOf(%s): positions on a ring of 2^32", server)
                .allMatch(point -> point >= 0 && point < (1L << 32));
        for (int i = 0; i < 40; i++) {
            assertThat(points.get(4 * i)).as("pointsOf(%s).get(%d): the first word of MD5(nodeKey(server, %d)), read"
                    + " as hash reads a key's", server, 4 * i, i)
                    .isEqualTo(Continuum.hash(Continuum.nodeKey(server, i)));
        }
    }

    // ---- task 4: a key's server on the ring -----------------------------------------------------------------------

    static Stream<Arguments> clusters() {
        List<InetSocketAddress> ten = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            ten.add(named("cache-" + i, 10, 0, 0, i, 11211));
        }
        return Stream.of(
                Arguments.of("one server", List.of(new InetSocketAddress("127.0.0.1", 11211))),
                Arguments.of("three ports of one host", IntStream.rangeClosed(11211, 11213)
                        .mapToObj(port -> new InetSocketAddress("127.0.0.1", port)).toList()),
                Arguments.of("four servers by name", IntStream.rangeClosed(40001, 40004)
                        .mapToObj(port -> new InetSocketAddress("localhost", port)).toList()),
                Arguments.of("ten servers", ten));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clusters")
    @Tag("task:4")
    void the_continuum_picks_the_server_spymemcached_picks_for_every_key(String name,
                                                                         List<InetSocketAddress> servers) {
        Continuum continuum = new Continuum(servers);
        NodeLocator ketama = ketama(servers);

        for (String key : sampleKeys(SAMPLE_KEYS)) {
            InetSocketAddress expected = serverOf(ketama, key);
            assertThat(continuum.serverFor(key)).as("serverFor(%s) over %s (hash %d): the server of the first point at"
                    + " or after the hash, or of the ring's first point past the last one (KetamaNodeLocator)", key,
                    servers, Continuum.hash(key)).isEqualTo(expected);
        }
    }

    @Test
    @Tag("task:4")
    void the_order_the_servers_are_listed_in_does_not_matter() {
        Continuum listed = new Continuum(List.of(CACHE_A, CACHE_B, CACHE_C, CACHE_D));
        Continuum reversed = new Continuum(List.of(CACHE_D, CACHE_C, CACHE_B, CACHE_A));

        for (String key : sampleKeys(SAMPLE_KEYS)) {
            assertThat(reversed.serverFor(key)).as("serverFor(%s) over d, c, b, a and over a, b, c, d: the ring is made"
                    + " of the servers' own points, not of their places in the list", key)
                    .isEqualTo(listed.serverFor(key));
        }
    }

    @Test
    @Tag("task:4")
    void removing_a_server_moves_only_the_keys_it_held() {
        Set<InetSocketAddress> movedFrom = moves(new Continuum(List.of(CACHE_A, CACHE_B, CACHE_C)),
                new Continuum(List.of(CACHE_A, CACHE_B))).stream().map(move -> move.get(0)).collect(toSet());

        assertThat(movedFrom).as("the servers that lost keys when c was removed: only c, whose points left the ring;"
                + " every other point, and every key before it, stays").containsExactly(CACHE_C);
    }

    @Test
    @Tag("task:4")
    void adding_a_server_moves_keys_only_to_it() {
        Set<InetSocketAddress> movedTo = moves(new Continuum(List.of(CACHE_A, CACHE_B, CACHE_C)),
                new Continuum(List.of(CACHE_A, CACHE_B, CACHE_C, CACHE_D))).stream().map(move -> move.get(1))
                .collect(toSet());

        assertThat(movedTo).as("the servers that gained keys when d was added: only d, whose new points each take"
                + " the keys just before them").containsExactly(CACHE_D);
    }

    @Test
    @Tag("task:4")
    void the_shares_of_the_ring_add_up_to_all_of_it() {
        Continuum three = new Continuum(List.of(CACHE_A, CACHE_B, CACHE_C));

        assertThat(three.shareOf(CACHE_A) + three.shareOf(CACHE_B) + three.shareOf(CACHE_C))
                .as("shareOf(a) + shareOf(b) + shareOf(c): the whole ring, the positions past the last point included")
                .isCloseTo(1.0, within(1e-12));
        assertThat(new Continuum(List.of(CACHE_D)).shareOf(CACHE_D)).as("shareOf(d) in a continuum of d alone")
                .isCloseTo(1.0, within(1e-12));
    }

    @Test
    @Tag("task:4")
    void a_servers_share_of_the_ring_is_the_share_of_the_keys_it_gets() {
        List<InetSocketAddress> servers = IntStream.rangeClosed(40001, 40004)
                .mapToObj(port -> new InetSocketAddress("localhost", port)).toList();
        Continuum continuum = new Continuum(servers);
        List<String> keys = sampleKeys(5 * SAMPLE_KEYS);
        Map<InetSocketAddress, Integer> counts = new HashMap<>();
        keys.forEach(key -> counts.merge(continuum.serverFor(key), 1, Integer::sum));

        for (InetSocketAddress server : servers) {
            double got = (double) counts.getOrDefault(server, 0) / keys.size();
            assertThat(continuum.shareOf(server)).as("shareOf(%s): each point owns the positions from the point before"
                    + " it (exclusive) to itself, as serverFor gives them; %s got %.4f of %d keys", server, server, got,
                    keys.size()).isCloseTo(got, within(0.01));
        }
    }

    @Test
    @Tag("task:4")
    void the_share_of_the_ring_is_what_moves_when_the_server_goes() throws Exception {
        startCluster();
        double share = new Continuum(List.of(a, b, c)).shareOf(c);
        List<String> keys = keys("explained", MEASURED_KEYS);
        Remapping.write(open(Clusters.consistent(List.of(a, b, c), OP_TIMEOUT)), keys);

        double moved = Remapping.movedFraction(open(Clusters.consistent(List.of(a, b), OP_TIMEOUT)), keys);

        assertThat(share).as("shareOf(c) of the continuum of a, b and c, against the %.3f of %d keys measured moving"
                + " when c was removed: the keys that move are those c's arcs held", moved, keys.size())
                .isCloseTo(moved, within(0.05));
        System.out.printf(Locale.ROOT, "k17 · c owns %.3f of the ring of a, b and c; %.3f of %d keys moved when it"
                + " went%n", share, moved, keys.size());
    }

    @Test
    @Tag("task:4")
    void the_share_of_a_server_the_continuum_does_not_have_is_refused() {
        Continuum continuum = new Continuum(List.of(CACHE_A, CACHE_B));

        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("shareOf(c) of the continuum of a and b: c is not on this ring; refuse it, naming it")
                .isThrownBy(() -> continuum.shareOf(CACHE_C)).withMessageContaining("cache-c");
    }

    @Test
    @Tag("task:4")
    void a_continuum_of_no_server_is_refused() {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("new Continuum(no servers): no key would have a server")
                .isThrownBy(() -> new Continuum(List.of())).withMessageContaining("at least one server");
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    /**
     * Writes {@value #MEASURED_KEYS} keys through {@code Clusters.<hashing>} over {@code was}, measures through a
     * client over {@code is}, and checks the measurement against what spymemcached's own locators say must move.
     */
    private double measure(String hashing, List<InetSocketAddress> was, List<InetSocketAddress> is) throws Exception {
        startCluster();
        List<String> keys = keys(hashing, MEASURED_KEYS);
        Remapping.write(open(client(hashing, was, OP_TIMEOUT)), keys);

        double moved = Remapping.movedFraction(open(client(hashing, is, OP_TIMEOUT)), keys);

        NodeLocator before = reference(hashing, was);
        NodeLocator after = reference(hashing, is);
        long relocated = keys.stream().filter(key -> !serverOf(before, key).equals(serverOf(after, key))).count();
        assertThat(moved).as("Remapping.movedFraction(client of %d servers, %d keys written through a client of %d):"
                + " the %d keys whose server changed, over all %d keys. Read each key back with a get of its own: a"
                + " miss has moved (getBulk asks another server for the keys of one it has not connected to yet)",
                is.size(), keys.size(), was.size(), relocated, keys.size())
                .isCloseTo((double) relocated / keys.size(), within(1e-9));
        System.out.printf(Locale.ROOT, "k17 · %d → %d servers, %s: %.3f of %d keys moved%n", was.size(), is.size(),
                hashing.equals("consistent") ? "ketama" : "modulo", moved, keys.size());
        return moved;
    }

    /** {@code Clusters.consistent} or {@code Clusters.modulo}, as {@code hashing} names it. */
    private static MemcachedClient client(String hashing, List<InetSocketAddress> servers, Duration opTimeout)
            throws IOException {
        return hashing.equals("consistent") ? Clusters.consistent(servers, opTimeout)
                : Clusters.modulo(servers, opTimeout);
    }

    /** spymemcached's own placement for {@code Clusters.<hashing>}: what the kata's clients are held to. */
    private static NodeLocator reference(String hashing, List<InetSocketAddress> servers) {
        return hashing.equals("consistent") ? ketama(servers) : modulo(servers);
    }

    private MemcachedClient open(MemcachedClient client) {
        opened.add(client);
        return client;
    }

    /** {@code count} keys of this kata no other test or run uses. */
    private static List<String> keys(String name, int count) {
        String run = "k17:" + name + ":" + UUID.randomUUID() + ":";
        return IntStream.range(0, count).mapToObj(i -> run + i).toList();
    }

    /** The same {@code count} keys every run: the continuum's tests ask no server, so no other run can see them. */
    private static List<String> sampleKeys(int count) {
        return IntStream.range(0, count).mapToObj(i -> "k17:sample:" + i).toList();
    }

    /** Each way the sample's keys went from {@code before} to {@code after}: (the server it left, the one it took). */
    private static Set<List<InetSocketAddress>> moves(Continuum before, Continuum after) {
        Set<List<InetSocketAddress>> moves = new HashSet<>();
        for (String key : sampleKeys(SAMPLE_KEYS)) {
            if (!before.serverFor(key).equals(after.serverFor(key))) {
                moves.add(List.of(before.serverFor(key), after.serverFor(key)));
            }
        }
        return moves;
    }

    /** The servers that hold {@code key}, asked one by one, past any client. */
    private static List<InetSocketAddress> holders(List<InetSocketAddress> servers, String key) {
        return servers.stream().filter(server -> new RawInspector(server).inspect(key).isPresent()).toList();
    }

    /** {@code host} at the IPv4 address {@code b0.b1.b2.b3}, no name looked up: it prints as {@code host/b0.b1…}. */
    private static InetSocketAddress named(String host, int b0, int b1, int b2, int b3, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(host, new byte[] {(byte) b0, (byte) b1, (byte) b2,
                    (byte) b3}), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("four bytes are an IPv4 address", e);
        }
    }

    /** spymemcached's Ketama over {@code servers}: the reference the katas' clients and continuum are held to. */
    private static NodeLocator ketama(List<InetSocketAddress> servers) {
        return new KetamaNodeLocator(nodes(servers), DefaultHashAlgorithm.KETAMA_HASH);
    }

    /** spymemcached's default placement over {@code servers}: {@code String.hashCode} modulo their number. */
    private static NodeLocator modulo(List<InetSocketAddress> servers) {
        return new ArrayModNodeLocator(nodes(servers), DefaultHashAlgorithm.NATIVE_HASH);
    }

    private static InetSocketAddress serverOf(NodeLocator locator, String key) {
        return (InetSocketAddress) locator.getPrimary(key).getSocketAddress();
    }

    private static List<MemcachedNode> nodes(List<InetSocketAddress> servers) {
        return servers.stream().map(ConsistentHashingKataTest::node).toList();
    }

    /** A node with an address and nothing else: all spymemcached's locators ask of one, with no connection made. */
    private static MemcachedNode node(InetSocketAddress address) {
        return (MemcachedNode) Proxy.newProxyInstance(MemcachedNode.class.getClassLoader(),
                new Class<?>[] {MemcachedNode.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getSocketAddress" -> address;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "node " + address;
                    default -> throw new UnsupportedOperationException("a locator asked a node for " + method);
                });
    }
}
