package kata.shared;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

/**
 * A login session as the seed's Python service caches it under {@code session:<id>} for 1800 s:
 * {@code {"user_id": 456, "username": "admin", "login_time": 1700000000}}.
 *
 * <p>The JSON names are a contract between every service that shares the cache, so they are fixed here, on the
 * type: any Jackson {@code ObjectMapper} writes {@code user_id}, {@code username} and {@code login_time} (in that
 * order), and reads them back. Reading is tolerant: a field this type does not know (another service added one) is
 * ignored. A value that lacks one of the three fields, or holds {@code null} in one, is not a session: Jackson
 * throws for it.
 *
 * @param userId           the logged-in user's id: JSON {@code user_id}
 * @param username         the logged-in user's name: JSON {@code username}
 * @param loginEpochSecond when the user logged in, in whole seconds since 1970: JSON {@code login_time}, the seed's
 *                         {@code int(time.time())}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SessionData(
        @JsonProperty(value = "user_id", required = true) @JsonSetter(nulls = Nulls.FAIL) long userId,
        @JsonProperty(value = "username", required = true) String username,
        @JsonProperty(value = "login_time", required = true) @JsonSetter(nulls = Nulls.FAIL) long loginEpochSecond) {

    public SessionData {
        Objects.requireNonNull(username, "username");
    }
}
