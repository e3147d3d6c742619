package kata.k06_sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kata.shared.SessionData;
import kata.shared.UnreadableValueException;
import kata.support.Addresses;
import kata.support.MemcachedExtension;
import kata.support.MemcachedServer;
import kata.support.RawInspector;
import kata.support.StoredItem;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.OperationTimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(MemcachedExtension.class)
@DisplayName("k06 · Login sessions")
class SessionsKataTest {

    private static final String PREFIX = "k06:session:";
    private static final SessionData ADMIN = new SessionData(456, "admin", 1_700_000_000L);
    /** The seed's {@code json.dumps(session_data)} of {@link #ADMIN}: a space after every ':' and ','. */
    private static final String SEED_ADMIN = "{\"user_id\": 456, \"username\": \"admin\", \"login_time\": 1700000000}";
    /** Well-formed (22 base64url characters) and never created: a session id nobody has. */
    private static final String UNKNOWN_ID = "unknownSessionId000000";
    /** Counters that grow with any get, touch, delete or store that reaches the server. */
    private static final List<String> COMMAND_STATS = List.of("cmd_get", "cmd_touch", "cmd_set", "delete_hits",
            "delete_misses");
    private static final String ID_SHAPE = "[A-Za-z0-9_-]{22}";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom TEST_IDS = new SecureRandom();

    /** What the store told its {@code onUnreadable}. */
    private record Report(String key, UnreadableValueException reason) {
    }

    private final List<Report> reported = new ArrayList<>();
    private MemcachedClient client;
    private RawInspector inspector;
    private SessionStore sessions;

    @BeforeEach
    void connect(MemcachedClient client, MemcachedServer server) {
        this.client = client;
        this.inspector = new RawInspector(server.address());
        this.sessions = new SessionStore(client, PREFIX, this::report);
    }

    @Test
    @Tag("task:1")
    void an_id_is_22_url_safe_characters_carrying_128_random_bits() {
        String id = sessions.newId();

        assertThat(id).as("newId() = \"%s\": base64url without padding, 22 characters of A-Z a-z 0-9 - _", id)
                .matches("[A-Za-z0-9_-]{22}");
        assertThat(Base64.getUrlDecoder().decode(id))
                .as("newId() = \"%s\" decoded: 16 bytes = 128 bits, too many to guess", id).hasSize(16);
    }

    @Test
    @Tag("task:1")
    void an_id_is_the_16_bytes_the_stores_secure_random_gave() {
        RecordingRandom random = new RecordingRandom();
        SessionStore store = new SessionStore(client, PREFIX, this::report, random);

        String id = store.newId();

        assertThat(id).as("newId() = \"%s\": base64url without padding, 22 characters of A-Z a-z 0-9 - _", id)
                .matches(ID_SHAPE);
        assertThat(Base64.getUrlDecoder().decode(id))
                .as("newId() = \"%s\" decoded, against what the store's SecureRandom gave (the test handed the store"
                        + " its own): take the 16 bytes from random.nextBytes, never from Random, ThreadLocalRandom,"
                        + " a UUID, a counter or the clock", id)
                .isEqualTo(random.given());
    }

    @Test
    @Tag("task:1")
    void an_id_cannot_be_predicted_from_the_one_before_it() {
        String first = sessions.newId();
        String second = sessions.newId();
        assertThat(List.of(first, second)).as("two ids from newId()").allMatch(id -> id.matches(ID_SHAPE));

        Optional<String> predicted = JavaUtilRandomAttack.nextIdAfter(first);

        assertThat(second)
                .as("newId() after newId() = \"%s\": the attack recovered java.util.Random's 48-bit state from that"
                        + " id's first 8 bytes and predicted this one exactly; anyone with one cookie gets everyone"
                        + " else's session. Use the store's SecureRandom", first)
                .isNotEqualTo(predicted.orElse(null));
    }

    @Test
    @Tag("task:1")
    void ten_thousand_ids_are_all_different() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(sessions.newId());
        }

        assertThat(ids).as("distinct ids among 10,000 x newId(): use SecureRandom, never a counter or the clock")
                .hasSize(10_000);
    }

    @Test
    @Tag("task:2")
    void create_stores_the_session_as_json_for_30_minutes() {
        String id = sessions.create(ADMIN);

        StoredItem item = inspector.awaitStored(PREFIX + id);
        assertThat(item.ttlSeconds())
                .as("TTL of k06:session:<id> after create(…): 30 minutes, the seed's expire=1800 (%s)",
                        item.describe())
                .isBetween(1_790L, 1_800L);
        assertThat(item.flags())
                .as("flags of k06:session:<id> after create(…): store the JSON as a String, flags 0, the text every"
                        + " client reads (%s)", item.describe())
                .isZero();
    }

    @Test
    @Tag("task:2")
    void create_writes_the_seeds_field_names_so_its_python_reads_the_session() {
        String id = sessions.create(ADMIN);

        StoredItem item = inspector.awaitStored(PREFIX + id);
        JsonNode json = storedJson(item);
        List<String> fields = new ArrayList<>();
        json.fieldNames().forEachRemaining(fields::add);
        assertThat(fields)
                .as("fields of the JSON under k06:session:<id>: the seed reads session['user_id'], so write the"
                        + " contract's names with Jackson and SessionData, never Java's userId (%s)", item.describe())
                .containsExactlyInAnyOrder("user_id", "username", "login_time");
        assertThat(json.path("user_id").asLong()).as("user_id in %s", item.describe()).isEqualTo(456);
        assertThat(json.path("username").asText()).as("username in %s", item.describe()).isEqualTo("admin");
        assertThat(json.path("login_time").asLong()).as("login_time in %s", item.describe())
                .isEqualTo(1_700_000_000L);
    }

    @Test
    @Tag("task:2")
    void a_username_with_quotes_and_accents_is_still_json_another_service_can_read() {
        SessionData tricky = new SessionData(7, "João \"Jo\" d'Ávila \\ admin", 1_700_000_007L);

        String id = sessions.create(tricky);

        StoredItem item = inspector.awaitStored(PREFIX + id);
        assertThat(storedJson(item).path("username").asText())
                .as("username in the UTF-8 JSON under k06:session:<id> after create(%s): let Jackson write the JSON,"
                        + " never a hand-made string (%s)", tricky, item.describe())
                .isEqualTo(tricky.username());
    }

    @Test
    @Tag("task:2")
    void create_never_hands_out_an_id_that_is_already_taken() {
        byte[] bits = randomBits();
        String taken = encode(bits);
        byte[] theirs = "{\"user_id\": 789, \"username\": \"maria\", \"login_time\": 1700000789}"
                .getBytes(StandardCharsets.UTF_8);
        inspector.store(PREFIX + taken, theirs, 0);
        SessionStore clashing = new SessionStore(client, PREFIX, this::report, new ScriptedRandom(bits));

        assertThatExceptionOfType(IllegalStateException.class)
                .as("create(%s) when the id it drew already holds another user's session: store with add, not set,"
                        + " and check its answer (false: the key is taken); then throw", ADMIN)
                .isThrownBy(() -> clashing.create(ADMIN)).withMessageContaining("already taken")
                .as("the message of create's IllegalStateException: never the id, it is another user's live session")
                .withMessageNotContaining(taken);
        assertThat(inspector.inspect(PREFIX + taken))
                .as("the other user's k06:session:<id> after create(…) drew its id: exactly as it was")
                .contains(new StoredItem(PREFIX + taken, theirs, 0, -1, theirs.length));
    }

    @Test
    @Tag("task:3")
    void validate_returns_the_data_that_create_stored() {
        String id = sessions.create(ADMIN);

        assertThat(sessions.validate(id)).as("validate(id) of the session create(%s) just made", ADMIN)
                .contains(ADMIN);
    }

    static Stream<Arguments> seedSessions() {
        return Stream.of(
                arguments(Named.of("json.dumps(session_data)", SEED_ADMIN), ADMIN),
                arguments(Named.of("json.dumps with an ASCII escape (ã is \\u00e3)",
                        "{\"user_id\": 457, \"username\": \"Jo\\u00e3o\", \"login_time\": 1700000001}"),
                        new SessionData(457, "João", 1_700_000_001L)),
                arguments(Named.of("a field this service does not know (tolerant reader)",
                        "{\"user_id\": 456, \"username\": \"admin\", \"login_time\": 1700000000,"
                                + " \"csrf_token\": \"c2VjcmV0\"}"), ADMIN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seedSessions")
    @Tag("task:3")
    void a_session_the_seeds_python_wrote_is_read(String json, SessionData expected) {
        String id = freshId();
        inspector.store(PREFIX + id, json.getBytes(StandardCharsets.UTF_8), 0);

        assertThat(sessions.validate(id))
                .as("validate(id) of a session the seed's Python stored: read it with Jackson into SessionData; two"
                        + " services, one cache, one schema (stored: %s, flags 0)", json)
                .contains(expected);
        assertThat(reported).as("values reported unreadable after validate(id) of a session in the contract")
                .isEmpty();
    }

    @Test
    @Tag("task:3")
    void an_unknown_id_gives_an_empty_result() {
        assertThat(sessions.validate(UNKNOWN_ID))
                .as("validate(\"%s\"), a well-formed id no session has: empty, not an exception", UNKNOWN_ID)
                .isEmpty();
    }

    @Test
    @Tag("task:3")
    void an_expired_id_gives_an_empty_result() throws Exception {
        String id = sessions.create(ADMIN);
        // a negative exptime makes memcached treat the item as expired at once: no need to wait 30 minutes
        client.touch(PREFIX + id, -1).get();

        assertThat(sessions.validate(id)).as("validate(id) of a session whose TTL has run out").isEmpty();
    }

    @Test
    @Tag("task:4")
    void validate_slides_the_expiry_back_to_30_minutes() throws Exception {
        String id = sessions.create(ADMIN);
        client.touch(PREFIX + id, 60).get(); // as if the user had been idle for 29 minutes
        StoredItem idle = inspector.awaitStored(PREFIX + id);
        assertThat(idle.ttlSeconds()).as("TTL of k06:session:<id> after the test's touch(key, 60) (%s)",
                idle.describe()).isLessThanOrEqualTo(60L);

        assertThat(sessions.validate(id)).as("validate(id) of a live session").contains(ADMIN);

        await("validate(id) to touch k06:session:<id> back to 30 minutes").atMost(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(inspector.inspect(PREFIX + id).map(StoredItem::ttlSeconds))
                        .as("TTL of k06:session:<id> after validate(id): an active user stays logged in, so touch"
                                + " the key with the full TTL on every access (sliding expiry)")
                        .hasValueSatisfying(ttl -> assertThat(ttl).isBetween(1_790L, 1_800L)));
    }

    @Test
    @Tag("task:5")
    void logout_deletes_the_session() {
        String id = sessions.create(ADMIN);

        assertThat(sessions.logout(id)).as("logout(id) of a live session: true, there was one to end").isTrue();

        assertThat(inspector.inspect(PREFIX + id).map(StoredItem::describe))
                .as("k06:session:<id> after logout(id): deleted, not left to expire").isEmpty();
        assertThat(sessions.validate(id)).as("validate(id) after logout(id)").isEmpty();
    }

    @Test
    @Tag("task:5")
    void logout_of_an_unknown_session_is_not_an_error() {
        assertThat(sessions.logout(UNKNOWN_ID))
                .as("logout(\"%s\") of a session that does not exist: false, no exception", UNKNOWN_ID).isFalse();
    }

    static Stream<Named<String>> malformedIds() {
        return Stream.of(
                Named.of("null", null),
                Named.of("empty", ""),
                Named.of("too short", "abc"),
                Named.of("one character too long", "AAAAAAAAAAAAAAAAAAAAAAA"),
                Named.of("standard base64 + and /, not base64url", "AAAAAAAAAAAAAAAAAAAA+/"),
                Named.of("a space", "AAAAAAAAAAA AAAAAAAAAA"),
                Named.of("CR LF then a command", "x\r\nflush_all\r\nAAAAAAA"),
                Named.of("non-ASCII letters", "ÁÁÁÁÁÁÁÁÁÁÁÁÁÁÁÁÁÁÁÁÁÁ"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedIds")
    @Tag("task:6")
    void a_malformed_id_is_rejected_before_any_cache_call(String id) {
        Map<String, String> before = inspector.stats();

        assertThatExceptionOfType(IllegalArgumentException.class).as("validate(malformed id)")
                .isThrownBy(() -> sessions.validate(id)).withMessageContaining("session id")
                .as("the message of validate(malformed id): describe the id, never echo it (CR/LF in it would forge"
                        + " log lines)").withMessageNotContainingAny("\r", "\n");
        assertThatExceptionOfType(IllegalArgumentException.class).as("logout(malformed id)")
                .isThrownBy(() -> sessions.logout(id)).withMessageContaining("session id");

        Map<String, String> after = inspector.stats();
        for (String stat : COMMAND_STATS) {
            assertThat(after.get(stat))
                    .as("stats %s before and after validate/logout of a malformed id: check the id's shape"
                            + " yourself, before any cache call; user input must never reach the protocol", stat)
                    .isEqualTo(before.get(stat));
        }
    }

    @Test
    @Tag("task:6")
    void a_well_formed_id_with_dashes_and_underscores_is_a_session_id() {
        String id = "-_Ab0-_Yz9-_session-_-";
        inspector.store(PREFIX + id, SEED_ADMIN.getBytes(StandardCharsets.UTF_8), 0);

        assertThatNoException().as("validate(\"%s\"): '-' and '_' are base64url's own characters, not malformed",
                id).isThrownBy(() -> assertThat(sessions.validate(id)).as("validate(\"%s\")", id).contains(ADMIN));
        assertThatNoException().as("logout(\"%s\"): '-' and '_' are base64url's own characters", id)
                .isThrownBy(() -> assertThat(sessions.logout(id)).as("logout(\"%s\")", id).isTrue());
    }

    static Stream<Arguments> unreadableSessions() {
        return Stream.of(
                arguments(Named.of("Python's str(session_data), not json.dumps",
                        "{'user_id': 456, 'username': 'admin', 'login_time': 1700000000}"), 0),
                arguments(Named.of("the old Java names userId and loginEpochSecond",
                        "{\"userId\":456,\"username\":\"admin\",\"loginEpochSecond\":1700000000}"), 0),
                arguments(Named.of("a session without its user_id",
                        "{\"username\": \"admin\", \"login_time\": 1700000000}"), 0),
                arguments(Named.of("user_id null (Python's None)",
                        "{\"user_id\": null, \"username\": \"admin\", \"login_time\": 1700000000}"), 0),
                arguments(Named.of("the JSON null", "null"), 0),
                arguments(Named.of("the seed's JSON stored as a Java byte[] (flags 2048)", SEED_ADMIN), 2048));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadableSessions")
    @Tag("task:7")
    void an_unreadable_session_is_a_reported_miss_left_as_it_is(String value, int flags) {
        String id = freshId();
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        inspector.store(PREFIX + id, bytes, flags);

        AtomicReference<Optional<SessionData>> found = new AtomicReference<>();
        assertThatNoException()
                .as("validate(id) of an unreadable k06:session:<id>: catch what reading it throws, report it, and"
                        + " return empty; never an exception out of validate (it holds %s, flags %d)", value, flags)
                .isThrownBy(() -> found.set(sessions.validate(id)));
        assertThat(found.get())
                .as("validate(id) of an unreadable k06:session:<id>: not a session we can use, so an empty result"
                        + " (it holds %s, flags %d)", value, flags)
                .isEmpty();
        assertThat(reported).as("reports to onUnreadable after validate(id) of an unreadable value: exactly one,"
                        + " with its key, so someone sees the bad value (it holds %s)", value)
                .extracting(Report::key).containsExactly(PREFIX + id);
        assertThat(reported.get(0).reason()).as("the UnreadableValueException reported for %s", value).isNotNull();
        assertThat(inspector.inspect(PREFIX + id))
                .as("k06:session:<id> after validate(id) of an unreadable value: neither touched (it would live"
                        + " another 30 minutes) nor deleted (it may be another service's)")
                .contains(new StoredItem(PREFIX + id, bytes, flags, -1, bytes.length));
    }

    @Test
    @Tag("task:7")
    void a_plain_miss_is_not_reported() {
        sessions.validate(UNKNOWN_ID);

        assertThat(reported).as("reports to onUnreadable after validate(\"%s\") of a session that is not there: a"
                + " miss is normal (log in again), nothing to report", UNKNOWN_ID).isEmpty();
    }

    @Test
    @Tag("task:7")
    void a_cache_that_does_not_answer_is_an_error_not_an_unreadable_session() throws IOException {
        MemcachedClient nowhere = new MemcachedClient(new ConnectionFactoryBuilder().setOpTimeout(300).build(),
                List.of(Addresses.nothingListening()));
        try {
            SessionStore down = new SessionStore(nowhere, PREFIX, this::report);

            assertThatExceptionOfType(OperationTimeoutException.class)
                    .as("validate(id) with no memcached behind the client: let spymemcached's timeout out; only a"
                            + " value you could not read is an unreadable session")
                    .isThrownBy(() -> down.validate(UNKNOWN_ID)).withMessageContaining("Timeout waiting for value");
            assertThat(reported).as("reports to onUnreadable when the cache did not answer").isEmpty();
        } finally {
            nowhere.shutdown();
        }
    }


    /** The stored value as JSON, as the seed's {@code json.loads} would read it; a failed assertion when it is not. */
    private static JsonNode storedJson(StoredItem item) {
        AtomicReference<JsonNode> json = new AtomicReference<>();
        assertThatNoException()
                .as("reading k06:session:<id> as JSON, as the seed's json.loads does (%s): let Jackson write it,"
                        + " never a hand-made string", item.describe())
                .isThrownBy(() -> json.set(JSON.readTree(item.value())));
        return json.get();
    }

    private void report(String key, UnreadableValueException why) {
        reported.add(new Report(key, why));
    }

    /** A well-formed id of the test's own, made without the store: only the read side is under test. */
    private static String freshId() {
        return encode(randomBits());
    }

    private static byte[] randomBits() {
        byte[] bits = new byte[16];
        TEST_IDS.nextBytes(bits);
        return bits;
    }

    private static String encode(byte[] bits) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    /** A real SecureRandom that remembers what it handed out, so a test can tell where an id's bits came from. */
    private static final class RecordingRandom extends SecureRandom {

        private final ByteArrayOutputStream given = new ByteArrayOutputStream();

        @Override
        public synchronized void nextBytes(byte[] bytes) {
            super.nextBytes(bytes);
            given.writeBytes(bytes);
        }

        synchronized byte[] given() {
            return given.toByteArray();
        }
    }

    /** A SecureRandom that hands out the same bits every time: the only way to make two ids clash on purpose. */
    private static final class ScriptedRandom extends SecureRandom {

        private final byte[] bits;
        private int calls;

        ScriptedRandom(byte[] bits) {
            this.bits = bits.clone();
        }

        @Override
        public synchronized void nextBytes(byte[] bytes) {
            if (++calls > 3) {
                // a store that retries forever on a clash would hang the test instead of failing it
                throw new IllegalStateException("the test's SecureRandom was asked for bits " + calls + " times in"
                        + " one create(…): a clash means something is wrong with the random; throw, do not retry");
            }
            System.arraycopy(bits, 0, bytes, 0, Math.min(bits.length, bytes.length));
        }
    }

    /**
     * The classic attack on ids made with {@code new Random().nextBytes(new byte[16])}: each {@code nextInt()} shows
     * the top 32 of java.util.Random's 48 state bits, so the first two ints of one id leave 2^16 candidates for the
     * state, and the id's other two ints pick the right one.
     */
    static final class JavaUtilRandomAttack {

        private static final long MULTIPLIER = 0x5DEECE66DL;
        private static final long ADDEND = 0xBL;
        private static final long MASK = (1L << 48) - 1;

        private JavaUtilRandomAttack() {
        }

        /** The id that the same java.util.Random would make next, or empty when {@code id} did not come from one. */
        static Optional<String> nextIdAfter(String id) {
            int[] ints = littleEndianInts(Base64.getUrlDecoder().decode(id));
            if (ints.length < 2) {
                return Optional.empty();
            }
            for (long hidden = 0; hidden < (1 << 16); hidden++) {
                long state = ((ints[0] & 0xFFFF_FFFFL) << 16) | hidden;
                long probe = state;
                boolean fits = true;
                for (int i = 1; i < ints.length && fits; i++) {
                    probe = step(probe);
                    fits = (int) (probe >>> 16) == ints[i];
                }
                if (fits) {
                    ByteBuffer next = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
                    for (int i = 0; i < 4; i++) {
                        probe = step(probe);
                        next.putInt((int) (probe >>> 16));
                    }
                    return Optional.of(encode(next.array()));
                }
            }
            return Optional.empty();
        }

        /** Random.nextBytes fills 4 bytes per nextInt(), lowest byte first. */
        private static int[] littleEndianInts(byte[] bytes) {
            IntBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
            int[] ints = new int[buffer.remaining()];
            buffer.get(ints);
            return ints;
        }

        private static long step(long state) {
            return (state * MULTIPLIER + ADDEND) & MASK;
        }
    }
}
