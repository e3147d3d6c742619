package kata.support.report;

import java.util.ArrayList;
import java.util.List;

import kata.build.KataCompile.Outcome;
import kata.build.Problem;

/**
 * What every test of a kata that cannot run throws: its code does not compile, or its tests no longer compile
 * against that code. The stand-ins that {@code kata.build.KataCompiler} writes for its tests throw it.
 */
public class KataDoesNotCompile extends RuntimeException {

    private final String kata;
    private final Outcome outcome;
    private final String open;
    private final String reset;
    private final int total;
    private final List<Problem> errors;

    /**
     * @param open   the file to open ({@code file:line} when a line is known)
     * @param reset  the command that puts the kata's stub back
     * @param total  how many errors the compiler reported ({@code errors} may hold only the first few)
     * @param errors the compiler's first errors
     */
    public KataDoesNotCompile(String kata, Outcome outcome, String open, String reset, int total,
                              List<Problem> errors) {
        super(message(kata, outcome, reset, total, errors), null, false, false); // no stack: nothing to see there
        this.kata = kata;
        this.outcome = outcome;
        this.open = open;
        this.reset = reset;
        this.total = total;
        this.errors = List.copyOf(errors);
    }

    public String kata() {
        return kata;
    }

    /** {@code DOES_NOT_COMPILE} (the learner's code) or {@code TESTS_DO_NOT_COMPILE} (the tests against it). */
    public Outcome outcome() {
        return outcome;
    }

    /** The file to open, {@code file:line} when the line is known. */
    public String open() {
        return open;
    }

    /** The file alone, without its line. */
    public String openFile() {
        return open == null ? null : open.replaceFirst(":\\d+$", "");
    }

    public String reset() {
        return reset;
    }

    public int total() {
        return total;
    }

    public List<Problem> errors() {
        return errors;
    }

    /** The first line says what and where, as the results file keeps it; then the source line and what to do. */
    private static String message(String kata, Outcome outcome, String reset, int total, List<Problem> errors) {
        List<String> lines = new ArrayList<>();
        String first = errors.isEmpty() ? "(no error recorded)" : errors.get(0).headline();
        lines.add(kata + (outcome == Outcome.TESTS_DO_NOT_COMPILE
                ? ": its tests do not compile against your code: " : " does not compile: ") + first);
        if (!errors.isEmpty() && errors.get(0).code() != null) {
            lines.add("    " + errors.get(0).code());
        }
        errors.stream().skip(1).forEach(error -> lines.add(error.headline()));
        if (total > errors.size()) {
            lines.add("(" + (total - errors.size()) + " more errors: target/kata-compile.json)");
        }
        lines.add(outcome == Outcome.TESTS_DO_NOT_COMPILE
                ? "The tests call the public signatures the stub had: put them back, or the stubs: " + reset
                : "Fix that line, or put the stub back: " + reset);
        return String.join(System.lineSeparator(), lines);
    }
}
