package kata.support.rigor;

/**
 * One mutant from PIT's {@code mutations.xml}: a small change PIT made to a solution's class, and what the kata tests
 * did about it.
 *
 * @param kata        the kata's package, e.g. {@code "k03_json"}
 * @param className   the mutated class, e.g. {@code "kata.k03_json.UserStore"}
 * @param method      the mutated method's name
 * @param sourceFile  the class's source file name, e.g. {@code "UserStore.java"}
 * @param line        the mutated line
 * @param mutator     PIT's mutator class, e.g. {@code "org.pitest…NegateConditionalsMutator"}
 * @param description what PIT changed, e.g. {@code "negated conditional"}
 * @param status      KILLED, SURVIVED, NO_COVERAGE, TIMED_OUT, …
 * @param detected    whether PIT counts it as caught by a test (KILLED, TIMED_OUT, MEMORY_ERROR, RUN_ERROR …)
 */
public record Mutant(String kata, String className, String method, String sourceFile, int line, String mutator,
                     String description, String status, boolean detected) {

    /** {@code "UserStore"} for {@code "kata.k03_json.UserStore"} (a nested class keeps its {@code $} part). */
    public String simpleClassName() {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    /** The mutator's class name without its package: {@code "NegateConditionalsMutator"}. */
    public String mutatorName() {
        return mutator.substring(mutator.lastIndexOf('.') + 1);
    }
}
