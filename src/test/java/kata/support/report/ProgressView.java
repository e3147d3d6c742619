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
    private static final String RESET_NOTE = "(drops your edits there)";
    /** Quoted values longer than this are shortened when the advice would not fit otherwise. */
    private static final int QUOTED = 40;

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
        uncompiled(progress, lines);
        Environment environment = progress.environment();
        if (progress.next() != null) {
            if (environment != null) {
                lines.add("");
                environment(environment, lines);
            }
            lines.add("");
            next(progress, progress.next(), lines);
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
                String mark = test.passed() ? "[x]" : test.reason() == Reason.ENVIRONMENT ? "[?]"
                        : test.reason() == Reason.COMPILE ? "[!]" : "[ ]";
                lines.add("  " + mark + " task " + test.task() + "  " + Progress.sentence(test.name()));
            }
        }
    }

    /**
     * The test-support tests that did not pass. Those that could not run for want of a server are left out: the
     * environment paragraph explains them, and repeating its ~600 characters once per test buried it. Only when no
     * kata test says so (a run of the support's tests alone) is that paragraph given here, once.
     */
    private static void support(Progress progress, List<String> lines) {
        List<TestResult> failed = progress.supportFailures().stream()
                .filter(test -> test.reason() != Reason.ENVIRONMENT).toList();
        if (!failed.isEmpty()) {
            lines.add("Test support (not a kata): " + failed.size() + (failed.size() == 1 ? " test" : " tests")
                    + " did not pass; target/surefire-reports has the details:");
            for (TestResult test : failed) {
                lines.add("  " + test.test() + ": " + test.status() + " "
                        + Optional.ofNullable(test.message()).orElse(""));
            }
        }
        List<TestResult> blocked = progress.supportFailures().stream()
                .filter(test -> test.reason() == Reason.ENVIRONMENT).toList();
        if (!blocked.isEmpty() && progress.environment() == null) {
            lines.add("");
            environment(new Environment(blocked.size(), blocked.get(0).message()), lines);
        }
    }

    /** Each kata that does not compile, apart from the next step's own: it is red, and this is why. */
    private static void uncompiled(Progress progress, List<String> lines) {
        String next = progress.next() == null ? null : progress.next().kata();
        for (KataProgress kata : progress.katas()) {
            if (kata.status() != Status.DOES_NOT_COMPILE || kata.kata().equals(next)) {
                continue;
            }
            lines.add("");
            lines.add(kata.title() + " does not compile, so " + counted(kata) + ":");
            List<String> problem = wrap(kata.problem(), WIDTH - 2);
            problem.subList(0, Math.min(problem.size(), 3)).forEach(line -> lines.add("  " + line));
            if (kata.reset() != null) {
                lines.add("  Reset   " + kata.reset() + "  " + RESET_NOTE);
            }
        }
    }

    private static void next(Progress progress, NextStep next, List<String> lines) {
        boolean uncompiled = next.reason() == Reason.COMPILE;
        if (uncompiled) {
            KataProgress kata = progress.katas().stream().filter(k -> k.kata().equals(next.kata())).findFirst()
                    .orElseThrow();
            String what = kata.problem() != null && kata.problem().startsWith("its tests")
                    ? ": its tests do not compile against your code" : " does not compile";
            lines.add("Next: " + next.title() + what + ", so " + counted(kata));
        } else {
            lines.add("Next: " + next.title() + ", task " + next.task() + " of " + next.tasksTotal());
            lines.add("  x " + next.name()
                    + (next.moreFailing() > 0 ? "  (" + next.moreFailing() + " more failing in this kata)" : ""));
        }
        fit(next.message(), next.advice(), WIDTH - 6, MESSAGE_LINES).forEach(line -> lines.add("      " + line));
        String why = next.reason() == Reason.STUB ? "  (its Javadoc says what to build)"
                : uncompiled && next.line() != null ? "  (fix that line, or put the stub back)"
                : uncompiled ? "  (the tests call the public signatures the stub has: keep them)"
                : next.thrownAt() != null ? "  (it threw at " + next.thrownAt() + ")"
                : "";
        lines.add("  Open    " + next.file() + (next.line() == null ? "" : ":" + next.line()) + why);
        if (next.reset() != null) {
            lines.add("  Reset   " + next.reset() + "  " + RESET_NOTE);
        }
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

    /** "its 7 tests count as failed". */
    private static String counted(KataProgress kata) {
        return kata.testsTotal() == 1 ? "its 1 test counts as failed"
                : "its " + kata.testsTotal() + " tests count as failed";
    }

    /**
     * Fits a message into {@code budget} lines of {@code width}: the first {@code advice} lines (what to do) are
     * wrapped whole, with their long quoted values shortened only if they would not fit otherwise; the rest
     * (AssertJ's expected and actual, a dump) is shortened to one line each and cut to the lines left.
     */
    static List<String> fit(List<String> message, int advice, int width, int budget) {
        int split = Math.min(advice, message.size());
        List<String> rest = message.subList(split, message.size());
        int room = budget - (rest.isEmpty() ? 0 : 1);
        List<String> head = wrapAll(message.subList(0, split), width);
        if (head.size() > room) {
            head = wrapAll(message.subList(0, split).stream().map(ProgressView::shortenQuoted).toList(), width);
        }
        if (head.size() > budget) { // an advice longer than a screen: never one of ours, but the view must end
            head = new ArrayList<>(head.subList(0, budget - 1));
            head.add("... (the rest in target/surefire-reports)");
        }
        List<String> fitted = new ArrayList<>(head);
        int left = budget - head.size();
        if (rest.size() <= left) {
            rest.forEach(line -> fitted.add(shorten(line, width)));
        } else if (left > 0) {
            rest.subList(0, left - 1).forEach(line -> fitted.add(shorten(line, width)));
            int more = rest.size() - (left - 1);
            fitted.add("... (" + more + " more line" + (more == 1 ? "" : "s") + " in target/surefire-reports)");
        }
        return fitted;
    }

    private static List<String> wrapAll(List<String> lines, int width) {
        List<String> wrapped = new ArrayList<>();
        lines.forEach(line -> wrapped.addAll(split(line, width)));
        return wrapped;
    }

    /** A dump line longer than {@code width} keeps its start and end: "Optional[User[id=…, name=Davi]]". */
    static String shorten(String line, int width) {
        if (line.length() <= width) {
            return line;
        }
        int tail = Math.min(20, width / 4);
        return line.substring(0, width - tail - 1) + "…" + line.substring(line.length() - tail);
    }

    /**
     * Shortens each quoted value longer than {@value #QUOTED} characters to its start and end: a stored JSON
     * document, a long key. A quote opens after a space, a bracket or {@code =}, and closes before a space, a
     * bracket, the end, or a punctuation mark that ends a phrase; so quotes inside a JSON value do not close it.
     */
    static String shortenQuoted(String line) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            boolean opens = c == '"' && (i == 0 || " ([{=".indexOf(line.charAt(i - 1)) >= 0);
            int close = opens ? closingQuote(line, i + 1) : -1;
            if (close < 0) {
                out.append(c);
                i++;
                continue;
            }
            String value = line.substring(i + 1, close);
            out.append('"').append(value.length() <= QUOTED ? value
                    : value.substring(0, 24) + "…" + value.substring(value.length() - 12)).append('"');
            i = close + 1;
        }
        return out.toString();
    }

    private static int closingQuote(String line, int from) {
        for (int j = from; j < line.length(); j++) {
            if (line.charAt(j) != '"') {
                continue;
            }
            if (j + 1 == line.length()) {
                return j;
            }
            char after = line.charAt(j + 1);
            boolean endsPhrase = ",;:.!?".indexOf(after) >= 0
                    && (j + 2 == line.length() || " )]".indexOf(line.charAt(j + 2)) >= 0);
            if (Character.isWhitespace(after) || ")]}".indexOf(after) >= 0 || endsPhrase) {
                return j;
            }
        }
        return -1;
    }

    private static void finished(Progress progress, List<String> lines) {
        if (progress.focus() == null) {
            int total = progress.katas().size();
            lines.add("Every kata is done (" + total + "/" + total + "). Each lesson (README.md) ends with"
                    + " \"Going further\": more to try on the real server.");
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
            case DOES_NOT_COMPILE -> "does not compile (see below)";
        };
    }

    /** A kata's mark in the list: {@code [x]} done, {@code [~]} in progress, {@code [ ]}, {@code [?]}, {@code [!]}. */
    public static String mark(Status status) {
        return switch (status) {
            case DONE -> "[x]";
            case IN_PROGRESS -> "[~]";
            case NOT_STARTED -> "[ ]";
            case NOT_CHECKED -> "[?]";
            case DOES_NOT_COMPILE -> "[!]";
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
