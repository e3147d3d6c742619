package kata.support.report;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import kata.support.MemcachedUnavailableException;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Why a kata test did not pass. The progress view, the grader and CI all ask this one question the same way.
 */
public enum Reason {

    /** A stub still throws its "implement me" exception: the learner has not started this task. */
    STUB,
    /** The learner's code ran and an expectation about memcached's behaviour did not hold. */
    ASSERTION,
    /**
     * The kata's code does not compile, or its tests no longer compile against it: the test could not run, and
     * counts as failed ({@link KataDoesNotCompile} says where, and how to put the stub back).
     */
    COMPILE,
    /** No memcached could be had: not the learner's fault, and not a learning failure. */
    ENVIRONMENT,
    /** Anything else: an unexpected exception from the learner's code or the test. */
    ERROR;

    /** {@code "k03_expiry, task 2: implement Expiry.get(key) in exercises/kata/k03_expiry/Expiry.java"}. */
    static final Pattern STUB_MESSAGE = Pattern.compile(
            "(k\\d\\d_[a-z0-9_]+), task (\\d+): implement (.+?) in (exercises/\\S+\\.java)");

    /** Classifies a failure by the first telling exception in its cause chain. */
    public static Reason of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof KataDoesNotCompile) {
                return COMPILE;
            }
            if (t instanceof MemcachedUnavailableException) {
                return ENVIRONMENT;
            }
            if (stubMessage(t) != null) {
                return STUB;
            }
            if (t instanceof AssertionError || t instanceof ConditionTimeoutException) {
                return ASSERTION;
            }
        }
        return ERROR;
    }

    /**
     * The stub's message (kata, task, method, file) when {@code t} is a stub's exception or an assertion that quotes
     * one ("expected ServerUnreachableException but was UnsupportedOperationException: k01_connection, task 1: …").
     */
    static Matcher stubMessage(Throwable t) {
        boolean stubOrQuote = t instanceof UnsupportedOperationException || t instanceof AssertionError;
        if (!stubOrQuote || t.getMessage() == null) {
            return null;
        }
        Matcher matcher = STUB_MESSAGE.matcher(t.getMessage());
        return matcher.find() ? matcher : null;
    }
}
