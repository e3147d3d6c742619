package kata.build;

import java.util.List;

/**
 * How one kata compiled, as written to {@code target/kata-compile.json}.
 *
 * @param kata    the kata's package, {@code k06_sessions}
 * @param outcome whether its learner side and its tests compiled
 * @param errors  the compiler's errors, in its order (empty when it compiled)
 * @param open    the file to open first: the learner's file with the first error, or the one the failing tests call
 *                (the kata's folder when no file can be named); null when it compiled
 * @param reset   the command that puts its stub back, {@code git checkout -- exercises/kata/k06_sessions/…}; or null
 */
public record KataCompile(String kata, Outcome outcome, List<Problem> errors, String open, String reset) {

    /** What compiled. */
    public enum Outcome {
        /** The learner's side and the tests: the tests run. */
        COMPILED,
        /** The learner's side does not compile: its tests cannot run, and fail naming the error. */
        DOES_NOT_COMPILE,
        /** The learner's side compiles, but the kata's tests do not compile against it (a changed signature). */
        TESTS_DO_NOT_COMPILE
    }

    public KataCompile {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    static KataCompile compiled(String kata) {
        return new KataCompile(kata, Outcome.COMPILED, List.of(), null, null);
    }

    public boolean compiled() {
        return outcome == Outcome.COMPILED;
    }
}
