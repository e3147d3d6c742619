package kata.k10_counters;

import java.time.Duration;
import java.util.OptionalLong;

import kata.shared.NotACounterException;
import net.spy.memcached.MemcachedClient;

/**
 * Counters that memcached keeps itself: {@code incr} and {@code decr} on values stored as decimal text.
 *
 * <p>Values are memcached's unsigned 64-bit numbers, held in a {@code long}: 2^64 - 1 is {@code -1L}, printed with
 * {@link Long#toUnsignedString(long)}.
 *
 * <p>Task 1: {@link #set} stores a counter as its decimal text (flags 0), never as a Java number; {@link #value}
 * reads it back; {@link #increment} and {@link #decrement} count on the server, one atomic {@code incr}/{@code decr}
 * each, never a get then a set.
 * <p>Task 2: a missing counter is {@code OptionalLong.empty()}, a key that holds something else is a
 * {@link NotACounterException}: spymemcached's {@code -1} means both. {@link #incrementOrCreate} creates a missing
 * counter at its initial value, once, however many callers race. {@code decr} stops at 0; {@code incr} wraps at 2^64.
 *
 * <p>The lesson, with hints: README.md in this folder.
 */
public final class Counters {

    /** The longest relative TTL memcached takes: beyond it, an exptime is read as a Unix time. */
    public static final Duration MAX_TTL = Duration.ofDays(30);

    private final MemcachedClient client;

    public Counters(MemcachedClient client) {
        this.client = client;
    }

    /**
     * Sets the counter under {@code key} to {@code value} (unsigned), as decimal text with flags 0, for {@code ttl}.
     *
     * @param ttl whole seconds, from 0 (no expiry) to {@link #MAX_TTL}
     * @throws IllegalArgumentException for a ttl memcached cannot take, before anything is sent
     */
    public void set(String key, long value, Duration ttl) {
        throw new UnsupportedOperationException("k10_counters, task 1: implement Counters.set(key, value, ttl)"
                + " in exercises/kata/k10_counters/Counters.java");
    }

    /**
     * The counter's value (unsigned), or empty when there is none.
     *
     * @throws NotACounterException when {@code key} holds something that is not decimal text
     */
    public OptionalLong value(String key) {
        throw new UnsupportedOperationException("k10_counters, task 1: implement Counters.value(key)"
                + " in exercises/kata/k10_counters/Counters.java");
    }

    /**
     * Adds {@code by} on the server and returns the new value (unsigned; past 2^64 - 1 it wraps), or empty when there
     * is no counter under {@code key} (none is created).
     *
     * @param by 0 or more
     * @throws NotACounterException when {@code key} holds something {@code incr} cannot count
     */
    public OptionalLong increment(String key, long by) {
        throw new UnsupportedOperationException("k10_counters, task 1: implement Counters.increment(key, by)"
                + " in exercises/kata/k10_counters/Counters.java");
    }

    /**
     * Subtracts {@code by} on the server, stopping at 0, and returns the new value, or empty when there is no
     * counter under {@code key}.
     *
     * @param by 0 or more
     * @throws NotACounterException when {@code key} holds something {@code decr} cannot count
     */
    public OptionalLong decrement(String key, long by) {
        throw new UnsupportedOperationException("k10_counters, task 1: implement Counters.decrement(key, by)"
                + " in exercises/kata/k10_counters/Counters.java");
    }

    /**
     * Adds {@code by} to the counter under {@code key}, or, when there is none, creates it at {@code initial} for
     * {@code ttl} and returns {@code initial}. Of many callers that find no counter at once, exactly one creates it
     * and the others count on it.
     *
     * @throws NotACounterException when {@code key} holds something {@code incr} cannot count
     */
    public long incrementOrCreate(String key, long by, long initial, Duration ttl) {
        throw new UnsupportedOperationException("k10_counters, task 2: implement Counters.incrementOrCreate(key, by,"
                + " initial, ttl) in exercises/kata/k10_counters/Counters.java");
    }
}
