// MISTAKE (task 5): remembers requests in this JVM's memory: another instance of the service runs every request again
package kata.k08_conditional_writes;

import java.time.Duration;

import net.spy.memcached.MemcachedClient;

/**
 * Runs a request's work once, however many times the request arrives: the first to {@code add} the request's guard
 * key runs it; a duplicate (a retried payment, a double click, a message delivered twice) finds the key taken and
 * does not.
 *
 * <p>Task 5: {@link #runOnce} adds {@code keyPrefix + requestId} for the guard's TTL, and runs {@code work} only
 * when that {@code add} answered {@code true}: never before the guard is in memcached, never when another caller
 * (this instance, another one, another thread) holds it. It answers whether it ran the work.
 * <p>Task 6: the guard is kept whatever the work does: a work that throws may have charged the card before it
 * failed, so its retry must not run it again (at most once); the exception reaches the caller unchanged. A guard
 * expires after its TTL, and the TTL must fit memcached's relative exptime: more than zero, at most 30 days. When
 * memcached does not answer the {@code add}, nothing is known, so the work does not run.
 *
 * <p>The lesson, with hints: README.md in this folder.
 */
public final class IdempotencyGuard {

    /** memcached reads an exptime above 30 days as a Unix time: a guard "for 31 days" would expire in 1970. */
    public static final Duration MAX_TTL = Duration.ofDays(30);

    private final java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final MemcachedClient client;
    private final String keyPrefix;
    private final int ttlSeconds;

    /**
     * A guard under {@code keyPrefix + requestId} for each request, kept for {@code ttl}.
     *
     * @param ttl how long a duplicate is recognised: at least as long as clients retry
     * @throws IllegalArgumentException when {@code ttl} is not more than zero seconds, or is over {@link #MAX_TTL}
     */
    public IdempotencyGuard(MemcachedClient client, String keyPrefix, Duration ttl) {
        if (ttl.getSeconds() <= 0 || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("guard ttl must be from 1 second to 30 days, got " + ttl
                    + ": exptime 0 never expires and over 30 days is read as a date in 1970");
        }
        this.client = client;
        this.keyPrefix = keyPrefix;
        this.ttlSeconds = Math.toIntExact(ttl.getSeconds());
    }

    /**
     * Runs {@code work} unless request {@code requestId} has been seen within the guard's TTL.
     *
     * @return true when this call ran the work; false when the request is a duplicate and the work did not run
     * @throws IllegalStateException when memcached did not answer; the work did not run
     */
    public boolean runOnce(String requestId, Runnable work) {
        String key = keyPrefix + requestId;
        boolean first;
        try {
            // add is the check and the claim in one step, atomic on the server: get-then-set lets two callers in
            first = seen.add(key);
        } catch (RuntimeException e) {
            // fail closed: without the guard's answer a duplicate cannot be told from a first request
            throw new IllegalStateException("memcached did not answer the claim on " + key
                    + ": the work did not run", e);
        }
        if (first) {
            // no release on failure: the work may have done its effect before it threw
            work.run();
        }
        return first;
    }
}
