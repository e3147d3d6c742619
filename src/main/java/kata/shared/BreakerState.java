package kata.shared;

/**
 * Where a circuit breaker stands: whether requests may reach the service it guards.
 */
public enum BreakerState {

    /** The service answers: every request goes through, and failures in a row are counted. */
    CLOSED,

    /** The service failed too often: no request reaches it until the cool-down has passed. */
    OPEN,

    /** The cool-down has passed and one request, the probe, is finding out whether the service is back. */
    HALF_OPEN
}
