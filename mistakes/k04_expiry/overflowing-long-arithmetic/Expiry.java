// MISTAKE (task 1): rounds up and adds now to the seconds as longs, so ChronoUnit.FOREVER wraps to a 0 exptime.
package kata.k04_expiry;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import net.spy.memcached.MemcachedClient;

/**
 * Stores text that memcached forgets after a {@link Duration}, translated into the exptime the server expects.
 *
 * <p>Task 1: {@link #exptime} turns a Duration into memcached's exptime: 0 for no expiry; whole seconds, rounded
 * up, up to 30 days; past 30 days an absolute Unix time, because the server reads any number over 2,592,000 as
 * one. A negative Duration, or one that ends after 2038 (exptime is 32 bits), is an IllegalArgumentException.
 * <p>Task 2: {@link #put} stores with that exptime and {@link #get} reads; a rejected ttl stores nothing.
 * <p>Task 3: {@link #touch} gives a live item a new ttl without rewriting it.
 *
 * <p>The lesson, with hints: README.md in this folder.
 */
public final class Expiry {

    /** The largest exptime memcached reads as seconds from now (30 days); anything larger is a Unix time. */
    public static final long MAX_RELATIVE_SECONDS = 2_592_000;

    private static final Duration THIRTY_DAYS = Duration.ofSeconds(MAX_RELATIVE_SECONDS);

    private final MemcachedClient client;

    public Expiry(MemcachedClient client) {
        this.client = client;
    }

    /**
     * Returns the exptime memcached must receive so that an item stored at {@code now} lives for {@code ttl}.
     *
     * <p>A fraction of a second rounds up: 1 ns and 500 ms live 1 s, and never become 0, which would mean "never
     * expire". The last exptime is {@link Integer#MAX_VALUE}, 2038-01-19T03:14:07Z, itself allowed; a Duration too
     * long for any exptime (up to {@code ChronoUnit.FOREVER}) is rejected like any other past 2038, never wrapped.
     *
     * @throws IllegalArgumentException when {@code ttl} is negative (the message says "negative" and quotes it), or
     *                                  ends after 2038-01-19T03:14:07Z (the message says "2038" and that
     *                                  {@code Duration.ZERO} means no expiry)
     */
    public static int exptime(Duration ttl, Instant now) {
        if (ttl.isNegative()) {
            // memcached reads a negative exptime as "already expired": the set would silently drop the value
            throw new IllegalArgumentException("ttl must not be negative, was " + ttl
                    + ": use Duration.ZERO for no expiry, or a positive Duration");
        }
        long seconds = ttl.getSeconds() + (ttl.getNano() > 0 ? 1 : 0);
        if (seconds <= MAX_RELATIVE_SECONDS) {
            return (int) seconds;
        }
        // protocol.txt ("Expiration times"): past 30 days the exptime is a Unix time, a 32-bit value
        long unixTime = now.getEpochSecond() + seconds;
        if (unixTime > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("ttl " + ttl + " from " + now + " ends after 2038-01-19T03:14:07Z:"
                    + " memcached's exptime is a 32-bit number; use Duration.ZERO for no expiry");
        }
        return (int) unixTime;
    }

    /**
     * Stores {@code value} under {@code key} for {@code ttl} ({@link Duration#ZERO}: no expiry), and waits for the
     * server.
     *
     * @throws IllegalArgumentException when {@link #exptime} rejects {@code ttl}; nothing is sent
     */
    public void put(String key, String value, Duration ttl) {
        int exptime = exptime(ttl, Instant.now()); // before sending: a rejected ttl must not touch the old value
        await(client.set(key, exptime, value), "set " + key);
    }

    /** Returns the value under {@code key}, or empty when there is none or it has expired. */
    public Optional<String> get(String key) {
        return Optional.ofNullable((String) client.get(key));
    }

    /**
     * Gives the live item under {@code key} a new {@code ttl}, counted from now, and waits for the server.
     *
     * @return false when there is no such item (missing or already expired)
     * @throws IllegalArgumentException when {@link #exptime} rejects {@code ttl}; nothing is sent
     */
    public boolean touch(String key, Duration ttl) {
        int exptime = exptime(ttl, Instant.now());
        return await(client.touch(key, exptime), "touch " + key);
    }

    private static boolean await(Future<Boolean> answer, String what) {
        try {
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + what, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("memcached failed " + what + ": " + e.getCause(), e.getCause());
        }
    }
}
