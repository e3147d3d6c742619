package kata.support.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import kata.support.report.Progress.Environment;
import kata.support.report.Progress.KataProgress;
import kata.support.report.Progress.NextStep;
import kata.support.report.Progress.Status;

/**
 * Renders {@link Progress} as the lines that end a test run: a bar, one line per kata, then the one next step.
 *
 * <p>The next step comes last, so it is what a learner sees without scrolling. Plain ASCII apart from the katas'
 * own titles: it must read the same in any terminal.
 */
public final class ProgressView {

    static final int WIDTH = 100;
    private static final int BAR = 30;
    /** With the 6 other lines of a next step, at most 14: a learner sees it all without scrolling. */
    static final int MESSAGE_LINES = 8;

    private ProgressView() {
    }

    /** The view, line by line. */
    public static List<String> render(Progress progress) {
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("=".repeat(WIDTH));
        if (progress.focus() != null && progress.katas().isEmpty()) {
            unmatched(progress, lines);
            return lines;
        }
        if (progress.katas().isEmpty()) {
            lines.add("No kata test ran in this run; `mvn test` runs them all.");
            support(progress, lines);
            return lines;
        }
        if (progress.focus() == null) {
            overview(progress, lines);
        } else {
            focused(progress, lines);
        }
        support(progress, lines);
        Environment environment = progress.environment();
        if (progress.next() != null) {
            if (environment != null) {
                lines.add("");
                environment(environment, lines);
            }
            lines.add("");
            next(progress.next(), lines);
        } else if (environment != null) {
            lines.add("");
            environment(environment, lines);
        } else {
            lines.add("");
            finished(progress, lines);
        }
        return lines;
    }

    private static void overview(Progress progress, List<String> lines) {
        int total = progress.katas().size();
        lines.add("memcached-kata  " + bar(progress.katasDone(), total) + "  " + progress.katasDone() + "/" + total
                + " katas done" + ("solutions".equals(progress.side()) ? "  (side: solutions)" : ""));
        int width = progress.katas().stream().mapToInt(kata -> kata.topic().length()).max().orElse(0);
        for (KataProgress kata : progress.katas()) {
            lines.add(String.format("  %s %02d %-" + width + "s  %s", mark(kata.status()), kata.number(), kata.topic(),
                    state(kata)));
        }
    }

    private static void focused(Progress progress, List<String> lines) {
        for (KataProgress kata : progress.katas()) {
            lines.add("Focus: " + kata.title() + "  " + bar(kata.tasksDone(), kata.tasksTotal()) + "  " + state(kata)
                    + ", " + kata.testsPassed() + "/" + kata.testsTotal() + " tests pass");
            List<TestResult> byTask = kata.tests().stream()
                    .sorted(Comparator.comparingInt(TestResult::task)).toList(); // stable: plan order within a task
            for (TestResult test : byTask) {
                String mark = test.passed() ? "[x]" : test.reason() == Reason.ENVIRONMENT ? "[?]" : "[ ]";
                lines.add("  " + mark + " task " + test.task() + "  " + Progress.sentence(test.name()));
            }
        }
    }

    private static void support(Progress progress, List<String> lines) {
        if (progress.supportFailures().isEmpty()) {
            return;
        }
        lines.add("Test support (not a kata): " + progress.supportFailures().size() + " tests did not pass;"
                + " target/surefire-reports has the details:");
        for (TestResult test : progress.supportFailures()) {
            lines.add("  " + test.test() + ": " + test.status() + " " + Optional.ofNullable(test.message()).orElse(""));
        }
    }

    private static void next(NextStep next, List<String> lines) {
        lines.add("Next: " + next.title() + ", task " + next.task() + " of " + next.tasksTotal());
        lines.add("  x " + next.name()
                + (next.moreFailing() > 0 ? "  (" + next.moreFailing() + " more failing in this kata)" : ""));
        List<String> message = new ArrayList<>();
        next.message().forEach(line -> message.addAll(split(line, WIDTH - 6)));
        if (message.size() > MESSAGE_LINES) {
            message.subList(MESSAGE_LINES - 1, message.size()).clear();
            message.add("... (the rest in target/surefire-reports)");
        }
        message.forEach(line -> lines.add("      " + line));
        lines.add("  Open    " + next.file() + (next.line() == null ? "" : ":" + next.line())
                + (next.reason() == Reason.STUB ? "  (its Javadoc says what to build)" : ""));
        if (next.lesson() != null) {
            lines.add("  Lesson  " + next.lesson() + "  (the idea, the tasks, hints in three steps)");
        }
        if (next.testFrame() != null) {
            lines.add("  Test    " + next.testFrame());
        }
        if (next.focusCommand() != null) {
            lines.add("  Focus   " + next.focusCommand() + "  (this kata only)");
        }
    }

    private static void finished(Progress progress, List<String> lines) {
        if (progress.focus() == null) {
            int total = progress.katas().size();
            lines.add("Every kata is done (" + total + "/" + total + "). Each lesson (README.md) has more to try.");
            return;
        }
        int last = progress.katas().get(progress.katas().size() - 1).number();
        Optional<Map.Entry<String, String>> following = progress.knownKatas().entrySet().stream()
                .filter(kata -> KataFocus.number(kata.getKey()) > last).findFirst();
        lines.add(following
                .map(kata -> String.format("Done. Next kata: mvn test -Dkata=%02d  (%s)",
                        KataFocus.number(kata.getKey()), kata.getValue()))
                .orElse("Done, and that is the last kata: `mvn test` shows the whole path."));
    }

    private static void environment(Environment environment, List<String> lines) {
        String count = environment.tests() == 1 ? "1 test" : environment.tests() + " tests";
        lines.addAll(wrap(environment.message() + " (" + count + " could not run; they are not counted as kata"
                + " failures.)", WIDTH));
    }

    private static void unmatched(Progress progress, List<String> lines) {
        lines.add("-Dkata=" + progress.focus() + " matches no kata, so no test ran.");
        if (progress.knownKatas().isEmpty()) {
            lines.add("No kata was found at all: run `mvn test` from the project folder.");
            return;
        }
        lines.add("The katas:");
        int width = progress.knownKatas().keySet().stream().mapToInt(String::length).max().orElse(0);
        progress.knownKatas().forEach((kata, title) ->
                lines.add(String.format("  %-" + width + "s  %s", kata, title)));
        String first = progress.knownKatas().keySet().iterator().next();
        lines.add(String.format("Run one with -Dkata=%02d or -Dkata=%s; `mvn test` runs them all.",
                KataFocus.number(first), first.substring(first.indexOf('_') + 1)));
    }

    private static String state(KataProgress kata) {
        return switch (kata.status()) {
            case DONE -> "done";
            case IN_PROGRESS -> "in progress: " + kata.tasksDone() + "/" + kata.tasksTotal() + " tasks";
            case NOT_STARTED -> "not started";
            case NOT_CHECKED -> "not checked: no memcached server (see below)";
        };
    }

    private static String mark(Status status) {
        return switch (status) {
            case DONE -> "[x]";
            case IN_PROGRESS -> "[~]";
            case NOT_STARTED -> "[ ]";
            case NOT_CHECKED -> "[?]";
        };
    }

    static String bar(int done, int total) {
        int filled = total == 0 ? 0 : Math.round((float) BAR * done / total);
        return "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "]";
    }

    /** Breaks a long line at spaces, keeping every character: a message may quote values whose spaces matter. */
    static List<String> split(String line, int width) {
        List<String> lines = new ArrayList<>();
        String rest = line;
        while (rest.length() > width) {
            int space = rest.lastIndexOf(' ', width);
            int cut = space > 0 ? space : width;
            lines.add(rest.substring(0, cut));
            rest = rest.substring(space > 0 ? cut + 1 : cut);
        }
        lines.add(rest);
        return lines;
    }

    /** Breaks {@code text} into lines of at most {@code width} characters, at spaces. */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.strip().split("\\s+")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
