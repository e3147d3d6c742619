package kata.k04_expiry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

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

@ExtendWith(MemcachedExtension.class)
@DisplayName("k04 · Expiry: Duration in, exptime out")
class ExpiryKataTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final long THIRTY_ONE_DAYS = Duration.ofDays(31).toSeconds();

    private MemcachedClient client;
    private Expiry expiry;
    private RawInspector inspector;

    @BeforeEach
    void setUp(MemcachedClient client, MemcachedServer server) {
        this.client = client;
        expiry = new Expiry(client);
        inspector = new RawInspector(server.address());
    }

    @Test
    @Tag("task:1")
    void zero_means_no_expiry() {
        assertThat(Expiry.exptime(Duration.ZERO, NOW))
                .as("exptime(Duration.ZERO): memcached reads exptime 0 as \"never expire\" (still evictable)")
                .isZero();
    }

    @Test
    @Tag("task:1")
    void up_to_30_days_is_seconds_from_now() {
        assertThat(Expiry.exptime(Duration.ofSeconds(1), NOW)).as("exptime(1 s)").isEqualTo(1);
        assertThat(Expiry.exptime(Duration.ofMinutes(10), NOW)).as("exptime(10 min)").isEqualTo(600);
        assertThat(Expiry.exptime(Duration.ofDays(30), NOW))
                .as("exptime(30 days): 2,592,000 is the largest exptime memcached reads as seconds from now")
                .isEqualTo(2_592_000);
    }

    @Test
    @Tag("task:1")
    void over_30_days_becomes_a_unix_time() {
        assertThat(Expiry.exptime(Duration.ofDays(30).plusSeconds(1), NOW))
                .as("exptime(30 days + 1 s, now=%s): 2,592,001 would be read as a Unix time in January 1970,"
                        + " so send now + ttl in Unix seconds", NOW)
                .isEqualTo(NOW.getEpochSecond() + 2_592_001);
        assertThat(Expiry.exptime(Duration.ofDays(31), NOW))
                .as("exptime(31 days, now=%s)", NOW)
                .isEqualTo(NOW.getEpochSecond() + THIRTY_ONE_DAYS);
    }

    @Test
    @Tag("task:1")
    void a_fraction_of_a_second_rounds_up_never_down_to_zero() {
        assertThat(Expiry.exptime(Duration.ofMillis(1), NOW))
                .as("exptime(1 ms): exptime is whole seconds, and 0 would mean \"never expire\"")
                .isEqualTo(1);
        assertThat(Expiry.exptime(Duration.ofMillis(500), NOW)).as("exptime(500 ms)").isEqualTo(1);
        assertThat(Expiry.exptime(Duration.ofMillis(1200), NOW))
                .as("exptime(1.2 s): round up, so the item lives at least as long as asked")
                .isEqualTo(2);
        assertThat(Expiry.exptime(Duration.ofDays(30).plusNanos(1), NOW))
                .as("exptime(30 days + 1 ns): rounded up it is past 30 days, so a Unix time")
                .isEqualTo(NOW.getEpochSecond() + 2_592_001);
    }

    @Test
    @Tag("task:1")
    void a_negative_ttl_is_rejected() {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("exptime(-5 s): memcached would read a negative exptime as \"expired already\"; say so")
                .isThrownBy(() -> Expiry.exptime(Duration.ofSeconds(-5), NOW))
                .withMessageContaining("negative")
                .withMessageContaining("PT-5S");
    }

    @Test
    @Tag("task:1")
    void a_ttl_that_ends_after_2038_is_rejected() {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("exptime(20 years, now=%s): the Unix time does not fit memcached's 32-bit exptime", NOW)
                .isThrownBy(() -> Expiry.exptime(Duration.ofDays(365 * 20), NOW))
                .withMessageContaining("2038");
    }

    @Test
    @Tag("task:2")
    void a_zero_ttl_item_is_stored_without_expiry() {
        expiry.put("k04:forever", "stays", Duration.ZERO);

        StoredItem item = inspect("k04:forever", "put(\"k04:forever\", …, Duration.ZERO)");
        assertThat(item.ttlSeconds())
                .as("ttl of \"k04:forever\" after put(…, Duration.ZERO): -1 means no expiry; memcached holds %s",
                        item.describe())
                .isEqualTo(-1);
        assertThat(expiry.get("k04:forever")).as("get(\"k04:forever\")").contains("stays");
    }

    @Test
    @Tag("task:2")
    void a_ttl_of_minutes_is_seconds_from_now() {
        expiry.put("k04:ten-minutes", "soon", Duration.ofMinutes(10));

        StoredItem item = inspect("k04:ten-minutes", "put(\"k04:ten-minutes\", …, 10 min)");
        assertThat(item.ttlSeconds())
                .as("ttl of \"k04:ten-minutes\" after put(…, 10 min): %s", item.describe())
                .isBetween(595L, 600L);
    }

    @Test
    @Tag("task:2")
    void a_31_day_ttl_is_still_a_hit() {
        expiry.put("k04:thirty-one-days", "long-lived", Duration.ofDays(31));

        assertThat(expiry.get("k04:thirty-one-days"))
                .as("get(\"k04:thirty-one-days\") after put(…, 31 days): sent as 2,678,400 seconds, memcached reads"
                        + " a Unix time in January 1970, stores the item and then misses; send now + 31 days instead")
                .contains("long-lived");
        StoredItem item = inspect("k04:thirty-one-days", "put(\"k04:thirty-one-days\", …, 31 days)");
        assertThat(item.ttlSeconds())
                .as("ttl of \"k04:thirty-one-days\" after put(…, 31 days): %s", item.describe())
                .isBetween(THIRTY_ONE_DAYS - 60, THIRTY_ONE_DAYS + 5);
    }

    @Test
    @Tag("task:2")
    void an_item_is_gone_once_its_ttl_has_passed() {
        expiry.put("k04:one-second", "brief", Duration.ofSeconds(1));

        // memcached's clock ticks in whole seconds (exptime 1 lives 0-1 s): poll up to ttl + 1.5 s, never sleep
        await("k04:one-second to expire").atMost(Duration.ofMillis(2500)).untilAsserted(() ->
                assertThat(expiry.get("k04:one-second"))
                        .as("get(\"k04:one-second\") after put(…, 1 s): memcached drops an item once its ttl passes")
                        .isEmpty());
    }

    @Test
    @Tag("task:2")
    void half_a_second_is_not_stored_as_never() {
        expiry.put("k04:half-second", "brief", Duration.ofMillis(500));

        // no wait: the item may already be gone (fine); if it is there, it must not be an item that never expires
        Optional<Long> ttl = inspector.inspect("k04:half-second").map(StoredItem::ttlSeconds);
        assertThat(ttl)
                .as("ttl of \"k04:half-second\" after put(…, 500 ms): truncated to exptime 0 it would never expire")
                .isNotEqualTo(Optional.of(-1L));
    }

    @Test
    @Tag("task:2")
    void a_negative_ttl_is_rejected_and_the_old_value_survives() throws InterruptedException, ExecutionException {
        client.set("k04:keep", 0, "old").get();

        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("put(\"k04:keep\", \"new\", -5 s): reject the ttl before sending anything")
                .isThrownBy(() -> expiry.put("k04:keep", "new", Duration.ofSeconds(-5)))
                .withMessageContaining("negative");
        StoredItem item = inspect("k04:keep", "the rejected put(\"k04:keep\", …, -5 s)");
        assertThat(item.valueAsUtf8())
                .as("\"k04:keep\" after the rejected put: sent with a negative exptime, memcached would have replaced"
                        + " \"old\" with an item that is already expired; memcached holds %s", item.describe())
                .isEqualTo("old");
    }

    @Test
    @Tag("task:3")
    void touch_extends_a_live_item() {
        expiry.put("k04:session", "alice", Duration.ofSeconds(10));

        assertThat(expiry.touch("k04:session", Duration.ofHours(1)))
                .as("touch(\"k04:session\", 1 h) on a live item: memcached answers TOUCHED")
                .isTrue();
        StoredItem item = inspect("k04:session", "touch(\"k04:session\", 1 h)");
        assertThat(item.ttlSeconds())
                .as("ttl of \"k04:session\" after put(…, 10 s) then touch(…, 1 h): %s", item.describe())
                .isBetween(3595L, 3600L);
        assertThat(item.valueAsUtf8()).as("the value under \"k04:session\": touch keeps it").isEqualTo("alice");
    }

    @Test
    @Tag("task:3")
    void touch_past_30_days_uses_a_unix_time_too() {
        expiry.put("k04:remember-me", "bob", Duration.ofMinutes(1));

        expiry.touch("k04:remember-me", Duration.ofDays(31));

        StoredItem item = inspect("k04:remember-me", "touch(\"k04:remember-me\", 31 days)");
        assertThat(item.ttlSeconds())
                .as("ttl of \"k04:remember-me\" after touch(…, 31 days): touch takes the same exptime as set;"
                        + " memcached holds %s", item.describe())
                .isBetween(THIRTY_ONE_DAYS - 60, THIRTY_ONE_DAYS + 5);
    }

    @Test
    @Tag("task:3")
    void touch_of_a_missing_key_is_false() {
        assertThat(expiry.touch("k04:no-such-session", Duration.ofMinutes(1)))
                .as("touch(\"k04:no-such-session\", 1 min): memcached answers NOT_FOUND and creates nothing")
                .isFalse();
        assertThat(inspector.inspect("k04:no-such-session"))
                .as("inspect(\"k04:no-such-session\") after touch: touch never creates an item")
                .isEmpty();
    }

    @Test
    @Tag("task:3")
    void touch_with_a_negative_ttl_is_rejected_and_the_item_survives() {
        expiry.put("k04:stay", "here", Duration.ofMinutes(5));

        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("touch(\"k04:stay\", -1 s): sent as a negative exptime it would expire the item at once")
                .isThrownBy(() -> expiry.touch("k04:stay", Duration.ofSeconds(-1)))
                .withMessageContaining("negative");
        StoredItem item = inspect("k04:stay", "the rejected touch(\"k04:stay\", -1 s)");
        assertThat(item.ttlSeconds())
                .as("ttl of \"k04:stay\" after the rejected touch: unchanged; memcached holds %s", item.describe())
                .isBetween(295L, 300L);
    }

    private StoredItem inspect(String key, String after) {
        return inspector.inspect(key).orElseThrow(() -> new AssertionError(
                "inspect(\"" + key + "\") after " + after + ": memcached holds nothing there"));
    }
}
