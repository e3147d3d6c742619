package kata.shared;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A slow source of users, the seed's {@code consulta_lenta}: every call waits, as a real database query would.
 *
 * <p>It counts its calls, so tests can prove a cache hit never reached it without timing anything. Safe to use
 * from several threads.
 */
public final class SlowUserRepository {

    /** The seed's {@code time.sleep(0.5)}. */
    public static final Duration SEED_DELAY = Duration.ofMillis(500);

    private final Duration delay;
    private final Map<Long, User> users = new ConcurrentHashMap<>();
    private final AtomicInteger loads = new AtomicInteger();
    private final AtomicInteger saves = new AtomicInteger();
    private final AtomicReference<Runnable> duringNextSave = new AtomicReference<>();

    /** A repository as slow as the seed's: {@value #SEED_DELAY} per call. */
    public SlowUserRepository() {
        this(SEED_DELAY);
    }

    /** A repository whose every call takes {@code delay}; tests pass a few milliseconds to stay fast. */
    public SlowUserRepository(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, was " + delay);
        }
        this.delay = delay;
    }

    /** Adds or replaces users at once, without waiting or counting: the data that was there before the test. */
    public SlowUserRepository with(User... initial) {
        for (User user : initial) {
            users.put(user.id(), user);
        }
        return this;
    }

    /** Loads the user with {@code id}, slowly; empty when there is none. Counted in {@link #loads()}. */
    public Optional<User> findById(long id) {
        loads.incrementAndGet();
        // read before waiting: what a query returns is what the table held when it started
        Optional<User> found = Optional.ofNullable(users.get(id));
        pause();
        return found;
    }

    /** Adds or replaces {@code user}, slowly; {@link #findById} sees it once this returns. Counted in {@link #saves()}. */
    public void save(User user) {
        Objects.requireNonNull(user, "user");
        saves.incrementAndGet();
        pause();
        Runnable concurrent = duringNextSave.getAndSet(null);
        if (concurrent != null) {
            concurrent.run();
        }
        users.put(user.id(), user);
    }

    /**
     * Runs {@code request} once, inside the next {@link #save}, just before its write commits.
     *
     * <p>It stands for a request that another thread serves at that very moment, made deterministic: a reader then
     * still sees the old row.
     */
    public void duringNextSave(Runnable request) {
        duringNextSave.set(Objects.requireNonNull(request, "request"));
    }

    /** How many times {@link #findById} was called. */
    public int loads() {
        return loads.get();
    }

    /** How many times {@link #save} was called. */
    public int saves() {
        return saves.get();
    }

    private void pause() {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis(), delay.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the slow repository", e);
        }
    }
}
