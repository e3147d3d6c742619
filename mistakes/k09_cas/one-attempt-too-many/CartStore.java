// MISTAKE (task 4): counts attempts from 0 up to maxAttempts inclusive: it makes maxAttempts + 1 attempts before giving up
package kata.k09_cas;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import kata.shared.Cart;
import kata.shared.ContentionException;
import kata.shared.UnreadableValueException;
import net.spy.memcached.CASResponse;
import net.spy.memcached.CASValue;
import net.spy.memcached.MemcachedClient;

/**
 * Shopping carts in memcached, changed by many clients at once without losing a change: compare-and-swap.
 *
 * <p>Task 1: {@link #gets} reads a cart and its CAS id; {@link #cas} writes a cart only when the key still has that
 * CAS id, and says what the server answered. Carts are JSON text ({@code {"items": {"apple": 2}}}, UTF-8, flags 0)
 * kept for {@link #TTL}; anything else under the key is an {@link UnreadableValueException}.
 * <p>Task 2: {@link #update} reads, changes and writes back with {@code cas}; when another client wrote in between
 * ({@code EXISTS}) it reads again and applies the change to the fresh cart: no update is lost.
 * <p>Task 3: {@link #update} of a key that holds no cart creates it with {@code add}, from the change applied to an
 * empty cart; when another client created it first, or deleted it between the read and the write, it tries again.
 * <p>Task 4: {@link #update} gives up after {@code maxAttempts} attempts with a {@link ContentionException}, and the
 * constructor refuses a {@code maxAttempts} under 1.
 *
 * <p>A store keeps no state of its own between calls: one store serves many threads, as one client does.
 *
 * <p>The lesson, with hints: README.md in this folder.
 */
public final class CartStore {

    /** How long a cart is kept after its last change: as long as the seed's sessions. */
    public static final Duration TTL = Duration.ofMinutes(30);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MemcachedClient client;
    private final int maxAttempts;

    /**
     * A store over {@code client} whose updates try at most {@code maxAttempts} times.
     *
     * @throws IllegalArgumentException when {@code maxAttempts} is under 1
     */
    public CartStore(MemcachedClient client, int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        this.client = client;
        this.maxAttempts = maxAttempts;
    }

    /**
     * The cart under {@code key} with the CAS id the server gave it, or empty when the key holds nothing.
     *
     * @throws UnreadableValueException when the key holds something that is not a cart in JSON text
     */
    public Optional<CASValue<Cart>> gets(String key) {
        CASValue<Object> held = client.gets(key);
        if (held == null) {
            return Optional.empty();
        }
        if (!(held.getValue() instanceof String text)) {
            throw new UnreadableValueException(key + " holds a " + held.getValue().getClass().getSimpleName()
                    + ", not a cart in JSON text");
        }
        try {
            return Optional.of(new CASValue<>(held.getCas(), JSON.readValue(text, Cart.class)));
        } catch (JsonProcessingException e) {
            throw new UnreadableValueException(key + " holds text that is not a cart in JSON: " + text, e);
        }
    }

    /**
     * Writes {@code cart} under {@code key} for {@link #TTL}, only if the key's CAS id is still {@code casId}.
     *
     * @return {@code OK} when written, {@code EXISTS} when another client wrote the key since that CAS id was read,
     *         {@code NOT_FOUND} when the key holds nothing
     */
    public CASResponse cas(String key, long casId, Cart cart) {
        // memcached's cas sets the exptime too: the short form, without one, would make the cart never expire
        return client.cas(key, casId, ttlSeconds(), json(cart));
    }

    /**
     * Applies {@code change} to the cart under {@code key} (an empty one when there is none) and writes the result,
     * unless another client wrote the key meanwhile: then it reads again and applies the change to that cart.
     *
     * @return the cart as written
     * @throws ContentionException when {@code maxAttempts} attempts all found the key written meanwhile
     * @throws UnreadableValueException when the key holds something that is not a cart (it is left as it is)
     */
    public Cart update(String key, UnaryOperator<Cart> change) {
        for (int attempt = 0; attempt <= maxAttempts; attempt++) {
            Optional<CASValue<Cart>> current = gets(key);
            if (current.isEmpty()) {
                Cart created = change.apply(Cart.empty());
                if (add(key, created)) {
                    return created;
                }
                continue; // another client created it first: read theirs
            }
            Cart changed = change.apply(current.get().getValue());
            if (cas(key, current.get().getCas(), changed) == CASResponse.OK) {
                return changed;
            }
            // EXISTS: written since we read it; NOT_FOUND: deleted since. Either way, read again.
        }
        throw new ContentionException(key, maxAttempts);
    }

    private boolean add(String key, Cart cart) {
        try {
            return client.add(key, ttlSeconds(), json(cart)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while adding " + key, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("memcached refused to add " + key + ": " + e.getCause(), e.getCause());
        }
    }

    private static int ttlSeconds() {
        return (int) TTL.toSeconds();
    }

    private static String json(Cart cart) {
        try {
            return JSON.writeValueAsString(cart);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a cart is always JSON: " + cart, e);
        }
    }
}
