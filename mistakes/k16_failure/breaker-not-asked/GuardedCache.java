// MISTAKE (task 4): tells the breaker every outcome but never asks it: every request waits on a frozen memcached.
package kata.k16_failure;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

import net.spy.memcached.MemcachedClient;
import net.spy.memcached.util.StringUtils;

/**
 * A cache-aside read of text values, guarded by a {@link CircuitBreaker}: while memcached fails, requests are served
 * from the source without waiting for it, and no request is ever answered with a value the source no longer has.
 *
 * <p>The lesson, with hints: README.md in this folder.
 */
public final class GuardedCache {

    /** How long memcached may keep a loaded value. */
    public static final int TTL_SECONDS = 60;

    private final MemcachedClient client;
    private final CircuitBreaker breaker;
    private final Function<String, String> source;
    /**
     * Keys changed in the source whose delete memcached has not confirmed, each with a token of its latest change:
     * a delete confirmed for an older change must not drop a newer one.
     */
    private final Map<String, Object> unconfirmed = new ConcurrentHashMap<>();

    /**
     * @param breaker shared by every request that uses {@code client}: it decides whether memcached is called
     * @param source  the source of truth: the value of a key, never null
     */
    public GuardedCache(MemcachedClient client, CircuitBreaker breaker, Function<String, String> source) {
        this.client = client;
        this.breaker = breaker;
        this.source = source;
    }

    /**
     * The key's value: memcached's on a hit; else the source's, stored for {@link #TTL_SECONDS}. While the breaker
     * does not allow a request, the source's, and memcached is not called at all.
     *
     * @throws IllegalArgumentException for a key memcached cannot take (the caller's mistake, not a failure)
     */
    public String get(String key) {
        Object cached;
        try {
            // deletes memcached has not confirmed come first: until they are, an old value may be there
            if (!confirmUnconfirmedDeletes()) {
                breaker.recordFailure();
                return load(key);
            }
            cached = client.get(key);
        } catch (IllegalArgumentException badKey) {
            throw badKey;
        } catch (RuntimeException e) {
            // timed out (frozen, or a dead node's queue), cancelled (a node known down): the cache failed
            breaker.recordFailure();
            return load(key);
        }
        breaker.recordSuccess();
        if (cached != null) {
            return (String) cached;
        }
        String value = load(key);
        // not awaited: a set that fails costs nothing here, and the next get tells the breaker
        client.set(key, TTL_SECONDS, value);
        return value;
    }

    /**
     * Call after the key's value changed in the source: deletes memcached's copy. When memcached cannot confirm
     * it (the breaker is open, or the delete fails), the key is remembered and deleted before memcached serves any
     * request again.
     *
     * @throws IllegalArgumentException for a key memcached cannot take, before it is remembered: its delete could
     *                                  never be confirmed
     */
    public void invalidate(String key) {
        // the text protocol's rules, the stricter: a key spymemcached refuses could never be deleted, and would keep
        // every later request from reading memcached
        StringUtils.validateKey(key, false);
        unconfirmed.put(key, new Object());
        if (!breaker.allowRequest()) {
            return;
        }
        if (confirmUnconfirmedDeletes()) {
            breaker.recordSuccess();
        } else {
            breaker.recordFailure();
        }
    }

    /** Deletes every key whose delete is unconfirmed; true when memcached confirmed them all (found or not). */
    private boolean confirmUnconfirmedDeletes() {
        for (Map.Entry<String, Object> change : Map.copyOf(unconfirmed).entrySet()) {
            if (!deleted(change.getKey())) {
                return false;
            }
            unconfirmed.remove(change.getKey(), change.getValue());
        }
        return true;
    }

    private boolean deleted(String key) {
        try {
            // true or false (NOT_FOUND) are both answers: either way memcached holds no old value now
            client.delete(key).get();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | RuntimeException e) {
            return false;
        }
    }

    private String load(String key) {
        return Objects.requireNonNull(source.apply(key), () -> "the source gave null for " + key);
    }
}
