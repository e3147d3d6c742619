package kata.shared;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A shopping cart: how many of each item, the JSON object {@code {"items": {"apple": 2, "pear": 1}}}.
 *
 * <p>That JSON is what any service sharing the cache reads ({@code json.loads(value)["items"]["apple"]} in the seed's
 * Python). A cart is a value: {@link #plus} returns a new cart and leaves this one as it was, so a change can be
 * applied again, to a fresher cart, as often as a compare-and-swap loop needs to.
 *
 * @param items each item's quantity, at least 1; kept sorted by item, so equal carts write the same JSON
 */
public record Cart(Map<String, Integer> items) {

    public Cart {
        Objects.requireNonNull(items, "items");
        TreeMap<String, Integer> sorted = new TreeMap<>();
        items.forEach((item, quantity) -> {
            Objects.requireNonNull(item, "item");
            if (quantity == null || quantity < 1) {
                throw new IllegalArgumentException("quantity of " + item + " must be at least 1, was " + quantity);
            }
            sorted.put(item, quantity);
        });
        items = Collections.unmodifiableMap(sorted);
    }

    /** A cart with nothing in it: {@code {"items": {}}}. */
    public static Cart empty() {
        return new Cart(Map.of());
    }

    /** This cart with {@code quantity} more of {@code item}. */
    public Cart plus(String item, int quantity) {
        if (quantity < 1) {
            throw new IllegalArgumentException("add at least 1 of " + item + ", not " + quantity);
        }
        TreeMap<String, Integer> more = new TreeMap<>(items);
        more.merge(item, quantity, Integer::sum);
        return new Cart(more);
    }

    /** How many of {@code item} the cart holds, 0 when none. */
    public int quantityOf(String item) {
        return items.getOrDefault(item, 0);
    }
}
