package kata.k16_failure;

import java.time.Duration;
import java.util.function.LongSupplier;

import kata.shared.BreakerState;

/**
 * A circuit breaker: after {@code failureThreshold} failures in a row it stops requests from reaching a failing
 * service, and after a cool-down lets one request find out whether it is back. Safe to share between threads.
 *
 * <p>Task 2: closed, it lets every request through and counts failures in a row (a success starts the count again);
 * at the threshold it opens, and lets nothing through until the cool-down has passed. Only the probe may close it.
 * <p>Task 3: once the cool-down has passed, {@link #allowRequest} lets exactly one request through, the probe, and
 * the breaker is half-open: the probe's success closes it, its failure opens it for a new cool-down, and a probe that
 * never reports is replaced after a cool-down. Time is {@code nanoTime}'s, which may wrap.
 *
 * <p>The lesson, with hints: README.md in this folder.
 */
public final class CircuitBreaker {

    private final int failureThreshold;
    private final Duration coolDown;
    private final LongSupplier nanoTime;

    /**
     * A closed breaker.
     *
     * @param failureThreshold failures in a row that open it, at least 1
     * @param coolDown         how long it stays open before it lets a probe through, more than zero
     * @param nanoTime         the time, as {@link System#nanoTime()} gives it (tests give their own)
     * @throws IllegalArgumentException for a threshold under 1 or a cool-down that is not positive, naming it
     */
    public CircuitBreaker(int failureThreshold, Duration coolDown, LongSupplier nanoTime) {
        this.failureThreshold = failureThreshold;
        this.coolDown = coolDown;
        this.nanoTime = nanoTime;
    }

    /** Where the breaker stands now. */
    public synchronized BreakerState state() {
        throw new UnsupportedOperationException("k16_failure, task 2: implement CircuitBreaker.state()"
                + " in exercises/kata/k16_failure/CircuitBreaker.java");
    }

    /**
     * Whether a request may call the service now: always while closed; while open, only once the cool-down has
     * passed, and then for one caller only (the probe), until it reports. A probe that has not reported for a whole
     * cool-down is taken as lost, and another is let through.
     */
    public synchronized boolean allowRequest() {
        throw new UnsupportedOperationException("k16_failure, task 2: implement CircuitBreaker.allowRequest()"
                + " in exercises/kata/k16_failure/CircuitBreaker.java");
    }

    /** A call the breaker allowed succeeded: the failures in a row start again at 0, and a probe closes it. */
    public synchronized void recordSuccess() {
        throw new UnsupportedOperationException("k16_failure, task 2: implement CircuitBreaker.recordSuccess()"
                + " in exercises/kata/k16_failure/CircuitBreaker.java");
    }

    /** A call the breaker allowed failed: one more in a row opens it at the threshold; a probe opens it again. */
    public synchronized void recordFailure() {
        throw new UnsupportedOperationException("k16_failure, task 2: implement CircuitBreaker.recordFailure()"
                + " in exercises/kata/k16_failure/CircuitBreaker.java");
    }
}
