package kata.support.report;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import kata.build.KataLayout;

/**
 * One kata test's outcome, as written to {@code target/kata-results.json}.
 *
 * @param kata    the kata's package, e.g. {@code "k03_expiry"}
 * @param task    the number in the test's {@code @Tag("task:N")}, or 0 when it has none
 * @param test    the test's class and method, e.g. {@code "kata.k03_expiry.ExpiryKataTest#get_is_empty…"}
 * @param name    the sentence the test reads as
 * @param status  PASSED, FAILED, ABORTED, SKIPPED, or NOT_RUN when its class never started
 * @param reason  why it did not pass, or null when it passed
 * @param message the failure's first line, or null
 * @param file    the file to open next (from a stub's message, or the file that does not compile), or null
 */
public record TestResult(String kata, int task, String test, String name, String status, Reason reason,
                         String message, String file) {

    private static final Pattern KATA_PACKAGE = Pattern.compile("\\.(" + KataLayout.KATA.pattern() + ")\\.");

    /** The kata a test class belongs to, by its package, or {@code "other"} for test-support tests. */
    public static String kataOf(String className) {
        Matcher matcher = KATA_PACKAGE.matcher("." + className);
        return matcher.find() ? matcher.group(1) : "other";
    }

    public boolean passed() {
        return "PASSED".equals(status);
    }
}
