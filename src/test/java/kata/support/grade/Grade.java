package kata.support.grade;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import kata.support.grade.Submission.Reverted;
import kata.support.report.KataFocus;

/**
 * The grader's decisions, called by {@code .ci/grade} (which extracts the kata, copies files and runs Maven) with the
 * pristine kata's test classpath, never the learner's. Working state goes to {@code --work}.
 *
 * <pre>
 * prepare --tests DIR --pristine DIR --submission DIR --work DIR [--katas 01,k03]
 *     the plan of the compiled tests in --tests (work/plan.json) and what the submission brings against the pristine
 *     kata (work/submission.json); prints the files to grade
 * reverts --kata DIR --pristine DIR --work DIR --log mvn.log --results kata-results.json
 *     after a build: prints the files to put back to their stub, and notes them in work/submission.json
 * score --kata DIR --work DIR --out DIR --log mvn.log --results kata-results.json --commit SHA [--katas 01,k03]
 *       --started T --finished T --timeout SECONDS --mvn-exit CODE
 *     writes out/score.json and out/summary.md (and out/kata-results.json when it was readable)
 * </pre>
 * Exits 2 on a wrong call or a {@code --katas} that names no kata, 1 when something could not be read or written.
 */
public final class Grade {

    private static final Map<String, Set<String>> OPTIONS = Map.of(
            "prepare", Set.of("tests", "pristine", "submission", "work", "katas"),
            "reverts", Set.of("kata", "pristine", "work", "log", "results"),
            "score", Set.of("kata", "work", "out", "log", "results", "commit", "katas", "started", "finished",
                    "timeout", "mvn-exit"));

    private Grade() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        try {
            System.exit(run(args, out, err));
        } catch (IOException | RuntimeException e) {
            System.err.println("grade: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Runs one command: what it prints goes to {@code out}, what went wrong to {@code err}. */
    static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        if (args.length == 0 || !OPTIONS.containsKey(args[0])) {
            return usage(err, "the first word is one of " + OPTIONS.keySet());
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i += 2) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!OPTIONS.get(args[0]).contains(name) || i + 1 >= args.length) {
                return usage(err, args[0] + " takes --" + String.join(" --", OPTIONS.get(args[0]))
                        + ", each with a value");
            }
            options.put(name, args[i + 1]);
        }
        return switch (args[0]) {
            case "prepare" -> prepare(options, out, err);
            case "reverts" -> reverts(options, out);
            default -> score(options, out);
        };
    }

    private static int prepare(Map<String, String> options, PrintStream out, PrintStream err) throws IOException {
        Path pristine = path(options, "pristine");
        Path work = path(options, "work");
        Optional<String> katas = Optional.ofNullable(options.get("katas")).filter(value -> !value.isBlank());
        Path tests = path(options, "tests");
        List<PlannedTest> plan = Planner.plan(tests, katas);
        if (plan.isEmpty() && katas.isEmpty()) {
            throw new IllegalStateException("no kata test in " + tests + ": nothing to grade against");
        }
        if (plan.isEmpty()) {
            err.println("grade: --katas " + katas.get() + " names no kata here; the katas are "
                    + String.join(", ", KataFocus.seen().keySet()) + " (by number, 01, or name, k03_json)");
            return 2;
        }
        Json.write(plan, work.resolve("plan.json"));
        Submission submission = Submission.inspect(path(options, "submission"), pristine);
        Json.write(submission, work.resolve("submission.json"));
        submission.used().forEach(out::println);
        return 0;
    }

    private static int reverts(Map<String, String> options, PrintStream out) throws IOException {
        Path state = path(options, "work").resolve("submission.json");
        Submission submission = Json.read(state, Submission.class);
        List<Reverted> now = Reverts.after(path(options, "kata"), path(options, "pristine"),
                MavenLog.read(path(options, "log")), Files.exists(path(options, "results")), submission);
        Json.write(submission.withReverted(now), state);
        now.forEach(reverted -> out.println(reverted.path()));
        return 0;
    }

    private static int score(Map<String, String> options, PrintStream out) throws IOException {
        Path work = path(options, "work");
        Path kata = path(options, "kata");
        Path outDir = path(options, "out");
        Path resultsFile = path(options, "results");
        List<PlannedTest> plan = Json.read(work.resolve("plan.json"),
                Json.mapper().getTypeFactory().constructCollectionType(List.class, PlannedTest.class));
        RunResults results = RunResults.read(resultsFile);
        if (results.readable()) {
            Files.copy(resultsFile, outDir.resolve("kata-results.json"), StandardCopyOption.REPLACE_EXISTING);
        }
        Score.Facts facts = new Score.Facts(required(options, "commit"), options.getOrDefault("katas", ""),
                required(options, "started"), required(options, "finished"), number(options, "timeout"),
                number(options, "mvn-exit"));
        Score score = Score.of(plan, results, SurefireReports.read(kata.resolve("target/surefire-reports")),
                MavenLog.read(path(options, "log")), facts, Json.read(work.resolve("submission.json"),
                        Submission.class));
        Json.write(score, outDir.resolve("score.json"));
        String summary = Summary.render(score);
        Files.writeString(outDir.resolve("summary.md"), summary, StandardCharsets.UTF_8);
        out.print(summary);
        return 0;
    }

    private static Path path(Map<String, String> options, String name) {
        return Path.of(required(options, name));
    }

    private static int number(Map<String, String> options, String name) {
        try {
            return Integer.parseInt(required(options, name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " takes a whole number, not " + options.get(name), e);
        }
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is missing");
        }
        return value;
    }

    private static int usage(PrintStream err, String why) {
        err.println("grade: " + why + " (see the Javadoc of kata.support.grade.Grade)");
        return 2;
    }
}
