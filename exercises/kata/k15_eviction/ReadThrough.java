package kata.k15_eviction;

import java.util.function.Function;

import net.spy.memcached.MemcachedClient;

/**
 * A read-through cache of text values over a slower source of truth, for a cache that evicts.
 *
 * <p>Task 1: {@link #get} asks memcached first; on a hit it answers memcached's value and never asks the source. On
 * a miss it asks the source, stores the value as a String (flags 0) for the ttl, and answers it. The constructor
 * refuses a ttl outside 1 s to 30 days ({@link IllegalArgumentException} naming it, e.g. "ttl 0 s: …"); a source
 * that gives null is a {@link NullPointerException} naming the key.
 * <p>Task 2: memcached may evict anything it STORED, at any time, to make room. A key that was stored and is gone is
 * a miss like any other: load it again, store it again, answer it. Never an error, and never a copy kept aside.
 *
 * <p>The lesson, with hints: README.md in this folder.
 */
public final class ReadThrough {

    private final MemcachedClient client;
    private final Function<String, String> source;
    private final int ttlSeconds;

    /**
     * @param source     the source of truth: the value of a key, never null
     * @param ttlSeconds how long memcached may keep a loaded value, 1 s to 30 days
     * @throws IllegalArgumentException for a ttl outside 1 s to 30 days
     */
    public ReadThrough(MemcachedClient client, Function<String, String> source, int ttlSeconds) {
        this.client = client;
        this.source = source;
        this.ttlSeconds = ttlSeconds;
    }

    /**
     * The key's value: memcached's when it has one, else the source's, stored for the ttl.
     *
     * @throws NullPointerException naming the key when the source gave null
     */
    public String get(String key) {
        throw new UnsupportedOperationException("k15_eviction, task 1: implement ReadThrough.get(key)"
                + " in exercises/kata/k15_eviction/ReadThrough.java");
    }
}
