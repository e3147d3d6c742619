package kata.shared;

import java.util.Objects;

/**
 * A user record, the seed's {@code {'id': 1, 'nome': 'João'}}; katas store it in memcached as JSON.
 *
 * @param id   the user's id, positive
 * @param name the user's display name
 */
public record User(long id, String name) {

    public User {
        if (id <= 0) {
            throw new IllegalArgumentException("user id must be positive, was " + id);
        }
        Objects.requireNonNull(name, "name");
    }
}
