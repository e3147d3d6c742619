package kata.support;

/**
 * No memcached server could be had: an environment problem, not a kata failure.
 *
 * <p>The progress view and the grader recognise this type and report it apart from learning failures. It carries
 * no stack trace: the message says everything, and twenty identical traces would bury it.
 */
public final class MemcachedUnavailableException extends RuntimeException {

    public MemcachedUnavailableException(String message) {
        super(message, null, false, false);
    }
}
