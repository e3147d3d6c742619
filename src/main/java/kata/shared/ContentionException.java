package kata.shared;

/**
 * A compare-and-swap update that gave up: every one of its attempts found that another client had written the key
 * between its read and its write.
 */
public class ContentionException extends RuntimeException {

    private final String key;
    private final int attempts;

    /** For an update of {@code key} that gave up after {@code attempts} attempts. */
    public ContentionException(String key, int attempts) {
        super("gave up updating " + key + " after " + attempts + (attempts == 1 ? " attempt" : " attempts")
                + ": another client wrote it between each read and write; try again later, or allow more attempts");
        this.key = key;
        this.attempts = attempts;
    }

    /** The key the update gave up on. */
    public String key() {
        return key;
    }

    /** How many times the update read, changed and tried to write the key. */
    public int attempts() {
        return attempts;
    }
}
