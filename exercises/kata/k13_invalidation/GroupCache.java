package kata.k13_invalidation;

import java.time.Duration;
import java.util.Optional;

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
        // task 1: refuse a ttl that cannot age old entries out (see @throws) before you keep it
        this.ttlSeconds = (int) ttl.toSeconds();
    }

    /** The key of entry {@code id} of {@code group} now: {@code <group>:v<generation>:<id>}. */
    public String key(String group, String id) {
        throw new UnsupportedOperationException("k13_invalidation, task 1: implement GroupCache.key(group, id)"
                + " in exercises/kata/k13_invalidation/GroupCache.java");
    }

    /** Stores {@code value} as entry {@code id} of {@code group}, as UTF-8 text with flags 0, for the TTL. */
    public void put(String group, String id, String value) {
        throw new UnsupportedOperationException("k13_invalidation, task 1: implement GroupCache.put(group, id,"
                + " value) in exercises/kata/k13_invalidation/GroupCache.java");
    }

    /** Entry {@code id} of {@code group} in its current generation, or empty. */
    public Optional<String> get(String group, String id) {
        throw new UnsupportedOperationException("k13_invalidation, task 1: implement GroupCache.get(group, id)"
                + " in exercises/kata/k13_invalidation/GroupCache.java");
    }

    /**
     * Invalidates every entry of {@code group} in one round trip and returns the new generation. A missing
     * generation gets a fresh one, as {@link #generation} would give it.
     */
    public long invalidate(String group) {
        throw new UnsupportedOperationException("k13_invalidation, task 2: implement GroupCache.invalidate(group)"
                + " in exercises/kata/k13_invalidation/GroupCache.java");
    }

    /**
     * The generation of {@code group} that the server holds now; when there is none, a fresh random one from
     * {@link #LOWEST_START} (inclusive) to {@link #HIGHEST_START} (exclusive), stored with no expiry. Of services that
     * find none at once, one creates it and all get that one.
     */
    public long generation(String group) {
        throw new UnsupportedOperationException("k13_invalidation, task 1: implement GroupCache.generation(group)"
                + " (task 4: when there is none) in exercises/kata/k13_invalidation/GroupCache.java");
    }
}
