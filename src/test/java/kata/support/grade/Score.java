package kata.support.grade;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import kata.support.grade.RunResults.Reported;

/**
 * A grade: score.json, field by field and in its order (README.md, "Grading").
 *
 * <p>A planned test earns its points only when both witnesses say it passed: the test JVM (the results file, every
 * run of it PASSED) and Maven (Surefire's report, every test case of it a pass). When only the first says so, it is
 * UNCONFIRMED and earns nothing. A test that could not run because no memcached could be had, or because the build
 * failed before any test ran, is {@code environment}: it earns nothing and is not a learner's failure, and the grade
 * is {@code incomplete}.
 */
public record Score(int schema, String grade, int points, int maxPoints, Number percent, Counts tests, Kata kata,
                    String startedAt, String finishedAt, Run run, List<KataScore> katas, Submission submission) {

    /** The version of score.json's format; it goes up with any change to it. */
    public static final int SCHEMA = 1;

    /** Tests passed, in all, and that could not run because of the environment. */
    public record Counts(int passed, int total, int environment) {
    }

    /** The pristine kata graded against: its commit, and the katas graded ({@code --katas}, or "all"). */
    public record Kata(String commit, String katas) {
    }

    /** How the test run went. */
    public record Run(int mavenExitCode, boolean finished, boolean timedOut, int timeoutSeconds, String note) {
    }

    /** One kata's tally and its tasks, in task order. */
    public record KataScore(String kata, int passed, int total, int environment, int points, int maxPoints,
                            List<TaskScore> tasks) {
    }

    /** One task's tally and its tests, in the order they are written in. */
    public record TaskScore(int task, int passed, int total, int environment, int points, int maxPoints,
                            List<TestScore> tests) {
    }

    /**
     * One planned test's score.
     *
     * @param outcome passed, failed or environment
     * @param status  PASSED, FAILED, ABORTED, SKIPPED, NOT_RUN, or UNCONFIRMED (Surefire did not confirm a pass)
     * @param reason  STUB, ASSERTION, ENVIRONMENT, ERROR, or null
     * @param earned  its points, 0, or null for an environment failure
     */
    public record TestScore(String test, String name, String outcome, String status, String reason, String message,
                            int points, Integer earned) {
    }

    /**
     * What the grader knows of the run besides the tests' results.
     *
     * @param commit         the pristine kata's commit
     * @param katas          the {@code --katas} given, or empty for all
     * @param mavenExitCode  {@code mvn test}'s exit code (124 or 137 when the grader's time limit stopped it)
     */
    public record Facts(String commit, String katas, String startedAt, String finishedAt, int timeoutSeconds,
                        int mavenExitCode) {
    }

    static final String NEVER_RAN = "the build failed before any test ran: see mvn.log";
    static final String UNCONFIRMED = "the test JVM reported PASSED but Maven's Surefire report did not";

    /** Joins the plan with both witnesses' reports. */
    public static Score of(List<PlannedTest> plan, RunResults results, SurefireReports surefire, MavenLog log,
                           Facts facts, Submission submission) {
        boolean neverRan = !log.testsStarted() && !results.any();
        Map<String, List<Scored>> byKata = new TreeMap<>();
        List<Scored> all = new ArrayList<>();
        for (PlannedTest test : plan) {
            Scored scored = new Scored(test.kata(), test.task(),
                    score(test, results.of(test.test()), surefire.passed(test.suite(), test.method()), neverRan));
            all.add(scored);
            byKata.computeIfAbsent(test.kata(), k -> new ArrayList<>()).add(scored);
        }
        List<KataScore> katas = new ArrayList<>();
        byKata.forEach((kata, tests) -> {
            List<TaskScore> tasks = new ArrayList<>();
            tests.stream().collect(Collectors.groupingBy(Scored::task, TreeMap::new, Collectors.toList()))
                    .forEach((task, its) -> {
                        Tally tally = Tally.of(its);
                        tasks.add(new TaskScore(task, tally.passed, tally.total, tally.environment, tally.points,
                                tally.maxPoints, its.stream().map(Scored::score).toList()));
                    });
            Tally tally = Tally.of(tests);
            katas.add(new KataScore(kata, tally.passed, tally.total, tally.environment, tally.points,
                    tally.maxPoints, List.copyOf(tasks)));
        });
        Tally tally = Tally.of(all);
        boolean timedOut = log.timedOut(facts.mavenExitCode());
        String note = neverRan ? "the build failed before any test ran (not the submission): " + log.firstError()
                : timedOut ? "the test run hit the time limit; tests that never reported score 0"
                : !results.finished() ? "the test JVM ended before its plan finished (System.exit, Runtime.halt, a"
                        + " crash); tests that never reported score 0"
                : null;
        return new Score(SCHEMA, tally.environment > 0 || tally.total == 0 ? "incomplete" : "complete",
                tally.points, tally.maxPoints, percent(tally.points, tally.maxPoints),
                new Counts(tally.passed, tally.total, tally.environment),
                new Kata(facts.commit(), facts.katas().isEmpty() ? "all" : facts.katas()),
                facts.startedAt(), facts.finishedAt(),
                new Run(facts.mavenExitCode(), results.finished(), timedOut, facts.timeoutSeconds(), note),
                List.copyOf(katas), submission);
    }

    /** One planned test against what the test JVM reported ({@code runs}) and whether Surefire confirmed a pass. */
    static TestScore score(PlannedTest test, List<Reported> runs, boolean surefirePassed, boolean neverRan) {
        Reported worst = runs.stream().filter(run -> !run.passed()).findFirst().orElse(null);
        boolean listenerPassed = !runs.isEmpty() && worst == null;
        boolean passed = listenerPassed && surefirePassed;
        boolean environment = !passed
                && (neverRan || runs.stream().anyMatch(run -> "ENVIRONMENT".equals(run.reason())));
        String outcome = passed ? "passed" : environment ? "environment" : "failed";
        String status = passed ? "PASSED" : listenerPassed ? "UNCONFIRMED"
                : worst != null && worst.status() != null ? worst.status() : "NOT_RUN";
        String reason = passed ? null : neverRan ? "ENVIRONMENT" : listenerPassed || worst == null ? null
                : worst.reason();
        String message = passed ? null : neverRan ? NEVER_RAN : listenerPassed ? UNCONFIRMED
                : worst == null ? null : worst.message();
        Integer earned = passed ? Integer.valueOf(test.points()) : environment ? null : Integer.valueOf(0);
        return new TestScore(test.test(), test.name(), outcome, status, reason, message, test.points(), earned);
    }

    /** Points as a percentage with one decimal, rounded half up; 0 when there is nothing to score. */
    static Number percent(int points, int maxPoints) {
        if (maxPoints == 0) {
            return 0;
        }
        long tenths = Math.round(points * 1000.0 / maxPoints);
        // a whole percentage is written as jq writes it: 60, not 60.0
        return tenths % 10 == 0 ? (Number) Integer.valueOf((int) (tenths / 10))
                : (Number) Double.valueOf(tenths / 10.0);
    }

    private record Scored(String kata, int task, TestScore score) {
    }

    private record Tally(int passed, int total, int environment, int points, int maxPoints) {

        static Tally of(List<Scored> tests) {
            Function<String, Integer> count = outcome -> (int) tests.stream()
                    .filter(test -> test.score().outcome().equals(outcome)).count();
            return new Tally(count.apply("passed"), tests.size(), count.apply("environment"),
                    tests.stream().mapToInt(test -> test.score().earned() == null ? 0 : test.score().earned()).sum(),
                    tests.stream().mapToInt(test -> test.score().points()).sum());
        }
    }
}
