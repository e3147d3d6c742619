package kata.k04_expiry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

import kata.support.MemcachedExtension;
import kata.support.MemcachedServer;
import kata.support.RawInspector;
import kata.support.StoredItem;
import net.spy.memcached.CASValue;
import net.spy.memcached.MemcachedClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MemcachedExtension.class)
@DisplayName("k04 · Expiry: Duration in, exptime out")
// the simplest test of task 1 runs first, so it is the first red a learner sees; no test needs another
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExpiryKataTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final long THIRTY_ONE_DAYS = Duration.ofDays(31).toSeconds();
    /** From {@link #NOW} to 2038-01-19T03:14:07Z, the last second a 32-bit exptime can name. */
    private static final Duration UNTIL_2038 = Duration.ofSeconds(Integer.MAX_VALUE - NOW.getEpochSecond());

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
    @Order(1)
    @Tag("task:1")
    void zero_means_no_expiry() {
        assertThat(Expiry.exptime(Duration.ZERO, NOW))
                .as("return 0 for Duration.ZERO: memcached reads exptime 0 as \"never expire\" (still evictable)")
                .isZero();
    }

    @Test
    @Tag("task:1")
    void up_to_30_days_is_seconds_from_now() {
        assertThat(Expiry.exptime(Duration.ofSeconds(1), NOW)).as("seconds from now: exptime(1 s)").isEqualTo(1);
        assertThat(Expiry.exptime(Duration.ofMinutes(10), NOW)).as("seconds from now: exptime(10 min)")
                .isEqualTo(600);
        assertThat(Expiry.exptime(Duration.ofDays(30), NOW))
                .as("send up to 30 days as seconds from now: 2,592,000 is the largest exptime memcached reads so;"
                        + " exptime(30 days)")
                .isEqualTo(2_592_000);
    }

    @Test
    @Tag("task:1")
    void over_30_days_becomes_a_unix_time() {
        assertThat(Expiry.exptime(Duration.ofDays(30).plusSeconds(1), NOW))
                .as("past 30 days send now + ttl in Unix seconds: 2,592,001 would be read as a Unix time in January"
                        + " 1970; exptime(30 days + 1 s, now=%s)", NOW)
                .isEqualTo(NOW.getEpochSecond() + 2_592_001);
        assertThat(Expiry.exptime(Duration.ofDays(31), NOW))
                .as("exptime(31 days, now=%s)", NOW)
                .isEqualTo(NOW.getEpochSecond() + THIRTY_ONE_DAYS);
    }

    @Test
    @Tag("task:1")
    void a_fraction_of_a_second_rounds_up_never_down_to_zero() {
        assertThat(Expiry.exptime(Duration.ofNanos(1), NOW))
                .as("round up from the nanoseconds, not the milliseconds: exptime(1 ns) is 1 s; 1 ns in whole"
                        + " milliseconds is 0, and exptime 0 would mean \"never expire\"")
                .isEqualTo(1);
        assertThat(Expiry.exptime(Duration.ofMillis(1), NOW))
                .as("exptime(1 ms): exptime is whole seconds, and 0 would mean \"never expire\"")
                .isEqualTo(1);
        assertThat(Expiry.exptime(Duration.ofMillis(500), NOW)).as("exptime(500 ms)").isEqualTo(1);
        assertThat(Expiry.exptime(Duration.ofMillis(1200), NOW))
                .as("round up, so the item lives at least as long as asked: exptime(1.2 s)")
                .isEqualTo(2);
        assertThat(Expiry.exptime(Duration.ofSeconds(1).plusNanos(1), NOW))
                .as("round up from the nanoseconds: exptime(1 s + 1 ns)")
                .isEqualTo(2);
        assertThat(Expiry.exptime(Duration.ofDays(30).plusNanos(1), NOW))
                .as("exptime(30 days + 1 ns): rounded up it is past 30 days, so a Unix time")
                .isEqualTo(NOW.getEpochSecond() + 2_592_001);
    }

    @Test
    @Tag("task:1")
    void a_negative_ttl_is_rejected() {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("reject a negative ttl, say \"negative\" and quote it: memcached would read a negative exptime as"
                        + " \"expired already\"; exptime(-5 s)")
                .isThrownBy(() -> Expiry.exptime(Duration.ofSeconds(-5), NOW))
                .withMessageContaining("negative")
                .withMessageContaining("PT-5S");
    }

    @Test
    @Tag("task:1")
    void a_ttl_that_ends_after_2038_is_rejected() {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("reject a ttl whose Unix time does not fit memcached's 32-bit exptime, and say \"2038\":"
                        + " exptime(20 years, now=%s)", NOW)
                .isThrownBy(() -> Expiry.exptime(Duration.ofDays(365 * 20), NOW))
                .withMessageContaining("2038");
    }

    @Test
    @Tag("task:1")
    void a_ttl_that_ends_exactly_at_the_last_32_bit_second_is_allowed() {
        assertThat(Expiry.exptime(UNTIL_2038, NOW))
                .as("accept a ttl that ends exactly at Integer.MAX_VALUE (2038-01-19T03:14:07Z), reject only past"
                        + " it: exptime(%s, now=%s)", UNTIL_2038, NOW)
                .isEqualTo(Integer.MAX_VALUE);
        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("exptime(%s + 1 s, now=%s): one second past the last 32-bit exptime", UNTIL_2038, NOW)
                .isThrownBy(() -> Expiry.exptime(UNTIL_2038.plusSeconds(1), NOW))
                .withMessageContaining("2038");
        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("exptime(%s + 1 ns, now=%s): rounded up, it is one second past the last 32-bit exptime",
                        UNTIL_2038, NOW)
                .isThrownBy(() -> Expiry.exptime(UNTIL_2038.plusNanos(1), NOW))
                .withMessageContaining("2038");
    }

    @Test
    @Tag("task:1")
    void a_duration_too_long_for_any_clock_is_rejected_never_wrapped_around() {
        // a learner's "keep it for ever": ChronoUnit.FOREVER is Long.MAX_VALUE seconds and 999,999,999 ns
        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("compare Durations before any arithmetic, or check it: rounding up Long.MAX_VALUE seconds, or"
                        + " adding them to now, overflows a long into a negative or a 0 exptime;"
                        + " exptime(ChronoUnit.FOREVER's Duration, now=%s)", NOW)
                .isThrownBy(() -> Expiry.exptime(ChronoUnit.FOREVER.getDuration(), NOW))
                .withMessageContaining("2038")
                .withMessageContaining("Duration.ZERO");
        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("exptime(Long.MAX_VALUE seconds, now=%s): now + ttl in Unix seconds overflows a long", NOW)
                .isThrownBy(() -> Expiry.exptime(Duration.ofSeconds(Long.MAX_VALUE), NOW))
                .withMessageContaining("2038");
    }

    @Test
    @Tag("task:1")
    void seconds_from_now_do_not_depend_on_the_clock() {
        Instant after2038 = Instant.parse("2040-01-01T00:00:00Z");

        assertThat(Expiry.exptime(Duration.ofMinutes(10), after2038))
                .as("check the 2038 limit only for a Unix time: exptime(10 min, now=%s) is 600 seconds from now,"
                        + " whatever the date", after2038)
                .isEqualTo(600);
    }

    @Test
    @Tag("task:2")
    void a_zero_ttl_item_is_stored_without_expiry() {
        expiry.put("k04:forever", "stays", Duration.ZERO);

        StoredItem item = inspect("k04:forever", "put(\"k04:forever\", …, Duration.ZERO)");
        assertThat(item.ttlSeconds())
                .as("send exptime 0 for Duration.ZERO (a ttl of -1 here means no expiry): ttl of \"k04:forever\" after"
                        + " put(…, Duration.ZERO); memcached holds %s",
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
                .as("send exptime(ttl, Instant.now()) with the set: ttl of \"k04:ten-minutes\" after"
                        + " put(…, 10 min): %s", item.describe())
                .isBetween(595L, 600L);
    }

    @Test
    @Tag("task:2")
    void a_31_day_ttl_is_still_a_hit() {
        expiry.put("k04:thirty-one-days", "long-lived", Duration.ofDays(31));

        assertThat(expiry.get("k04:thirty-one-days"))
                .as("send now + 31 days as a Unix time (exptime(ttl, Instant.now())): get(\"k04:thirty-one-days\")"
                        + " after put(…, 31 days) missed; sent as 2,678,400 seconds, memcached reads a Unix time in"
                        + " January 1970, stores the item and then misses")
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
                        .as("send the ttl with the set: get(\"k04:one-second\") after put(…, 1 s); memcached drops an"
                                + " item once its ttl passes")
                        .isEmpty());
    }

    @Test
    @Tag("task:2")
    void half_a_second_is_not_stored_as_never() {
        expiry.put("k04:half-second", "brief", Duration.ofMillis(500));

        // no wait: the item may already be gone (fine); if it is there, it must not be an item that never expires
        Optional<Long> ttl = inspector.inspect("k04:half-second").map(StoredItem::ttlSeconds);
        assertThat(ttl)
                .as("round up, never down to 0: ttl of \"k04:half-second\" after put(…, 500 ms); exptime 0 would"
                        + " never expire")
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
                .as("call exptime before the set: \"k04:keep\" after the rejected put; sent with a negative exptime,"
                        + " memcached would have replaced"
                        + " \"old\" with an item that is already expired; memcached holds %s", item.describe())
                .isEqualTo("old");
    }

    @Test
    @Tag("task:3")
    void touch_extends_a_live_item() {
        expiry.put("k04:session", "alice", Duration.ofSeconds(10));

        assertThat(expiry.touch("k04:session", Duration.ofHours(1)))
                .as("return the touch future's answer: touch(\"k04:session\", 1 h) on a live item; memcached answers"
                        + " TOUCHED")
                .isTrue();
        StoredItem item = inspect("k04:session", "touch(\"k04:session\", 1 h)");
        assertThat(item.ttlSeconds())
                .as("send exptime(ttl, Instant.now()) with the touch: ttl of \"k04:session\" after put(…, 10 s) then"
                        + " touch(…, 1 h): %s", item.describe())
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
                .as("convert with exptime(ttl, Instant.now()) as for set, touch takes the same exptime: ttl of"
                        + " \"k04:remember-me\" after touch(…, 31 days); memcached holds %s", item.describe())
                .isBetween(THIRTY_ONE_DAYS - 60, THIRTY_ONE_DAYS + 5);
    }

    @Test
    @Tag("task:3")
    void touch_changes_the_ttl_without_rewriting_the_item() {
        expiry.put("k04:profile", "carol", Duration.ofMinutes(1));
        CASValue<Object> before = client.gets("k04:profile");

        expiry.touch("k04:profile", Duration.ofMinutes(20));

        CASValue<Object> after = client.gets("k04:profile");
        assertThat(after.getCas())
                .as("send memcached's touch command (client.touch), not a get and a set: a rewrite gives the item a"
                        + " new cas id (and may overwrite a value written in between); cas of \"k04:profile\" before"
                        + " touch(…, 20 min) was %d", before.getCas())
                .isEqualTo(before.getCas());
        assertThat(inspect("k04:profile", "touch(\"k04:profile\", 20 min)").ttlSeconds())
                .as("ttl of \"k04:profile\" after put(…, 1 min) then touch(…, 20 min)")
                .isBetween(1195L, 1200L);
    }

    @Test
    @Tag("task:3")
    void touch_of_a_missing_key_is_false() {
        assertThat(expiry.touch("k04:no-such-session", Duration.ofMinutes(1)))
                .as("return false when memcached answers NOT_FOUND: touch(\"k04:no-such-session\", 1 min)")
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
                .as("reject the ttl before sending: touch(\"k04:stay\", -1 s) sent as a negative exptime would"
                        + " expire the item at once")
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
