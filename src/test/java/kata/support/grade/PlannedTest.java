package kata.support.grade;

/**
 * One test the grade is out of: a test method, or a parameterized, repeated or template method as a whole.
 *
 * @param kata      the kata's package, e.g. {@code "k01_connection"}
 * @param suite     the top-level test class, which Surefire names its report after
 * @param test      {@code class#method}, the class in binary form ({@code Outer$Nested}): the results file's key
 * @param method    the method's name, which Surefire's report names (with parameter types and an index after it)
 * @param name      the sentence it reads as: the {@code @Nested} classes' display names, then the method's
 * @param task      the {@code task:N} tag nearest to the method, or 0
 * @param points    the {@code points:N} tag nearest to the method, or 1
 */
public record PlannedTest(String kata, String suite, String test, String method, String name, int task, int points) {

    /** The class part of {@link #test}. */
    public String className() {
        return test.substring(0, test.indexOf('#'));
    }
}
