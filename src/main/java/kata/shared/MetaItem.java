package kata.shared;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One hit of a meta get ({@code mg <key> v t f …}): the {@code VA <size> <flags>*} line and its data block.
 *
 * @param data       exactly the data block's bytes
 * @param flags      the client flags ({@code f}), a 32-bit unsigned number held in an {@code int}
 * @param ttlSeconds the seconds the item has left ({@code t}), or -1 when it never expires
 * @param won        {@code W}: this request won the right to recache the item (asked with {@code N} or {@code R})
 * @param stale      {@code X}: the item was marked stale ({@code md <key> I}); its data is the old value
 * @param alreadyWon {@code Z}: another request already won it, and is recaching it now
 */
public record MetaItem(byte[] data, int flags, long ttlSeconds, boolean won, boolean stale, boolean alreadyWon) {

    /** The data read as UTF-8 text. */
    public String text() {
        return new String(data, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MetaItem item && Arrays.equals(data, item.data) && flags == item.flags
                && ttlSeconds == item.ttlSeconds && won == item.won && stale == item.stale
                && alreadyWon == item.alreadyWon;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "MetaItem[" + data.length + " bytes, flags " + Integer.toUnsignedString(flags) + ", ttl " + ttlSeconds
                + (won ? ", W" : "") + (stale ? ", X" : "") + (alreadyWon ? ", Z" : "") + "]";
    }
}
