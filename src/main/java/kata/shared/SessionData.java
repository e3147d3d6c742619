package kata.shared;

import java.util.Objects;

/**
 * What a login session remembers, the seed's {@code session_data}; katas store it in memcached as JSON.
 *
 * @param userId         the logged-in user's id
 * @param username       the logged-in user's name
 * @param loginEpochSecond when the user logged in, in seconds since 1970 (the seed's {@code int(time.time())})
 */
public record SessionData(long userId, String username, long loginEpochSecond) {

    public SessionData {
        Objects.requireNonNull(username, "username");
    }
}
