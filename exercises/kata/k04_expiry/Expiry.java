package kata.k04_expiry;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

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
        throw new UnsupportedOperationException("k04_expiry, task 1: implement Expiry.exptime(ttl, now)"
                + " in exercises/kata/k04_expiry/Expiry.java");
    }

    /**
     * Stores {@code value} under {@code key} for {@code ttl} ({@link Duration#ZERO}: no expiry), and waits for the
     * server.
     *
     * @throws IllegalArgumentException when {@link #exptime} rejects {@code ttl}; nothing is sent
     */
    public void put(String key, String value, Duration ttl) {
        throw new UnsupportedOperationException("k04_expiry, task 2: implement Expiry.put(key, value, ttl)"
                + " in exercises/kata/k04_expiry/Expiry.java");
    }

    /** Returns the value under {@code key}, or empty when there is none or it has expired. */
    public Optional<String> get(String key) {
        throw new UnsupportedOperationException("k04_expiry, task 2: implement Expiry.get(key)"
                + " in exercises/kata/k04_expiry/Expiry.java");
    }

    /**
     * Gives the live item under {@code key} a new {@code ttl}, counted from now, and waits for the server.
     *
     * @return false when there is no such item (missing or already expired)
     * @throws IllegalArgumentException when {@link #exptime} rejects {@code ttl}; nothing is sent
     */
    public boolean touch(String key, Duration ttl) {
        throw new UnsupportedOperationException("k04_expiry, task 3: implement Expiry.touch(key, ttl)"
                + " in exercises/kata/k04_expiry/Expiry.java");
    }
}
