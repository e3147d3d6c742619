package kata.support.grade;

import java.util.ArrayList;
import java.util.List;

import kata.support.grade.Score.KataScore;
import kata.support.grade.Score.TaskScore;
import kata.support.grade.Score.TestScore;
import kata.support.grade.Submission.Ignored;
import kata.support.grade.Submission.Reverted;
import kata.support.grade.Submission.Warning;

/**
 * summary.md: a grade in Markdown, for a job summary or a learner (README.md, "Grading", has a sample).
 *
 * <p>Text the submission controls (failure messages, file names) goes into code spans, with the characters that
 * could end the span, a table row or start HTML replaced by {@code ?}, and cut to 400 characters.
 */
public final class Summary {

    /** At most this many ignored files and warnings are listed; the rest are counted. */
    private static final int LISTED = 50;
    private static final int CODE_LENGTH = 400;

    private Summary() {
    }

    /** The summary's lines, each ending in a newline. */
    public static String render(Score score) {
        List<String> out = new ArrayList<>();
        out.add("## memcached-kata grade: " + score.points() + " / " + score.maxPoints() + " points ("
                + score.percent() + "%), " + score.grade());
        out.add("");
        out.add("Kata commit `" + prefix(score.kata().commit(), 12) + "`, katas: " + score.kata().katas()
                + ", graded " + score.startedAt() + " to " + score.finishedAt() + ".");
        out.add("Tests passed: " + score.tests().passed() + "/" + score.tests().total()
                + (score.tests().environment() > 0
                ? "; **" + score.tests().environment() + " could not run because of the environment (no memcached):"
                        + " the grade is incomplete, not zero**"
                : "") + ".");
        if (score.run().note() != null) {
            out.add("");
            out.add("**Note:** " + code(score.run().note()));
        }
        out.add("");
        out.add("| kata | task | tests passed | points |");
        out.add("|------|------|--------------|--------|");
        List<String> notPassed = new ArrayList<>();
        for (KataScore kata : score.katas()) {
            for (TaskScore task : kata.tasks()) {
                out.add("| " + kata.kata() + " | " + task.task() + " | " + task.passed() + "/" + task.total()
                        + (task.environment() > 0 ? " (" + task.environment() + " environment)" : "") + " | "
                        + task.points() + "/" + task.maxPoints() + " |");
                for (TestScore test : task.tests()) {
                    if (!test.outcome().equals("passed")) {
                        notPassed.add("- " + kata.kata() + " task " + task.task() + ", " + test.name() + ": "
                                + test.status() + (test.reason() != null ? " (" + test.reason() + ")" : "")
                                + (test.message() != null ? " " + code(test.message()) : ""));
                    }
                }
            }
            out.add("| **" + kata.kata() + "** | | **" + kata.passed() + "/" + kata.total() + "** | **"
                    + kata.points() + "/" + kata.maxPoints() + "** |");
        }
        out.add("| **total** | | **" + score.tests().passed() + "/" + score.tests().total() + "** | **"
                + score.points() + "/" + score.maxPoints() + "** |");
        out.add("");
        if (!notPassed.isEmpty()) {
            out.add("<details><summary>Tests not passed (" + notPassed.size() + ")</summary>");
            out.add("");
            out.addAll(notPassed);
            out.add("");
            out.add("</details>");
            out.add("");
        }
        Submission submission = score.submission();
        out.add("Submission: " + submission.used().size() + " file(s) graded, " + submission.unchanged().size()
                + " unchanged from the stub, " + submission.missing().size() + " missing (graded as the stub).");
        if (!submission.revertedToStub().isEmpty()) {
            out.add("");
            out.add("**Graded as the stub** (the file broke the build):");
            out.add("");
            for (Reverted reverted : submission.revertedToStub()) {
                out.add("- " + code(reverted.path()) + ": " + reverted.why());
            }
        }
        List<Ignored> ignored = submission.ignored();
        if (!ignored.isEmpty()) {
            out.add("");
            out.add("**Ignored** (" + ignored.size() + " file(s) outside the allow-list that differ from the kata;"
                    + " they have no effect on the grade):");
            out.add("");
            for (Ignored file : ignored.subList(0, Math.min(LISTED, ignored.size()))) {
                out.add("- " + code(file.path()) + " (" + file.change() + "): " + file.why());
            }
            if (ignored.size() > LISTED) {
                out.add("- … and " + (ignored.size() - LISTED) + " more");
            }
        }
        List<Warning> warnings = submission.warnings();
        if (!warnings.isEmpty()) {
            out.add("");
            out.add("**For a human to look at** (calls no kata needs, in graded files):");
            out.add("");
            for (Warning warning : warnings.subList(0, Math.min(LISTED, warnings.size()))) {
                out.add("- " + warning.kind() + ": " + code(warning.at()));
            }
        }
        return String.join("\n", out) + "\n";
    }

    /** Submission-controlled text as a code span that cannot break out of it, nor out of a table. */
    static String code(String text) {
        StringBuilder safe = new StringBuilder("`");
        int[] codePoints = text.codePoints().limit(CODE_LENGTH).toArray();
        for (int c : codePoints) {
            safe.appendCodePoint("`|\r\n<>".indexOf(c) >= 0 ? '?' : c);
        }
        return safe.append('`').toString();
    }

    private static String prefix(String text, int codePoints) {
        return text.codePoints().limit(codePoints)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
