package kata.support.rigor;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import kata.support.MemcachedExtension;
import kata.support.inprocess.Compilation;
import kata.support.inprocess.KataClassLoader;
import kata.support.inprocess.LauncherRun;
import kata.support.inprocess.LauncherRun.Outcome;
import kata.support.report.KataFocus;
import kata.support.report.Reason;

/**
 * The catalogue-of-mistakes check: every known-wrong class in {@code mistakes/} must be caught by a test of the task
 * it names, and every kata needs at least four.
 *
 * <p>A case is {@code mistakes/<kata>/<case>/<Class>.java}, a copy of the solution's class with one mistake, whose
 * first line is {@code // MISTAKE (task N): <what is wrong>}. In one JVM, for each case: compile it
 * ({@link Compilation}) against the solutions' classes; load it in a {@link KataClassLoader} of its own, in front of
 * the kata's other solution classes and its tests; run the kata's tests of task N ({@link LauncherRun}, tag
 * {@code task:N}). It is caught when one of them fails for a reason other than the environment or the stub's own
 * exception. Before its cases, each kata's solution runs the same tests in the same JVM: a kata whose solution fails
 * them cannot prove anything about its mistakes.
 */
public final class MistakesChecker {

    /** {@code // MISTAKE (task 2): a Duration over 30 days is sent as relative seconds}. */
    static final Pattern FIRST_LINE = Pattern.compile("// MISTAKE \\(task (\\d+)\\): (\\S.*)");
    private static final Pattern KATA_DIR = Pattern.compile("k\\d\\d_[a-z0-9_]+");
    /** A mistake that hangs is caught by its hang, but must not hold the check for long. */
    private static final Map<String, String> CONFIGURATION = Map.of("junit.jupiter.execution.timeout.default", "60 s");

    private final Layout layout;
    private final Consumer<Line> out;

    private MistakesChecker(Layout layout, Consumer<Line> out) {
        this.layout = layout;
        this.out = out;
    }

    /**
     * Where everything is.
     *
     * @param mistakes    {@code mistakes/}: {@code <kata>/<case>/<Class>.java}
     * @param exercises   {@code exercises/kata/}: which katas there are
     * @param solutions   {@code solutions/kata/}: which classes a kata has
     * @param classes     the compiled solutions ({@code target/classes} of a solutions build)
     * @param testClasses the compiled tests ({@code target/test-classes})
     * @param work        where the mistakes are compiled ({@code target/mistakes})
     * @param classpath   what a mistake compiles against (the test classpath)
     */
    public record Layout(Path mistakes, Path exercises, Path solutions, Path classes, Path testClasses, Path work,
                         List<Path> classpath) {
    }

    /** One line of the report: a check that passed or failed. */
    public record Line(boolean ok, String text) {

        @Override
        public String toString() {
            return (ok ? "ok   " : "FAIL ") + text;
        }
    }

    /** Checks every kata in {@code exercises} (or those {@code focus} names) and reports each line as it is known. */
    public static List<Line> check(Layout layout, Optional<String> focus, int minimum, Consumer<Line> out) {
        return check(layout, focus, minimum, 1, out);
    }

    /**
     * As {@link #check(Layout, Optional, int, Consumer)}, with up to {@code threads} katas checked at once: each
     * kata's lines are reported when it and every kata before it are done, so the report reads as with one thread.
     * Katas checked at once must not share a server: see {@link #run}.
     */
    public static List<Line> check(Layout layout, Optional<String> focus, int minimum, int threads,
                                   Consumer<Line> out) {
        List<Line> lines = new ArrayList<>();
        Consumer<Line> report = line -> {
            lines.add(line);
            out.accept(line);
        };
        MistakesChecker checker = new MistakesChecker(layout, report);
        List<String> katas = dirs(layout.exercises()).stream().filter(k -> KATA_DIR.matcher(k).matches()).toList();
        for (String dir : dirs(layout.mistakes())) {
            if (!katas.contains(dir) && focus.map(f -> KATA_DIR.matcher(dir).matches() && KataFocus.matches(f, dir))
                    .orElse(true)) {
                checker.fail("mistakes/" + dir + ": no kata of that name in exercises/kata (a folder per kata: "
                        + String.join(", ", katas) + ")");
            }
        }
        List<String> chosen = katas.stream().filter(k -> focus.isEmpty() || KataFocus.matches(focus.get(), k))
                .toList();
        if (threads == 1) {
            chosen.forEach(kata -> checker.kata(kata, minimum));
        } else {
            OrderedPool.run(chosen, threads, kata -> {
                List<Line> its = new ArrayList<>();
                new MistakesChecker(layout, its::add).kata(kata, minimum);
                return its;
            }, report);
        }
        return lines;
    }

    private void kata(String kata, int minimum) {
        long begin = System.nanoTime();
        List<String> names = dirs(layout.mistakes().resolve(kata));
        Set<String> solutionClasses = javaClasses(layout.solutions().resolve(kata));
        String pkg = "kata." + kata;
        List<String> tests = KataClassLoader.topLevelClasses(layout.testClasses(), pkg);
        Map<String, Case> cases = new LinkedHashMap<>();
        for (String name : names) {
            parse(kata, name, solutionClasses).ifPresent(c -> cases.put(name, c));
        }
        if (!cases.isEmpty()) {
            Set<Integer> tasks = cases.values().stream().map(Case::task).collect(Collectors.toCollection(TreeSet::new));
            List<Outcome> baseline = LauncherRun.run(new KataClassLoader(pkg, List.of(layout.testClasses(),
                    layout.classes()), getClass().getClassLoader()), tests, tags(tasks), CONFIGURATION);
            for (Case c : cases.values()) {
                check(c, pkg, tests, baseline);
            }
        }
        String took = cases.isEmpty() ? ""
                : String.format(Locale.ROOT, ", checked in %.1f s", (System.nanoTime() - begin) / 1e9);
        if (names.size() >= minimum) {
            pass(kata + ": " + names.size() + " mistakes (at least " + minimum + ")" + took);
        } else {
            fail(kata + ": " + names.size() + " mistakes, at least " + minimum + " needed: add mistakes/" + kata
                    + "/<case>/<Class>.java, a copy of the solution's class with one mistake a learner would make,"
                    + " first line '// MISTAKE (task N): <what is wrong>'" + took);
        }
    }

    /** A case folder with exactly one class of the kata's solution and a well-formed first line. */
    private Optional<Case> parse(String kata, String name, Set<String> solutionClasses) {
        String id = kata + "/" + name;
        Path dir = layout.mistakes().resolve(kata).resolve(name);
        List<Path> files = list(dir).stream().filter(Files::isRegularFile).toList();
        List<Path> java = files.stream().filter(f -> f.getFileName().toString().endsWith(".java")).toList();
        if (java.size() != 1 || files.size() != 1) {
            fail(id + ": a case folder holds exactly one file, <Class>.java; found "
                    + (files.isEmpty() ? "none" : files.stream().map(f -> f.getFileName().toString()).sorted()
                    .collect(Collectors.joining(", "))));
            return Optional.empty();
        }
        Path file = java.get(0);
        String className = file.getFileName().toString().replaceFirst("\\.java$", "");
        if (!solutionClasses.contains(className)) {
            fail(id + ": " + className + ".java is not a class of " + kata + "'s solution (solutions/kata/" + kata
                    + " has " + String.join(", ", solutionClasses) + ")");
            return Optional.empty();
        }
        String first = firstLine(file);
        Matcher m = FIRST_LINE.matcher(first.strip());
        if (!m.matches()) {
            fail(id + ": the first line must be '// MISTAKE (task N): <what is wrong>', not: " + first);
            return Optional.empty();
        }
        return Optional.of(new Case(id, file, className, Integer.parseInt(m.group(1)), m.group(2).strip()));
    }

    private void check(Case c, String pkg, List<String> tests, List<Outcome> baseline) {
        List<Outcome> solution = baseline.stream().filter(o -> o.task() == c.task()).toList();
        if (solution.isEmpty()) {
            fail(c.id() + ": no test of " + pkg + " has @Tag(\"task:" + c.task() + "\"): name the task whose tests"
                    + " must catch it (the stub's Javadoc and the lesson number them)");
            return;
        }
        Optional<Outcome> broken = solution.stream().filter(o -> !o.passed()).findFirst();
        if (broken.isPresent()) {
            Outcome o = broken.get();
            fail(c.id() + ": not checked: the solution itself does not pass task " + c.task() + " in this JVM: "
                    + o.name() + ": " + o.status() + (o.failure() == null ? "" : " (" + o.reason() + ": "
                    + firstLine(o.failure()) + ")"));
            return;
        }
        Path out = layout.work().resolve(c.id());
        deleteRecursively(out);
        Compilation compiled = Compilation.compile(List.of(c.file()), layout.classpath(), out);
        if (!compiled.succeeded()) {
            fail(c.id() + ": does not compile: " + String.join("; ", compiled.errors()));
            return;
        }
        List<String> defined = KataClassLoader.topLevelClasses(out, pkg);
        if (!defined.equals(List.of(pkg + "." + c.className()))) {
            fail(c.id() + ": must define exactly " + pkg + "." + c.className() + " (package " + pkg + "); it defines "
                    + (defined.isEmpty() ? "no class of " + pkg : String.join(", ", defined)));
            return;
        }
        List<Outcome> run = LauncherRun.run(new KataClassLoader(pkg, List.of(out, layout.testClasses(),
                layout.classes()), getClass().getClassLoader()), tests, tags(Set.of(c.task())), CONFIGURATION);
        verdict(c, run.stream().filter(o -> o.task() == c.task()).toList());
    }

    private void verdict(Case c, List<Outcome> task) {
        List<Outcome> caught = task.stream().filter(o -> !o.passed() && o.failure() != null)
                .filter(o -> o.reason() == Reason.ASSERTION || o.reason() == Reason.ERROR).toList();
        if (!caught.isEmpty()) {
            pass(c.id() + ": task " + c.task() + " caught by " + caught.get(0).name()
                    + (caught.size() > 1 ? " (and " + (caught.size() - 1) + " more)" : ""));
            return;
        }
        Optional<Outcome> other = task.stream().filter(o -> !o.passed()).findFirst();
        if (other.isPresent() && other.get().reason() == Reason.ENVIRONMENT) {
            fail(c.id() + ": not checked: no memcached (" + firstLine(other.get().failure()) + ")");
        } else if (other.isPresent() && other.get().reason() == Reason.STUB) {
            fail(c.id() + ": task " + c.task() + " fails only on the stub's own exception: a mistake is a wrong"
                    + " program a learner would write, not the stub");
        } else {
            fail(c.id() + ": no test of task " + c.task() + " fails on it (" + task.size() + " ran"
                    + other.map(o -> "; " + o.name() + " was " + o.status()).orElse(", all passed")
                    + "): a learner who writes this goes green; write the test of task " + c.task()
                    + " that fails on it (" + c.what() + ")");
        }
    }

    private void pass(String text) {
        out.accept(new Line(true, text));
    }

    private void fail(String text) {
        out.accept(new Line(false, text));
    }

    private record Case(String id, Path file, String className, int task, String what) {
    }

    private static List<String> tags(Set<Integer> tasks) {
        return tasks.stream().map(t -> "task:" + t).toList();
    }

    private static List<String> dirs(Path dir) {
        return list(dir).stream().filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + dir, e);
        }
    }

    private static Set<String> javaClasses(Path dir) {
        return list(dir).stream().map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".java"))
                .map(f -> f.substring(0, f.length() - ".java".length())).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String firstLine(Path file) {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.findFirst().orElse("");
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }

    private static String firstLine(Throwable failure) {
        String message = failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage().strip();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline).strip();
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("could not clear " + dir, e);
        }
    }

    /**
     * {@code MistakesChecker --mistakes=… --exercises=… --solutions=… --classes=… --test-classes=… --work=…
     * [--kata=<focus>] [--side=solutions] [--minimum=4] [--threads=1]}, in a JVM of its own started with the test
     * classpath ({@code mvn verify -Pmistakes}). Prints a line per case and per kata, then {@code N passed, N failed};
     * exits 1 when anything failed. With one thread the JVM keeps one memcached for every case
     * ({@code memcached.shared=jvm}); with more, each run of a kata's tests has its own ({@code run}).
     */
    public static void main(String[] args) {
        PrintStream stdout = System.out;
        int status;
        try {
            status = run(args, stdout);
        } catch (RuntimeException e) {
            stdout.println("FAIL mistakes check: " + e.getMessage());
            stdout.println("0 passed, 1 failed");
            status = 2;
        }
        stdout.flush();
        // a mistake may leave threads behind (a client never shut down): they must not keep this JVM alive
        System.exit(status);
    }

    static int run(String[] args, PrintStream stdout) {
        Map<String, String> o = Options.parse(args, "mistakes", "exercises", "solutions", "classes", "test-classes",
                "work", "kata", "side", "minimum", "threads");
        String side = o.getOrDefault("side", "solutions");
        if (!side.equals("solutions")) {
            throw new IllegalArgumentException("the mistakes replace classes of the solutions, so the build must be"
                    + " of solutions/ (kata.side=" + side + "): run mvn verify -Pmistakes, without -Dkata.side");
        }
        int threads = Integer.parseInt(o.getOrDefault("threads", "1"));
        String shared = System.getProperty(MemcachedExtension.SHARED_PROPERTY);
        if (threads > 1 && "jvm".equals(shared)) {
            throw new IllegalArgumentException(MemcachedExtension.SHARED_PROPERTY + "=jvm with --threads=" + threads
                    + ": katas checked at once would share one server, and each run would take the other's clients"
                    + " for leaked ones; leave " + MemcachedExtension.SHARED_PROPERTY + " unset");
        }
        if (shared == null) {
            // one kata at a time: one server for every run. Several at once: the JVM's server would see the other
            // katas' clients as leaked and replace it under them, so each run gets its own (a local binary: ~10 ms)
            System.setProperty(MemcachedExtension.SHARED_PROPERTY, threads == 1 ? "jvm" : "run");
        }
        Layout layout = new Layout(path(o, "mistakes"), path(o, "exercises"), path(o, "solutions"), path(o, "classes"),
                path(o, "test-classes"), path(o, "work"), Compilation.jvmClasspath());
        long begin = System.nanoTime();
        stdout.println("Mistakes: each known-wrong class in mistakes/ must fail a test of the task it names");
        List<Line> lines = check(layout, Optional.ofNullable(o.get("kata")),
                Integer.parseInt(o.getOrDefault("minimum", "4")), threads, stdout::println);
        long failed = lines.stream().filter(l -> !l.ok()).count();
        stdout.printf(Locale.ROOT, "mistakes checked in %.1f s%n", (System.nanoTime() - begin) / 1e9);
        stdout.println((lines.size() - failed) + " passed, " + failed + " failed");
        return failed == 0 ? 0 : 1;
    }

    private static Path path(Map<String, String> options, String name) {
        return Path.of(Options.required(options, name));
    }
}
