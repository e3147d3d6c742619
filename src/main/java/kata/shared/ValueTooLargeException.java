package kata.shared;

/**
 * A value too large for one memcached item, refused before it was sent: memcached would have answered
 * {@code SERVER_ERROR object too large for cache} and deleted the value the key held.
 */
public class ValueTooLargeException extends IllegalArgumentException {

    private final String key;
    private final long bytes;
    private final long maxBytes;

    /** For a value of {@code bytes} bytes under {@code key}, where one item holds at most {@code maxBytes}. */
    public ValueTooLargeException(String key, long bytes, long maxBytes) {
        super("value for " + key + " is " + bytes + " bytes, over the " + maxBytes + " bytes one memcached item holds"
                + " under that key (1 MB including the item's overhead); nothing was sent and the old value is kept:"
                + " compress it, or split it into chunks");
        this.key = key;
        this.bytes = bytes;
        this.maxBytes = maxBytes;
    }

    /** The key the value was for. */
    public String key() {
        return key;
    }

    /** The value's size in bytes, as it would have been sent. */
    public long bytes() {
        return bytes;
    }

    /** The most one item under that key holds. */
    public long maxBytes() {
        return maxBytes;
    }
}
