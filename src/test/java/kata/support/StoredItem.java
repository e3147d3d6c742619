package kata.support;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An item exactly as memcached holds it, read by {@link RawInspector#inspect(String)}.
 *
 * @param key        the key asked for
 * @param value      the raw bytes stored
 * @param flags      the 32-bit client flags stored beside the value (spymemcached encodes the Java type here)
 * @param ttlSeconds seconds left before it expires, or -1 for an item that never expires
 * @param size       the value's size in bytes, as the server reports it
 */
public record StoredItem(String key, byte[] value, int flags, long ttlSeconds, int size) {

    /** The value decoded as UTF-8, for messages and for text checks. */
    public String valueAsUtf8() {
        return new String(value, StandardCharsets.UTF_8);
    }

    /** What spymemcached's flags say about how the value was encoded. */
    public String flagsMeaning() {
        String base = switch (flags & ~2) {
            case 0 -> "UTF-8 text, readable by any client";
            case 1 -> "Java serialization, unreadable outside the JVM";
            case 512 -> "a Java Integer in binary, not text";
            case 768 -> "a Java Long in binary, not text";
            case 2048 -> "raw byte[]";
            default -> "flags of another client";
        };
        return (flags & 2) != 0 ? base + ", gzip-compressed" : base;
    }

    /** One line for failure messages: {@code flags=0 (UTF-8 text, …), 14 bytes, ttl 1799 s, value "João"}. */
    public String describe() {
        String shown = valueAsUtf8();
        if (shown.length() > 80) {
            shown = shown.substring(0, 77) + "…";
        }
        return "flags=" + flags + " (" + flagsMeaning() + "), " + size + " bytes, ttl "
                + (ttlSeconds < 0 ? "never" : ttlSeconds + " s") + ", value \"" + shown + "\"";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredItem item && key.equals(item.key) && Arrays.equals(value, item.value)
                && flags == item.flags && ttlSeconds == item.ttlSeconds && size == item.size;
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "StoredItem[" + key + ": " + describe() + "]";
    }
}
