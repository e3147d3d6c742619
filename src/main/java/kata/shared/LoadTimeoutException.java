package kata.shared;

import java.time.Duration;

/**
 * A request that waited its whole bound for another request to recompute a missing value, and gave up: the value is
 * still missing and the lock still held, so it answers this instead of waiting for ever or loading as well.
 */
public class LoadTimeoutException extends RuntimeException {

    private final String key;
    private final Duration waited;

    /** For a request for {@code key} that gave up after {@code waited}. */
    public LoadTimeoutException(String key, Duration waited) {
        super("gave up on " + key + " after waiting " + waited + " for another request to load it: its lock is still"
                + " held and the value still missing; answer an error (or a default) now, and let the caller retry");
        this.key = key;
        this.waited = waited;
    }

    /** The key whose value was still missing. */
    public String key() {
        return key;
    }

    /** How long the request waited before it gave up. */
    public Duration waited() {
        return waited;
    }
}
