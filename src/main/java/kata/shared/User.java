package kata.shared;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A user as the seed's Python service caches it: the JSON object {@code {"id": 1, "nome": "João"}}, under
 * {@code usuario:<id>} (its basic operations) and {@code user:<id>} (its cache-aside).
 *
 * <p>That JSON is a contract between two services sharing one cache, so its field names are the seed's, not Java's:
 * the Java component {@code name} is written and read as {@code "nome"}. The mapping is on the type, so every
 * Jackson {@code ObjectMapper} honours it; ignoring fields the type does not know is the reader's choice (a tolerant
 * reader), made where the mapper is configured.
 *
 * @param id   the user's id, positive; JSON {@code "id"}
 * @param name the user's display name; JSON {@code "nome"}
 */
public record User(long id, @JsonProperty("nome") String name) {

    public User {
        if (id <= 0) {
            throw new IllegalArgumentException("user id must be positive, was " + id);
        }
        Objects.requireNonNull(name, "name");
    }
}
