package kata.shared;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One item of a text-protocol {@code get} reply: the {@code VALUE <key> <flags> <bytes>} line and its data block.
 *
 * @param key   the key, as the server sent it back
 * @param flags the client flags stored beside the value, a 32-bit unsigned number held in an {@code int}
 * @param data  exactly the data block's bytes, CR and LF included
 */
public record Item(String key, int flags, byte[] data) {

    /** The data read as UTF-8 text: what spymemcached's String transcoder and pymemcache store with flags 0. */
    public String text() {
        return new String(data, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Item item && key.equals(item.key) && flags == item.flags
                && Arrays.equals(data, item.data);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Item[" + key + ", flags " + Integer.toUnsignedString(flags) + ", " + data.length + " bytes]";
    }
}
