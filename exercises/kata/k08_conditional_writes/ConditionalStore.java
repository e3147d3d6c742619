package kata.k08_conditional_writes;

import java.time.Duration;
import java.util.Optional;

import net.spy.memcached.MemcachedClient;

/**
 * Text values written only under a condition memcached checks itself: {@code add} when the key is absent,
 * {@code replace} when it is present, {@code append}/{@code prepend} onto a value that is there.
 *
 * <p>Task 1: {@link #add} stores {@code value} for {@code ttl} only when {@code key} holds nothing, and answers
 * whether it did: {@code false} (never an exception) when the key is taken, and the value there is left as it was.
 * {@link #get} reads a value back. A negative ttl is an {@link IllegalArgumentException}, before any cache call.
 * A failed or interrupted wait for memcached's answer is an {@link IllegalStateException}; after an interrupt, its
 * message says {@code interrupted} and the thread's interrupt status is set again.
 * <p>Task 2: {@link #replace} stores {@code value} for {@code ttl} only when {@code key} holds something; on a
 * missing key it answers {@code false} and stores nothing.
 * <p>Task 3: {@link #append} and {@link #prepend} add bytes after or before the value there, keeping its flags and
 * TTL; on a missing key they answer {@code false} and store nothing.
 * <p>Task 4: every value is plain UTF-8 with flags 0, never compressed, whatever its length: memcached concatenates
 * bytes blindly, so a gzip-compressed value (spymemcached compresses Strings over 16,384 bytes) or a compressed
 * suffix would be corrupted by {@code append}.
 *
 * <p>The lesson, with hints: README.md in this folder.
 */
public final class ConditionalStore {

    private final MemcachedClient client;

    public ConditionalStore(MemcachedClient client) {
        this.client = client;
    }

    /**
     * Stores {@code value} under {@code key} for {@code ttl} when the key holds nothing.
     *
     * @return true when it was stored; false when the key already held a value, which is left as it was
     * @throws IllegalArgumentException when {@code ttl} is negative
     */
    public boolean add(String key, String value, Duration ttl) {
        throw new UnsupportedOperationException("k08_conditional_writes, task 1: implement"
                + " ConditionalStore.add(key, value, ttl)"
                + " in exercises/kata/k08_conditional_writes/ConditionalStore.java");
    }

    /**
     * Stores {@code value} under {@code key} for {@code ttl} when the key holds a value.
     *
     * @return true when it was replaced; false when the key held nothing, and nothing was stored
     * @throws IllegalArgumentException when {@code ttl} is negative
     */
    public boolean replace(String key, String value, Duration ttl) {
        throw new UnsupportedOperationException("k08_conditional_writes, task 2: implement"
                + " ConditionalStore.replace(key, value, ttl)"
                + " in exercises/kata/k08_conditional_writes/ConditionalStore.java");
    }

    /**
     * Adds {@code suffix} after the value under {@code key}; its flags and TTL stay as they were.
     *
     * @return true when it was appended; false when the key held nothing, and nothing was stored
     */
    public boolean append(String key, String suffix) {
        throw new UnsupportedOperationException("k08_conditional_writes, task 3: implement"
                + " ConditionalStore.append(key, suffix)"
                + " in exercises/kata/k08_conditional_writes/ConditionalStore.java");
    }

    /**
     * Adds {@code prefix} before the value under {@code key}; its flags and TTL stay as they were.
     *
     * @return true when it was prepended; false when the key held nothing, and nothing was stored
     */
    public boolean prepend(String key, String prefix) {
        throw new UnsupportedOperationException("k08_conditional_writes, task 3: implement"
                + " ConditionalStore.prepend(key, prefix)"
                + " in exercises/kata/k08_conditional_writes/ConditionalStore.java");
    }

    /** The text under {@code key}, or empty when it holds nothing. */
    public Optional<String> get(String key) {
        throw new UnsupportedOperationException("k08_conditional_writes, task 1: implement"
                + " ConditionalStore.get(key)"
                + " in exercises/kata/k08_conditional_writes/ConditionalStore.java");
    }
}
