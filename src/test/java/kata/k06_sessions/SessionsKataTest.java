package kata.k06_sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kata.shared.SessionData;
import kata.support.MemcachedExtension;
import kata.support.MemcachedServer;
import kata.support.RawInspector;
import kata.support.StoredItem;
import net.spy.memcached.MemcachedClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(MemcachedExtension.class)
@DisplayName("k06 · Login sessions")
class SessionsKataTest {

    private static final String PREFIX = "k06:session:";
    private static final SessionData ADMIN = new SessionData(456, "admin", 1_700_000_000L);
    /** Well-formed (22 base64url characters) and never created: a session id nobody has. */
    private static final String UNKNOWN_ID = "unknownSessionId000000";
    /** Counters that grow with any get, touch, delete or store that reaches the server. */
    private static final List<String> COMMAND_STATS = List.of("cmd_get", "cmd_touch", "cmd_set", "delete_hits",
            "delete_misses");

    private MemcachedClient client;
    private RawInspector inspector;
    private SessionStore sessions;

    @BeforeEach
    void connect(MemcachedClient client, MemcachedServer server) {
        this.client = client;
        this.inspector = new RawInspector(server.address());
        this.sessions = new SessionStore(client, PREFIX);
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
    void create_stores_the_session_as_json_for_30_minutes() throws Exception {
        String id = sessions.create(ADMIN);

        StoredItem item = awaitItem(PREFIX + id);
        assertThat(item.ttlSeconds())
                .as("TTL of k06:session:<id> after create(…) (%s): 30 minutes, the seed's expire=1800",
                        item.describe())
                .isBetween(1_790L, 1_800L);
        JsonNode json = new ObjectMapper().readTree(item.valueAsUtf8());
        assertThat(json.path("userId").asLong())
                .as("userId in the JSON under k06:session:<id> (%s)", item.describe()).isEqualTo(456);
        assertThat(json.path("username").asText())
                .as("username in the JSON under k06:session:<id> (%s)", item.describe()).isEqualTo("admin");
    }

    @Test
    @Tag("task:3")
    void validate_returns_the_data_that_create_stored() {
        String id = sessions.create(ADMIN);

        assertThat(sessions.validate(id)).as("validate(id) of the session create(%s) just made", ADMIN)
                .contains(ADMIN);
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
        StoredItem idle = awaitItem(PREFIX + id);
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

    private StoredItem awaitItem(String key) {
        return await(key + " to be stored").atMost(Duration.ofSeconds(2))
                .until(() -> inspector.inspect(key), Optional::isPresent).orElseThrow();
    }
}
