// MISTAKE (task 2): any success closes the breaker: a late answer while open lets every request through again.
package kata.k16_failure;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

import kata.shared.BreakerState;

/**
 * A circuit breaker: after {@code failureThreshold} failures in a row it stops requests from reaching a failing
 * service, and after a cool-down lets one request find out whether it is back. Safe to share between threads.
 *
 * <p>The lesson, with hints: README.md in this folder.
 */
public final class CircuitBreaker {

    private final int failureThreshold;
    private final Duration coolDown;
    private final LongSupplier nanoTime;

    private BreakerState state = BreakerState.CLOSED;
    private int failuresInARow;
    /** When the breaker last opened, or when the probe was let through: a {@code nanoTime} reading. */
    private long since;

    /**
     * A closed breaker.
     *
     * @param failureThreshold failures in a row that open it, at least 1
     * @param coolDown         how long it stays open before it lets a probe through, more than zero
     * @param nanoTime         the time, as {@link System#nanoTime()} gives it (tests give their own)
     * @throws IllegalArgumentException for a threshold under 1 or a cool-down that is not positive, naming it
     */
    public CircuitBreaker(int failureThreshold, Duration coolDown, LongSupplier nanoTime) {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failureThreshold " + failureThreshold + ": give 1 or more");
        }
        if (coolDown.isNegative() || coolDown.isZero()) {
            throw new IllegalArgumentException("coolDown " + coolDown + ": give a positive duration");
        }
        this.failureThreshold = failureThreshold;
        this.coolDown = coolDown;
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** Where the breaker stands now. */
    public synchronized BreakerState state() {
        return state;
    }

    /**
     * Whether a request may call the service now: always while closed; while open, only once the cool-down has
     * passed, and then for one caller only (the probe), until it reports. A probe that has not reported for a whole
     * cool-down is taken as lost, and another is let through.
     */
    public synchronized boolean allowRequest() {
        if (state == BreakerState.CLOSED) {
            return true;
        }
        long now = nanoTime.getAsLong();
        // a difference of two readings: nanoTime may wrap, so never compare since + coolDown with now
        if (now - since < coolDown.toNanos()) {
            return false;
        }
        state = BreakerState.HALF_OPEN;
        since = now;
        return true;
    }

    /** A call the breaker allowed succeeded: the failures in a row start again at 0, and a probe closes it. */
    public synchronized void recordSuccess() {
        // a late answer while open is no news: only the probe decides
        state = BreakerState.CLOSED;
        failuresInARow = 0;
    }

    /** A call the breaker allowed failed: one more in a row opens it at the threshold; a probe opens it again. */
    public synchronized void recordFailure() {
        if (state == BreakerState.HALF_OPEN) {
            open();
        } else if (state == BreakerState.CLOSED && ++failuresInARow >= failureThreshold) {
            open();
        }
    }

    private void open() {
        state = BreakerState.OPEN;
        failuresInARow = 0;
        since = nanoTime.getAsLong();
    }
}
