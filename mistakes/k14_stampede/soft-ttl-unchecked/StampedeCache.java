// MISTAKE (task 4): a soft TTL longer than the hard one is taken: memcached drops the entry before its refresh
package kata.k14_stampede;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import kata.shared.LoadTimeoutException;
import kata.shared.UnreadableValueException;
import net.spy.memcached.CASValue;
import net.spy.memcached.MemcachedClient;

/**
 * A cache-aside read that protects a slow repository from a stampede: when a hot key is missing, one request
 * recomputes it and the others wait for it, bounded, or serve the stale copy.
 *
 * <p>An entry is stored as one text value, {@code "<refreshAt> <value>"}: the epoch millisecond after which it
 * should be refreshed (its soft TTL), a space, then the value. Its hard TTL is memcached's exptime. The lock of
 * {@code key} is the key {@code key + ":lock"}, holding its owner's token.
 *
 * <p>Task 1: a miss takes the lock with {@code add}; the one request that gets it loads and stores the value, the
 * others poll for it: of 50 requests at once, exactly one loads, and all answer the value.
 * <p>Task 2: the lock has a short TTL ({@code lockTtl}), so a lock whose owner died expires by itself and a waiter
 * takes it; a load that fails releases the lock at once, and only if it is still this request's own (its token).
 * <p>Task 3: a waiter waits at most {@code maxWait}, then gives up with a {@link LoadTimeoutException}; it never
 * loads as well.
 * <p>Task 4: early refresh by a soft TTL inside the value: past {@code refreshAt}, one request takes the lock and
 * refreshes while every other request answers the stale value at once. A cached value not in that form (another
 * client's {@code "hello"}, not text, no number before the space) is a miss: reported to {@code onUnreadable} with its
 * key, once per request, then loaded and replaced; never an exception.
 *
 * <p>The lesson, with hints: README.md in this folder.
 */
public final class StampedeCache {

    /** What the lock of a key is called: the key and this suffix. */
    public static final String LOCK_SUFFIX = ":lock";

    /** How long a waiter pauses between two looks: short against a load, long against a round trip. */
    private static final Duration POLL = Duration.ofMillis(20);

    private final MemcachedClient client;
    private final Duration softTtl;
    private final Duration hardTtl;
    private final Duration lockTtl;
    private final Duration maxWait;
    private final Clock clock;
    private final BiConsumer<String, UnreadableValueException> onUnreadable;

    /**
     * A cache whose entries are refreshed after {@code softTtl} and dropped by memcached after {@code hardTtl}.
     *
     * @param lockTtl how long a lock outlives an owner that died: whole seconds, at least 1 s
     * @param maxWait how long a request waits for another's load before it gives up
     * @param clock   what the soft TTL is measured by (tests move it on)
     * @param onUnreadable told the key and the reason of every cached value that is not {@code "<refreshAt> <value>"}
     * @throws IllegalArgumentException when the lock would never expire, or the soft TTL outlives the hard one
     */
    public StampedeCache(MemcachedClient client, Duration softTtl, Duration hardTtl, Duration lockTtl,
            Duration maxWait, Clock clock, BiConsumer<String, UnreadableValueException> onUnreadable) {
        if (lockTtl.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("lockTtl " + lockTtl + ": at least 1 s (memcached counts whole seconds,"
                    + " and a TTL of 0 never expires: a lock whose owner died would block the key for ever)");
        }
        if (softTtl.compareTo(hardTtl.multipliedBy(2)) > 0) {
            throw new IllegalArgumentException("softTtl " + softTtl + " is longer than hardTtl " + hardTtl
                    + ": memcached would drop the entry before it is ever refreshed early");
        }
        this.client = client;
        this.softTtl = softTtl;
        this.hardTtl = hardTtl;
        this.lockTtl = lockTtl;
        this.maxWait = maxWait;
        this.clock = clock;
        this.onUnreadable = onUnreadable;
    }

    /**
     * The value of {@code key}: from the cache when it is fresh, else loaded by one request while the others wait for
     * it (bounded) or answer the stale copy.
     *
     * @throws LoadTimeoutException when another request held the lock for longer than {@code maxWait}
     * @throws RuntimeException     what {@code loader} threw, with the lock released
     */
    public String get(String key, Supplier<String> loader) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        boolean firstLook = true;
        while (true) {
            // one report per request: a waiter looks every POLL, and the bad value stays until the owner replaces it
            Entry cached = read(key, firstLook);
            firstLook = false;
            if (cached != null && fresh(cached)) {
                return cached.value();
            }
            String token = UUID.randomUUID().toString();
            if (client.add(key + LOCK_SUFFIX, (int) lockTtl.toSeconds(), token).getStatus().isSuccess()) {
                return loadLocked(key, loader, token);
            }
            if (cached != null) {
                return cached.value(); // another request refreshes it: the stale copy now beats a wait
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new LoadTimeoutException(key, maxWait);
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    private String loadLocked(String key, Supplier<String> loader, String token) {
        try {
            // the owner before us may have stored it between our read and our add
            Entry cached = read(key, false);
            if (cached != null && fresh(cached)) {
                return cached.value();
            }
            String value = loader.get();
            long refreshAt = clock.millis() + softTtl.toMillis();
            // stored before the lock goes: a waiter that finds neither would load again
            client.set(key, (int) hardTtl.toSeconds(), refreshAt + " " + value).getStatus();
            return value;
        } finally {
            release(key + LOCK_SUFFIX, token);
        }
    }

    /** Deletes the lock only while it still holds our token: a cas with a negative exptime expires it at once. */
    private void release(String lockKey, String token) {
        CASValue<Object> lock = client.gets(lockKey);
        if (lock != null && token.equals(lock.getValue())) {
            client.cas(lockKey, lock.getCas(), -1, token);
        }
    }

    private boolean fresh(Entry entry) {
        return clock.millis() < entry.refreshAt();
    }

    /** The entry of {@code key}, or null when there is none or it is unreadable (told to onUnreadable if asked). */
    private Entry read(String key, boolean report) {
        Object raw = client.get(key);
        if (raw == null) {
            return null;
        }
        try {
            return Entry.of(raw);
        } catch (UnreadableValueException e) {
            if (report) {
                // another client's value or an old format: a miss for the caller, seen by someone, replaced by the load
                onUnreadable.accept(key, e);
            }
            return null;
        }
    }

    private record Entry(long refreshAt, String value) {

        static Entry of(Object raw) {
            // spymemcached's default transcoder gives a String only for text with flags 0
            if (!(raw instanceof String text)) {
                throw new UnreadableValueException("a cached " + raw.getClass().getSimpleName()
                        + ", not \"<refreshAt> <value>\" text with flags 0");
            }
            // at the first space only: the value may hold spaces, the number never does
            String[] parts = text.split(" ", 2);
            if (parts.length < 2) {
                throw new UnreadableValueException("no space in it, so not \"<refreshAt> <value>\"");
            }
            try {
                return new Entry(Long.parseLong(parts[0]), parts[1]);
            } catch (NumberFormatException e) {
                throw new UnreadableValueException("not \"<refreshAt> <value>\": \"" + parts[0]
                        + "\" before the first space is not an epoch millisecond", e);
            }
        }
    }
}
