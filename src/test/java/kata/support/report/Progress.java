package kata.support.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * Where the learner stands after a run: each kata's state, the one next step, and whether the environment got in
 * the way. Written to {@code target/kata-progress.json} and printed by {@link ProgressView}.
 *
 * @param side            {@code exercises} or {@code solutions}
 * @param focus           the {@code -Dkata} value, or null for a full run
 * @param katasDone       how many katas of this run pass every test
 * @param katas           the katas of this run, in kata order
 * @param next            the first failing test of the first kata not done, or null (all done, or the environment
 *                        stopped that kata)
 * @param environment     tests that could not run for want of a server, or null: not counted as failures
 * @param supportFailures test-support tests (not katas) that did not pass
 * @param knownKatas      every kata discovered, for a {@code -Dkata} that matched none (package to title)
 */
public record Progress(String side, String focus, int katasDone, List<KataProgress> katas, NextStep next,
                       Environment environment, List<TestResult> supportFailures, Map<String, String> knownKatas) {

    /** Where one kata stands. */
    public enum Status { DONE, IN_PROGRESS, NOT_STARTED, NOT_CHECKED, DOES_NOT_COMPILE }

    /**
     * One kata.
     *
     * @param kata   the package, {@code "k04_expiry"}
     * @param title  the test class's display name, {@code "k04 · Items that expire"}
     * @param lesson  the lesson's path, or null when it has none
     * @param problem when it does not compile: the compiler's first error, {@code file:line: message}, after
     *                {@code its tests do not compile against your code: } when it is the tests; else null
     * @param reset   when it does not compile: the command that puts its stub back; else null
     * @param tests   its tests' results, in plan order (in kata-results.json already, so not repeated here)
     */
    public record KataProgress(String kata, int number, String title, Status status, int tasksDone, int tasksTotal,
                               int testsPassed, int testsTotal, String lesson, String problem, String reset,
                               @JsonIgnore List<TestResult> tests) {

        /** {@code "k04_expiry"} reads {@code "expiry"}. */
        public String topic() {
            return kata.substring(kata.indexOf('_') + 1);
        }
    }

    /**
     * The one thing to do next.
     *
     * @param message     the failure's teaching message (see {@link FailureDetail})
     * @param advice      how many of the first {@code message} lines are its advice: never shortened
     * @param file        the file to open: the stub named by the failure, the learner's code, or the kata's stub
     * @param line        the line in {@code file} where the fix belongs (the learner's method the test called), or
     *                    null
     * @param thrownAt    the learner's line that threw, when it is elsewhere ({@code File.java:96}), or null
     * @param testFrame   the failing line in the kata's test, or null
     * @param reset       when the kata does not compile, the command that puts its stub back; else null
     * @param moreFailing how many other tests of this kata fail too
     */
    public record NextStep(String kata, String title, int task, int tasksTotal, String test, String name,
                           Reason reason, List<String> message, int advice, String file, Integer line,
                           String thrownAt, String testFrame, String lesson, String reset,
                           String focusCommand, int moreFailing) {
    }

    /**
     * Tests that could not run: no memcached. Not the learner's failures.
     *
     * @param message the first such failure's explanation, which says how to fix it
     */
    public record Environment(int tests, String message) {
    }

    /** Whether every kata of this run is done (and there was at least one). */
    public boolean allDone() {
        return !katas.isEmpty() && katasDone == katas.size();
    }

    /** Builds the picture from a run's results; {@code base} is the project folder, for the lesson and stub files. */
    public static Progress of(String side, String focus, List<TestResult> results, Map<String, String> titles,
                              Map<String, FailureDetail> details, Map<String, String> knownKatas, Path base) {
        Map<String, List<TestResult>> byKata = new TreeMap<>(Comparator.comparingInt(KataFocus::number)
                .thenComparing(Comparator.naturalOrder()));
        List<TestResult> supportFailures = new ArrayList<>();
        List<TestResult> environment = new ArrayList<>();
        for (TestResult result : results) {
            if ("other".equals(result.kata())) {
                if (!result.passed()) {
                    supportFailures.add(result);
                }
                continue;
            }
            byKata.computeIfAbsent(result.kata(), kata -> new ArrayList<>()).add(result);
            if (result.reason() == Reason.ENVIRONMENT) {
                environment.add(result);
            }
        }
        List<KataProgress> katas = new ArrayList<>();
        byKata.forEach((kata, tests) -> katas.add(kata(kata, tests, titles, details, side, base)));
        NextStep next = katas.stream().filter(kata -> kata.status() != Status.DONE).findFirst()
                .filter(kata -> kata.status() != Status.NOT_CHECKED)
                .map(kata -> next(kata, details, side, base, focus))
                .orElse(null);
        Environment blocked = environment.isEmpty() ? null
                : new Environment(environment.size(), environment.get(0).message());
        int done = (int) katas.stream().filter(kata -> kata.status() == Status.DONE).count();
        return new Progress(side, focus, done, List.copyOf(katas), next, blocked, List.copyOf(supportFailures),
                new TreeMap<>(knownKatas));
    }

    private static KataProgress kata(String kata, List<TestResult> tests, Map<String, String> titles,
                                     Map<String, FailureDetail> details, String side, Path base) {
        Map<Integer, Boolean> taskPassed = new TreeMap<>();
        for (TestResult test : tests) {
            taskPassed.merge(test.task(), test.passed(), Boolean::logicalAnd);
        }
        int tasksDone = (int) taskPassed.values().stream().filter(Boolean::booleanValue).count();
        int passed = (int) tests.stream().filter(TestResult::passed).count();
        boolean blocked = tests.stream().anyMatch(test -> test.reason() == Reason.ENVIRONMENT);
        // nothing passes and a stub still throws: a stub's unchecked argument (an assertion) is not a learner's start
        boolean untouched = passed == 0 && tests.stream().anyMatch(test -> test.reason() == Reason.STUB);
        Optional<TestResult> uncompiled = tests.stream().filter(test -> test.reason() == Reason.COMPILE).findFirst();
        String problem = null;
        String reset = null;
        if (uncompiled.isPresent()) {
            // "k06_sessions does not compile: exercises/…:85: …" reads "exercises/…:85: …"; "k02_encoding: its tests
            // do not compile against your code: src/test/…" keeps what did not compile
            String message = Optional.ofNullable(uncompiled.get().message()).orElse("");
            problem = message.replaceFirst("^" + kata + "(?: does not compile)?:? ", "");
            FailureDetail detail = details.get(uncompiled.get().test());
            reset = detail == null ? null : detail.reset();
        }
        Status status = uncompiled.isPresent() ? Status.DOES_NOT_COMPILE
                : blocked ? Status.NOT_CHECKED
                : passed == tests.size() ? Status.DONE
                : untouched ? Status.NOT_STARTED
                : Status.IN_PROGRESS;
        Path lesson = Path.of(side, "kata", kata, "README.md");
        String lessonPath = Files.isRegularFile(base.resolve(lesson)) ? slashes(lesson) : null;
        return new KataProgress(kata, KataFocus.number(kata), titles.getOrDefault(kata, kata), status, tasksDone,
                taskPassed.size(), passed, tests.size(), lessonPath, problem, reset, List.copyOf(tests));
    }

    private static NextStep next(KataProgress kata, Map<String, FailureDetail> details, String side, Path base,
                                 String focus) {
        List<TestResult> failing = kata.tests().stream().filter(test -> !test.passed())
                .sorted(Comparator.comparingInt(TestResult::task)).toList(); // stable: plan order within a task
        TestResult first = failing.get(0);
        FailureDetail detail = Optional.ofNullable(details.get(first.test()))
                .orElse(new FailureDetail(first.message() == null ? List.of() : List.of(first.message()), 1, null,
                        null, null, null));
        String file = Stream.of(first.file(), withoutLine(detail.code()), stubOf(kata, side, base))
                .filter(path -> path != null).findFirst().orElse(slashes(Path.of(side, "kata", kata.kata())) + "/");
        boolean codeInFile = detail.code() != null && detail.code().startsWith(file + ":");
        Integer line = codeInFile ? Integer.valueOf(detail.code().substring(file.length() + 1)) : null;
        return new NextStep(kata.kata(), kata.title(), first.task(), kata.tasksTotal(), first.test(),
                sentence(first.name()), first.reason(), detail.message(), detail.advice(), file, line,
                elsewhere(detail.thrownAt(), file), detail.testFrame(), kata.lesson(), detail.reset(),
                focus == null ? "mvn test -Dkata=" + String.format("%02d", kata.number()) : null,
                failing.size() - 1);
    }

    /** {@code thrownAt} as the view names it: its line alone when it is in {@code file}, else its file and line. */
    private static String elsewhere(String thrownAt, String file) {
        if (thrownAt == null) {
            return null;
        }
        String thrownFile = withoutLine(thrownAt);
        return thrownFile.equals(file) ? "line " + thrownAt.substring(thrownFile.length() + 1)
                : thrownAt.substring(thrownAt.lastIndexOf('/') + 1);
    }

    /** The kata's stub: the file its failures name, or its only .java file. */
    private static String stubOf(KataProgress kata, String side, Path base) {
        Optional<String> named = kata.tests().stream().map(TestResult::file).filter(file -> file != null).findFirst();
        if (named.isPresent()) {
            return named.get();
        }
        Path folder = base.resolve(side).resolve("kata").resolve(kata.kata());
        try (Stream<Path> files = Files.list(folder)) {
            List<String> java = files.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(".java")).toList();
            return java.size() == 1 ? slashes(Path.of(side, "kata", kata.kata(), java.get(0))) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** "version is what the server itself reports (MemcachedServer)" reads without its parameter types. */
    static String sentence(String displayName) {
        return displayName.replaceFirst(" \\([^()]*\\)$", "");
    }

    private static String withoutLine(String fileAndLine) {
        return fileAndLine == null ? null : fileAndLine.replaceFirst(":\\d+$", "");
    }

    private static String slashes(Path path) {
        return path.toString().replace('\\', '/');
    }

    /** The JSON document: this record plus the totals a reader wants first. */
    public Map<String, Object> document() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("side", side);
        document.put("focus", focus);
        document.put("katasDone", katasDone);
        document.put("katasTotal", katas.size());
        document.put("allDone", allDone());
        document.put("katas", katas);
        document.put("next", next);
        document.put("environment", environment);
        document.put("supportFailures", supportFailures);
        if (focus != null && katas.isEmpty()) {
            document.put("knownKatas", knownKatas);
        }
        return document;
    }
}
