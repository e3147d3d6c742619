package kata.k09_cas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import kata.shared.Cart;
import kata.shared.ContentionException;
import kata.shared.UnreadableValueException;
import kata.support.Concurrently;
import kata.support.MemcachedExtension;
import kata.support.MemcachedServer;
import kata.support.RawInspector;
import kata.support.StoredItem;
import net.spy.memcached.CASResponse;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(MemcachedExtension.class)
@DisplayName("k09 · Compare-and-swap: no lost updates")
// only so that a learner meets the tests in task order, starting with gets; no test needs another to run first
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CasKataTest {

    /** Threads that update one cart at once, released together. */
    private static final int THREADS = 8;
    /** Updates per thread: enough for get-and-set to lose some nearly every run, few enough for PIT's reruns. */
    private static final int UPDATES = 25;
    /** Attempts per update in the race: far more than 8 threads need, so only a lost update can fail the test. */
    private static final int RACE_ATTEMPTS = 1_000;
    /** Attempts per update in the tests without a race. */
    private static final int ATTEMPTS = 5;
    private static final Duration RACE_BOUND = Duration.ofSeconds(60);
    private static final long TTL_SECONDS = CartStore.TTL.toSeconds();
    private static final ObjectMapper JSON = new ObjectMapper();

    private MemcachedClient client;
    private RawInspector inspector;

    @BeforeEach
    void connect(MemcachedClient client, MemcachedServer server) {
        this.client = client;
        this.inspector = new RawInspector(server.address());
    }

    @Test
    @Order(1)
    @Tag("task:1")
    void gets_returns_the_cart_and_the_cas_id_the_server_gave_it() throws Exception {
        String key = fresh("k09:cart:gets");
        storeAsPython(key, "{\"items\": {\"apple\": 2, \"pear\": 1}}");
        long serverCas = client.gets(key).getCas();

        Optional<CASValue<Cart>> read = store(ATTEMPTS).gets(key);

        assertThat(read.map(CASValue::getValue))
                .as("gets(\"%s\") of the seed's JSON {\"items\": {\"apple\": 2, \"pear\": 1}}: read it with Jackson",
                        key)
                .contains(cart("apple", 2, "pear", 1));
        assertThat(read.map(CASValue::getCas))
                .as("gets(\"%s\"): the CAS id is what the server gave the item (client.gets(key).getCas()), the"
                        + " ticket cas needs to write it back", key)
                .contains(serverCas);
    }

    @Test
    @Order(2)
    @Tag("task:1")
    void gets_of_a_key_that_holds_nothing_is_empty() throws Exception {
        String key = fresh("k09:cart:gets-missing");

        assertThat(store(ATTEMPTS).gets(key)).as("gets(\"%s\") of a key memcached does not have", key).isEmpty();
    }

    @Test
    @Order(3)
    @Tag("task:1")
    void a_cas_with_the_id_just_read_writes_the_cart_as_json_text_for_30_minutes() throws Exception {
        String key = fresh("k09:cart:cas-ok");
        storeAsPython(key, "{\"items\": {\"apple\": 2}}");
        CartStore store = store(ATTEMPTS);
        long casId = store.gets(key).orElseThrow().getCas();

        CASResponse answer = store.cas(key, casId, cart("apple", 3));

        assertThat(answer).as("cas(\"%s\", the id gets just read, …) when nobody wrote in between", key)
                .isEqualTo(CASResponse.OK);
        assertStoredForTtl(key, "{\"items\": {\"apple\": 3}}", "cas", "a cas sets the exptime too, as a set does: pass"
                + " TTL (30 min) to cas, or the cart never expires");
    }

    @Test
    @Order(4)
    @Tag("task:1")
    void a_cas_with_a_stale_id_answers_exists_and_keeps_the_other_write() throws Exception {
        String key = fresh("k09:cart:cas-stale");
        storeAsPython(key, "{\"items\": {\"apple\": 2}}");
        CartStore store = store(ATTEMPTS);
        long casId = store.gets(key).orElseThrow().getCas();
        storeAsPython(key, "{\"items\": {\"apple\": 2, \"pear\": 7}}"); // another client writes in between

        CASResponse answer = store.cas(key, casId, cart("apple", 3));

        assertThat(answer).as("cas(\"%s\", an id read before another client wrote): the server refuses", key)
                .isEqualTo(CASResponse.EXISTS);
        assertThat(readCart(key)).as("%s after the refused cas: the other client's write stays", key)
                .isEqualTo(cart("apple", 2, "pear", 7));
    }

    @Test
    @Order(5)
    @Tag("task:1")
    void a_cas_on_a_key_that_holds_nothing_answers_not_found_and_writes_nothing() throws Exception {
        String key = fresh("k09:cart:cas-missing");

        CASResponse answer = store(ATTEMPTS).cas(key, 42, cart("apple", 1));

        assertThat(answer).as("cas(\"%s\", 42, …) of a key memcached does not have: cas never creates", key)
                .isEqualTo(CASResponse.NOT_FOUND);
        assertThat(inspector.inspect(key).map(StoredItem::describe)).as("%s after that cas", key).isEmpty();
    }

    static Stream<Arguments> notCarts() {
        return Stream.of(
                arguments("text that is not JSON", "not json {".getBytes(StandardCharsets.UTF_8), 0),
                arguments("JSON of another shape, the seed's user",
                        "{\"id\": 1, \"nome\": \"Jo\\u00e3o\"}".getBytes(StandardCharsets.UTF_8), 0),
                arguments("a cart's JSON stored as a byte[] (flags 2048)",
                        "{\"items\": {\"apple\": 1}}".getBytes(StandardCharsets.UTF_8), 2048));
    }

    @ParameterizedTest(name = "gets of a value that is not a cart is unreadable: {0}")
    @Order(6)
    @MethodSource("notCarts")
    @Tag("task:1")
    void gets_of_a_value_that_is_not_a_cart_throws_unreadable_naming_the_key(String what, byte[] value, int flags)
            throws Exception {
        String key = fresh("k09:cart:not-a-cart");
        inspector.store(key, value, flags);

        assertThatExceptionOfType(UnreadableValueException.class)
                .as("gets(\"%s\") with %s stored: check that it is a String before you cast, and report what you"
                        + " cannot read as UnreadableValueException, naming the key", key, what)
                .isThrownBy(() -> store(ATTEMPTS).gets(key))
                .withMessageContaining(key);
    }

    @Test
    @Order(7)
    @Tag("task:2")
    void a_write_between_the_read_and_the_cas_is_kept_and_the_change_applied_on_top() throws Exception {
        String key = fresh("k09:cart:interleaved");
        storeAsPython(key, "{\"items\": {\"apple\": 1}}");
        // another client adds 5 pears while this update is in flight
        Interfered addAnApple = new Interfered(1, call -> addPears(key, 5), current -> current.plus("apple", 1));

        Cart written = updateWithoutCrash(store(ATTEMPTS), key, addAnApple, "5 pears written during the first attempt");

        assertWritten(key, written, cart("apple", 2, "pear", 5), "update(+1 apple) while another client added 5"
                + " pears: a plain set throws the pears away, and an EXISTS taken as success throws the apple away; on"
                + " EXISTS, gets again and apply the change to the fresh cart");
        assertThat(addAnApple.calls()).as("times update applied the change: once per attempt, 2 attempts (the first"
                + " refused)").isEqualTo(2);
    }

    @Test
    @Order(8)
    @Tag("task:2")
    void eight_threads_lose_updates_with_get_and_set_and_none_with_update() throws Exception {
        String plainKey = fresh("k09:cart:race-plain");
        int lost = THREADS * UPDATES - totalQuantity(race(plainKey, this::getAndSet));

        String casKey = fresh("k09:cart:race-cas");
        CartStore store = store(RACE_ATTEMPTS);
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger mostForOne = new AtomicInteger();
        Cart result = race(casKey, (key, item) -> {
            Interfered addOne = Interfered.counting(current -> current.plus(item, 1));
            updateWithoutCrash(store, key, addOne, "8 threads updating it at once");
            attempts.addAndGet(addOne.calls());
            mostForOne.accumulateAndGet(addOne.calls(), Math::max);
        });

        System.out.printf("%nk09 lost-update report: %d threads x %d updates of one cart (printed, never asserted:"
                        + " it is a race)%n"
                        + "  get, change, set    %3d of %d increments lost (%.0f %%)%n"
                        + "  update (gets + cas) %3d lost, %d attempts for %d updates (%.2f per update, at most %d)%n",
                THREADS, UPDATES, lost, THREADS * UPDATES, 100.0 * lost / (THREADS * UPDATES),
                THREADS * UPDATES - totalQuantity(result), attempts.get(), THREADS * UPDATES,
                attempts.get() / (double) (THREADS * UPDATES), mostForOne.get());

        Map<String, Integer> expected = new TreeMap<>();
        IntStream.range(0, THREADS).forEach(thread -> expected.put(item(thread), UPDATES));
        assertThat(result.items())
                .as("write back with cas, never a plain set, and on EXISTS read again and apply the change to the"
                        + " fresh cart: no update may be lost (get and set lost %d here); %s after %d threads x %d x"
                        + " update(+1 of the thread's item)", lost, casKey, THREADS, UPDATES)
                .isEqualTo(expected);
        assertThat(attempts).as("attempts over %d updates: at least one each", THREADS * UPDATES)
                .hasValueGreaterThanOrEqualTo(THREADS * UPDATES);
    }

    @Test
    @Order(9)
    @Tag("task:3")
    void update_of_a_missing_cart_creates_it_with_the_change_applied_to_an_empty_cart() throws Exception {
        String key = fresh("k09:cart:created");

        Cart written = updateWithoutCrash(store(ATTEMPTS), key, current -> current.plus("apple", 2), "nothing");

        assertThat(written).as("update(\"%s\", +2 apples) of a key that holds nothing: the change to an empty cart",
                key).isEqualTo(cart("apple", 2));
        assertStoredForTtl(key, "{\"items\": {\"apple\": 2}}", "update(+2 apples) of a key that held nothing",
                "when gets finds nothing, create the cart with add, for TTL (30 min)");
    }

    @Test
    @Order(10)
    @Tag("task:3")
    void a_cart_another_client_creates_first_is_kept_and_the_change_applied_on_top() throws Exception {
        String key = fresh("k09:cart:created-twice");
        // another client creates the cart while this update is in flight
        Interfered addTwoApples = new Interfered(1, call -> storeAsPython(key, "{\"items\": {\"pear\": 1}}"),
                current -> current.plus("apple", 2));

        Cart written = updateWithoutCrash(store(ATTEMPTS), key, addTwoApples, "a pear added during the first attempt");

        assertWritten(key, written, cart("apple", 2, "pear", 1), "update(+2 apples) of a missing cart that another"
                + " client created meanwhile: create with add, never set (set throws their pear away), and when add"
                + " answers false, read theirs and try again");
        assertThat(addTwoApples.calls()).as("times update applied the change: 2 attempts (the first add refused)")
                .isEqualTo(2);
    }

    @Test
    @Order(11)
    @Tag("task:3")
    void a_cart_deleted_between_the_read_and_the_cas_is_created_again_with_the_change() throws Exception {
        String key = fresh("k09:cart:deleted");
        storeAsPython(key, "{\"items\": {\"apple\": 1}}");
        // the cart is checked out (deleted) while this update is in flight
        Interfered addAPear = new Interfered(1, call -> delete(key), current -> current.plus("pear", 1));

        Cart written = updateWithoutCrash(store(ATTEMPTS), key, addAPear, "the cart deleted during the first attempt");

        assertWritten(key, written, cart("pear", 1), "update(+1 pear) of a cart deleted before the cas: cas answers"
                + " NOT_FOUND, which is no success; read again, find nothing, and create the cart with add (the"
                + " change applied to an empty cart)");
    }

    @Test
    @Order(12)
    @Tag("task:3")
    void update_of_a_value_that_is_not_a_cart_leaves_it_as_it_is() throws Exception {
        String key = fresh("k09:cart:unreadable");
        storeAsPython(key, "not json {");
        Interfered addAnApple = Interfered.counting(current -> current.plus("apple", 1));

        assertThatExceptionOfType(UnreadableValueException.class)
                .as("update(\"%s\", …) with text that is not JSON stored: what you cannot read is not an empty"
                        + " cart; let gets' UnreadableValueException through", key)
                .isThrownBy(() -> store(ATTEMPTS).update(key, addAnApple))
                .withMessageContaining(key);
        assertThat(inspector.inspect(key).map(StoredItem::valueAsUtf8))
                .as("%s after that update: overwriting what you cannot read destroys someone's data", key)
                .contains("not json {");
        assertThat(addAnApple.calls()).as("times update applied the change to a value it could not read")
                .isZero();
    }

    @ParameterizedTest(name = "update gives up after max attempts with a contention exception: maxAttempts {0}")
    @Order(13)
    @ValueSource(ints = {1, 3})
    @Tag("task:4")
    void update_gives_up_after_max_attempts_with_a_contention_exception(int maxAttempts) throws Exception {
        String key = fresh("k09:cart:contended-" + maxAttempts);
        storeAsPython(key, "{\"items\": {\"apple\": 1}}");
        // another client writes before every cas; after 20 it stops, so a loop without a bound ends too
        Interfered alwaysBeaten = new Interfered(20, call -> addPears(key, call), current -> current.plus("apple", 1));

        assertThatExceptionOfType(ContentionException.class)
                .as("update(\"%s\", …) with maxAttempts %d and another client writing before every cas: give up"
                        + " after maxAttempts attempts, throw new ContentionException(key, maxAttempts)", key,
                        maxAttempts)
                .isThrownBy(() -> store(maxAttempts).update(key, alwaysBeaten))
                .withMessage("gave up updating %s after %d %s: another client wrote it between each read and write;"
                        + " try again later, or allow more attempts", key, maxAttempts,
                        maxAttempts == 1 ? "attempt" : "attempts");
        assertThat(alwaysBeaten.calls()).as("attempts (changes applied) before giving up, with maxAttempts %d",
                maxAttempts).isEqualTo(maxAttempts);
    }

    @Test
    @Order(14)
    @Tag("task:4")
    void the_last_allowed_attempt_may_still_succeed() throws Exception {
        String key = fresh("k09:cart:last-attempt");
        storeAsPython(key, "{\"items\": {\"apple\": 1}}");
        Interfered beatenTwice = new Interfered(2, call -> addPears(key, call), current -> current.plus("apple", 1));

        Cart written = updateWithoutCrash(store(3), key, beatenTwice, "another client writing during attempts 1 and 2");

        assertWritten(key, written, cart("apple", 2, "pear", 2), "update with maxAttempts 3, beaten twice: the"
                + " third attempt is allowed, and wins");
    }

    @Test
    @Order(15)
    @Tag("task:4")
    void one_attempt_is_enough_when_nobody_else_writes() throws Exception {
        String key = fresh("k09:cart:one-attempt");
        storeAsPython(key, "{\"items\": {\"apple\": 1}}");

        Cart written = updateWithoutCrash(store(1), key, current -> current.plus("apple", 1), "nobody else writing");

        assertWritten(key, written, cart("apple", 2), "update with maxAttempts 1 and nobody else writing: one"
                + " attempt, and it wins");
    }

    @Test
    @Order(16)
    @Tag("task:4")
    void a_bound_under_one_attempt_is_refused() {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .as("new CartStore(client, 0): an update needs at least one attempt")
                .isThrownBy(() -> new CartStore(client, 0))
                .withMessage("maxAttempts must be at least 1, was 0");
    }

    /** {@code THREADS} threads released together, each running {@code UPDATES} x {@code update(key, its item)}. */
    private Cart race(String key, RacingUpdate update) {
        Concurrently.runAll(THREADS, RACE_BOUND, thread -> {
            for (int i = 0; i < UPDATES; i++) {
                update.apply(key, item(thread));
            }
        });
        return readCart(key);
    }

    @FunctionalInterface
    private interface RacingUpdate {
        void apply(String key, String item);
    }

    /** The lost update, on purpose: read, change, write back, with nothing to stop a write in between. */
    private void getAndSet(String key, String item) {
        try {
            Object held = client.get(key);
            Cart current = held == null ? Cart.empty() : JSON.readValue((String) held, Cart.class);
            client.set(key, (int) TTL_SECONDS, JSON.writeValueAsString(current.plus(item, 1))).get();
        } catch (Exception e) {
            throw new IllegalStateException("get and set of " + key, e);
        }
    }

    private static String item(int thread) {
        return "item-" + thread;
    }

    private static int totalQuantity(Cart cart) {
        return cart.items().values().stream().mapToInt(Integer::intValue).sum();
    }

    private CartStore store(int maxAttempts) {
        return new CartStore(client, maxAttempts);
    }

    /** Calls update and fails the test, with what was thrown, if it throws. */
    private static Cart updateWithoutCrash(CartStore store, String key, UnaryOperator<Cart> change, String situation) {
        try {
            return store.update(key, change);
        } catch (RuntimeException e) {
            throw new AssertionError("update(\"" + key + "\", …) threw " + e + " with " + situation + ": on EXISTS or"
                    + " NOT_FOUND read again (gets) and try again, on a missing key create it with add", e);
        }
    }

    /** Checks that {@code key} holds {@code json} as a String (flags 0, UTF-8) for {@link CartStore#TTL}. */
    private void assertStoredForTtl(String key, String json, String after, String advice) throws Exception {
        StoredItem item = inspector.inspect(key).orElseThrow(() -> new AssertionError(advice + "; " + key
                + " holds nothing after " + after));
        assertThat(item.flags()).as("store the JSON as a String (flags 0, UTF-8), which the seed's Python reads; %s"
                + " after %s holds %s", key, after, item.describe()).isZero();
        assertThat(JSON.readTree(item.valueAsUtf8()))
                .as("store the cart as JSON, {\"items\": {…}}; %s after %s holds %s", key, after, item.describe())
                .isEqualTo(JSON.readTree(json));
        assertThat(item.ttlSeconds())
                .as("%s; %s after %s holds %s", advice, key, after, item.describe())
                .isBetween(TTL_SECONDS - 5, TTL_SECONDS);
    }

    /** Checks that {@code key} holds {@code expected} and that update returned it, the cart as written. */
    private void assertWritten(String key, Cart written, Cart expected, String after) {
        assertThat(readCart(key)).as("%s after %s", key, after).isEqualTo(expected);
        assertThat(written).as("what update returns: the cart as written, after %s", after).isEqualTo(expected);
    }

    /** Another client's write: {@code pears} pears beside the one apple the test started with. */
    private void addPears(String key, int pears) {
        storeAsPython(key, "{\"items\": {\"apple\": 1, \"pear\": " + pears + "}}");
    }

    /**
     * A change that counts its calls, and lets another client write (or delete) the key during the first
     * {@code beaten} of them, after the update read it and before it writes: the race, played on purpose.
     */
    private static final class Interfered implements UnaryOperator<Cart> {

        private final AtomicInteger calls = new AtomicInteger();
        private final int beaten;
        private final IntConsumer otherClient;
        private final UnaryOperator<Cart> change;

        Interfered(int beaten, IntConsumer otherClient, UnaryOperator<Cart> change) {
            this.beaten = beaten;
            this.otherClient = otherClient;
            this.change = change;
        }

        /** {@code change}, counting its calls, with no other client in its way. */
        static Interfered counting(UnaryOperator<Cart> change) {
            return new Interfered(0, call -> { }, change);
        }

        @Override
        public Cart apply(Cart current) {
            int call = calls.incrementAndGet();
            if (call <= beaten) {
                otherClient.accept(call);
            }
            return change.apply(current);
        }

        int calls() {
            return calls.get();
        }
    }

    /** Writes {@code json} as the seed's Python would: UTF-8 bytes, flags 0, no expiry. */
    private void storeAsPython(String key, String json) {
        inspector.store(key, json.getBytes(StandardCharsets.UTF_8), 0);
    }

    private Cart readCart(String key) {
        StoredItem item = inspector.inspect(key).orElseThrow(() -> new AssertionError(key + " holds nothing"));
        try {
            return JSON.readValue(item.valueAsUtf8(), Cart.class);
        } catch (Exception e) {
            throw new AssertionError(key + " holds " + item.describe() + ", not a cart in JSON", e);
        }
    }

    private void delete(String key) {
        try {
            client.delete(key).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("delete " + key, e);
        }
    }

    /** Deletes the test's key first, so a server that outlives the run (memcached.address) starts it empty. */
    private String fresh(String key) {
        delete(key);
        return key;
    }

    private static Cart cart(String item, int quantity) {
        return new Cart(Map.of(item, quantity));
    }

    private static Cart cart(String item, int quantity, String other, int otherQuantity) {
        return new Cart(Map.of(item, quantity, other, otherQuantity));
    }
}
