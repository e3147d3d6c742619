// MISTAKE (task 2): the synchronous incr's -1 is read as "no counter": a key holding a word or an Integer becomes a silent miss.
package kata.k10_counters;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import kata.shared.NotACounterException;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.internal.OperationFuture;
import net.spy.memcached.ops.OperationException;
import net.spy.memcached.ops.StatusCode;

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
        int exptime = exptime(ttl);
        // a String goes out as its UTF-8 text with flags 0: what incr reads, and what any other client reads
        await(client.set(key, exptime, Long.toUnsignedString(value)), "set", key);
    }

    /**
     * The counter's value (unsigned), or empty when there is none.
     *
     * @throws NotACounterException when {@code key} holds something that is not decimal text
     */
    public OptionalLong value(String key) {
        Object held = client.get(key);
        if (held == null) {
            return OptionalLong.empty();
        }
        if (!(held instanceof String text)) {
            throw new NotACounterException(key + " holds a " + held.getClass().getSimpleName()
                    + ", not a counter's decimal text");
        }
        try {
            // decr leaves the old width: 100 decremented once is "99 ", with a trailing space
            return OptionalLong.of(Long.parseUnsignedLong(text.trim()));
        } catch (NumberFormatException e) {
            throw new NotACounterException(key + " holds \"" + text + "\", not a counter's decimal text", e);
        }
    }

    /**
     * Adds {@code by} on the server and returns the new value (unsigned; past 2^64 - 1 it wraps), or empty when there
     * is no counter under {@code key} (none is created).
     *
     * @param by 0 or more
     * @throws NotACounterException when {@code key} holds something {@code incr} cannot count
     */
    public OptionalLong increment(String key, long by) {
        long counted = client.incr(key, delta(by));
        return counted == -1 ? OptionalLong.empty() : OptionalLong.of(counted);
    }

    /**
     * Subtracts {@code by} on the server, stopping at 0, and returns the new value, or empty when there is no
     * counter under {@code key}.
     *
     * @param by 0 or more
     * @throws NotACounterException when {@code key} holds something {@code decr} cannot count
     */
    public OptionalLong decrement(String key, long by) {
        return mutated(client.asyncDecr(key, delta(by)), "decr", key);
    }

    /**
     * Adds {@code by} to the counter under {@code key}, or, when there is none, creates it at {@code initial} for
     * {@code ttl} and returns {@code initial}. Of many callers that find no counter at once, exactly one creates it
     * and the others count on it.
     *
     * @throws NotACounterException when {@code key} holds something {@code incr} cannot count
     */
    public long incrementOrCreate(String key, long by, long initial, Duration ttl) {
        int exptime = exptime(ttl);
        while (true) {
            OptionalLong counted = increment(key, by);
            if (counted.isPresent()) {
                return counted.getAsLong();
            }
            // add stores only when the key is absent: of racing creators, one wins and the rest count on its counter
            if (await(client.add(key, exptime, Long.toUnsignedString(initial)), "add", key)) {
                return initial;
            }
            // another caller created it between our incr and our add: count on theirs (anew, should it be gone)
        }
    }

    private OptionalLong mutated(OperationFuture<Long> future, String command, String key) {
        long result = await(future, command, key);
        if (future.getStatus().getStatusCode() == StatusCode.ERR_NOT_FOUND) {
            return OptionalLong.empty(); // spymemcached's -1: here it is a miss, and the status says so
        }
        return OptionalLong.of(result);
    }

    private static <T> T await(Future<T> future, String command, String key) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof OperationException refused) {
                // CLIENT_ERROR: the server refused it, and spymemcached drops the connection over it
                throw new NotACounterException(command + " " + key + " refused by memcached: " + refused.getMessage()
                        + "; a counter must be stored as decimal text", refused);
            }
            throw new IllegalStateException(command + " " + key + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(command + " " + key + " interrupted", e);
        }
    }

    private static long delta(long by) {
        if (by < 0) {
            throw new IllegalArgumentException("by = " + by + ": incr and decr take a delta of 0 or more (memcached"
                    + " refuses a negative one, and spymemcached drops the connection over it); use decrement");
        }
        return by;
    }

    private static int exptime(Duration ttl) {
        if (ttl.isNegative() || ttl.compareTo(MAX_TTL) > 0 || ttl.getNano() != 0) {
            throw new IllegalArgumentException("ttl " + ttl + ": memcached takes whole seconds, from 0 (no expiry) to"
                    + " 30 days (" + MAX_TTL.toSeconds() + " s)");
        }
        return (int) ttl.toSeconds();
    }
}
