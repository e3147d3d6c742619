// MISTAKE (task 4): the fresh generation is stored as a Long; spymemcached writes it in binary (flags 768), and incr refuses to count it.
package kata.k13_invalidation;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import net.spy.memcached.MemcachedClient;

/**
 * A cache of groups of entries (all of one user's, all of one catalogue's) that one call invalidates as a whole:
 * namespace versioning. Every entry's key holds its group's generation, {@code <group>:v<generation>:<id>}, and the
 * generation is a counter on the server under {@code <group>:generation}. Bumping it with {@code incr} makes every
 * old key unreachable at once; the old entries are left to age out by their TTL.
 *
 * <p>Task 1: {@link #key} builds {@code <group>:v<generation>:<id>} from the generation the server holds now;
 * {@link #put} and {@link #get} store and read UTF-8 text (flags 0) under that key, with the entries' TTL.
 * <p>Task 2: {@link #invalidate} bumps the generation with one {@code incr}: no old entry is served after it, other
 * groups are untouched, and the old entries stay on the server until their TTL ends (no delete, no flush_all).
 * <p>Task 3: two services share the generation: it is read from the server on every call, never kept in the JVM, and
 * bumps that race are all counted.
 * <p>Task 4: a missing generation (never created, or evicted) starts at a fresh random value, created with
 * {@code add} so that racing services agree, and never at 0 or 1 where old entries may still live.
 *
 * <p>The lesson, with hints: README.md in this folder.
 */
public final class GroupCache {

    /** The longest relative TTL memcached takes: beyond it, an exptime is read as a Unix time. */
    public static final Duration MAX_TTL = Duration.ofDays(30);
    /** A fresh generation is at least this: far from the small numbers a counter restarted at 0 or 1 reaches. */
    public static final long LOWEST_START = 1L << 32;
    /** A fresh generation is below this, so that bumps never wrap it past 2^64. */
    public static final long HIGHEST_START = 1L << 62;

    private final MemcachedClient client;
    private final int ttlSeconds;

    /**
     * A cache whose entries each live for {@code ttl}.
     *
     * @param ttl whole seconds from 1 s to {@link #MAX_TTL}: what ages an old generation's entries out
     * @throws IllegalArgumentException for a ttl that would not, before anything is sent
     */
    public GroupCache(MemcachedClient client, Duration ttl) {
        this.client = client;
        this.ttlSeconds = entryExptime(ttl);
    }

    /** The key of entry {@code id} of {@code group} now: {@code <group>:v<generation>:<id>}. */
    public String key(String group, String id) {
        return group + ":v" + Long.toUnsignedString(generation(group)) + ":" + id;
    }

    /** Stores {@code value} as entry {@code id} of {@code group}, as UTF-8 text with flags 0, for the TTL. */
    public void put(String group, String id, String value) {
        String key = key(group, id);
        await(client.set(key, ttlSeconds, value), "set " + key);
    }

    /** Entry {@code id} of {@code group} in its current generation, or empty. */
    public Optional<String> get(String group, String id) {
        return Optional.ofNullable((String) client.get(key(group, id)));
    }

    /**
     * Invalidates every entry of {@code group} in one round trip and returns the new generation. A missing
     * generation gets a fresh one, as {@link #generation} would give it.
     */
    public long invalidate(String group) {
        // incr is one atomic step on the server: racing bumps are all counted, none lost as with a get then a set
        long bumped = client.incr(generationKey(group), 1);
        // -1 is a missing key here: a fresh generation starts below 2^62 and no bump takes it near 2^64 - 1
        return bumped == -1 ? generation(group) : bumped;
    }

    /**
     * The generation of {@code group} that the server holds now; when there is none, a fresh random one from
     * {@link #LOWEST_START} (inclusive) to {@link #HIGHEST_START} (exclusive), stored with no expiry. Of services that
     * find none at once, one creates it and all get that one.
     */
    public long generation(String group) {
        String key = generationKey(group);
        while (true) {
            Object held = client.get(key);
            if (held != null) {
                // incr keeps the text's length or grows it; trim what a decr elsewhere may have padded
                return held instanceof Long number ? number : Long.parseUnsignedLong(held.toString().trim());
            }
            // the old group:v1:… entries may outlive an evicted generation key: restarting at 1 would serve them
            long fresh = ThreadLocalRandom.current().nextLong(LOWEST_START, HIGHEST_START);
            // add stores only when the key is absent: of racing services, one creates it and the rest read it
            if (await(client.add(key, 0, fresh), "add " + key)) {
                return fresh;
            }
        }
    }

    /** The exptime of every entry: what ages an old generation out once it is bumped. */
    private static int entryExptime(Duration ttl) {
        // 0 would be no expiry: old generations would stay until evicted, crowding out the live one
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(MAX_TTL) > 0 || ttl.getNano() != 0) {
            throw new IllegalArgumentException("ttl " + ttl + ": entries need a TTL of whole seconds from 1 s to 30"
                    + " days (" + MAX_TTL.toSeconds() + " s), or the old generations never age out");
        }
        return (int) ttl.toSeconds();
    }

    private static String generationKey(String group) {
        return group + ":generation";
    }

    private static <T> T await(Future<T> future, String what) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
        }
    }
}
