package kata.build;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import kata.build.KataCompile.Outcome;

/**
 * Compiles the katas one by one, so that one that does not compile fails only its own tests.
 *
 * <p>{@code mvn test} runs it twice in place of Maven's compiler (see the pom): at {@code compile} it compiles the
 * shared code, then each kata's learner side; at {@code test-compile} the test support, then each kata's tests
 * against that kata's code. Shared code and test support must compile, as under Maven's compiler. A kata whose code
 * does not compile, or whose tests no longer compile against it, gets stand-ins for its tests ({@link StandIns})
 * that fail with the compiler's message and the command that puts its stub back; every other kata runs as usual.
 * {@code target/kata-compile.json} says how each kata compiled.
 *
 * <p>Arguments, as {@code name=value}: {@code phase} ({@code main} or {@code tests}), {@code base} (the project
 * folder), {@code side} ({@code exercises} or {@code solutions}), {@code isolated} ({@code false}: Maven's compiler
 * does it all, strictly, as {@code -Psolutions} and the grader want; this tool then only removes its report),
 * {@code release} and {@code encoding}.
 */
public final class KataCompiler {

    /** The report's name in {@code target/}. */
    public static final String REPORT = "kata-compile.json";

    private final KataLayout layout;
    private final Javac javac;
    private final List<Path> classpath;
    private final PrintStream out;

    KataCompiler(KataLayout layout, Javac javac, List<Path> classpath, PrintStream out) {
        this.layout = layout;
        this.javac = javac;
        this.classpath = List.copyOf(classpath);
        this.out = out;
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = options(args);
        KataLayout layout = new KataLayout(Path.of(options.getOrDefault("base", ".")), options.getOrDefault("side",
                "exercises"));
        Path report = layout.target().resolve(REPORT);
        if (!Boolean.parseBoolean(options.getOrDefault("isolated", "true"))) {
            Files.deleteIfExists(report); // Maven's compiler builds this run: a report would describe another
            return;
        }
        try (Javac javac = new Javac(layout.base(), layout.target().resolve("kata-build-scratch"),
                options.getOrDefault("release", "17"), options.getOrDefault("encoding", "UTF-8"))) {
            KataCompiler compiler = new KataCompiler(layout, javac, loaderClasspath(), System.out);
            switch (options.getOrDefault("phase", "")) {
                case "main" -> compiler.write(compiler.main());
                case "tests" -> compiler.write(compiler.tests(compiler.read()));
                default -> throw new IllegalArgumentException("phase=main or phase=tests, not " + options);
            }
        }
    }

    /** Shared code (strict), then each kata's learner side (isolated). */
    List<KataCompile> main() {
        forgetMavensCompilerState();
        strict("src/main/java", layout.mainSources(), layout.classes(),
                layout.target().resolve("generated-sources/annotations"));
        SortedSet<String> katas = layout.katas();
        Map<String, KataCompile> results = new LinkedHashMap<>();
        List<String> present = new ArrayList<>();
        for (String kata : katas) {
            Javac.delete(layout.classes().resolve("kata").resolve(kata)); // never last run's classes for this one
            if (layout.sideSources(kata).isEmpty()) {
                results.put(kata, missing(layout, kata));
            } else {
                present.add(kata);
            }
        }
        Map<String, List<Problem>> broken = isolated(present, kata -> layout.sideSources(kata), layout.classes(),
                layout.target().resolve("generated-sources/annotations"));
        for (String kata : present) {
            results.put(kata, broken.containsKey(kata) ? doesNotCompile(kata, broken.get(kata))
                    : KataCompile.compiled(kata));
        }
        List<KataCompile> all = katas.stream().map(results::get).toList();
        all.stream().filter(kata -> !kata.compiled()).forEach(this::tell);
        return all;
    }

    /** Test support (strict), each kata's tests against its code (isolated), stand-ins for the rest. */
    List<KataCompile> tests(List<KataCompile> sides) {
        Path generated = layout.target().resolve("generated-test-sources/test-annotations");
        strict("the test support (src/test/java/kata/support, src/build/java)", layout.supportSources(),
                layout.testClasses(), generated);
        Map<String, KataCompile> results = new LinkedHashMap<>();
        sides.forEach(kata -> results.put(kata.kata(), kata));
        layout.katas().forEach(kata -> results.putIfAbsent(kata, KataCompile.compiled(kata)));
        List<String> runnable = new ArrayList<>();
        for (KataCompile kata : results.values()) {
            Javac.delete(layout.testClasses().resolve("kata").resolve(kata.kata()));
            if (kata.compiled() && !layout.testSources(kata.kata()).isEmpty()) {
                runnable.add(kata.kata());
            }
        }
        Map<String, List<Problem>> broken = isolated(runnable, kata -> layout.testSources(kata),
                layout.testClasses(), generated);
        broken.forEach((kata, problems) -> {
            KataCompile result = testsDoNotCompile(layout, kata, problems);
            results.put(kata, result);
            tell(result);
        });
        standIns(results.values().stream().filter(kata -> !kata.compiled()).toList());
        crossKata(generated);
        return List.copyOf(results.values());
    }

    /**
     * The checks across katas import several katas' code, so an unfinished kata may break them. They run only with
     * {@code -Psolutions} (tag {@code interop}), so here a failure leaves them out, in one line, and blocks nothing.
     */
    private void crossKata(Path generated) {
        List<Path> sources = layout.crossKataSources();
        if (sources.isEmpty()) {
            return;
        }
        sources.forEach(this::deleteClassesOf); // last run's classes; javac writes none when any file has an error
        List<Problem> problems = javac.compile(sources, classpath(layout.testClasses()), layout.testClasses(),
                generated);
        if (!problems.isEmpty()) {
            out.println("the checks across katas (" + layout.relative(sources.get(0).getParent())
                    + ") do not compile against your code and are left out; they run with -Psolutions ("
                    + problems.get(0).location() + ")");
        }
    }

    /** The class files of {@code source}'s type and of its nested types. */
    private void deleteClassesOf(Path source) {
        Path folder = layout.testClasses().resolve(layout.tests().relativize(source)).getParent();
        String type = source.getFileName().toString().replaceFirst("\\.java$", "");
        if (Files.isDirectory(folder)) {
            try (Stream<Path> files = Files.list(folder)) {
                files.filter(file -> file.getFileName().toString().matches(Pattern.quote(type) + "(\\$.*)?\\.class"))
                        .toList().forEach(Javac::delete);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private Map<String, List<Problem>> isolated(List<String> katas, Function<String, List<Path>> sources, Path output,
                                                Path generated) {
        try {
            return Isolation.isolate(katas, set -> javac.compile(
                    set.stream().flatMap(kata -> sources.apply(kata).stream()).toList(), classpath(output), output,
                    generated), problem -> KataLayout.kataOf(problem.file()));
        } catch (Isolation.NotIsolated e) {
            throw failure("the katas", e.problems());
        }
    }

    private void strict(String what, List<Path> sources, Path output, Path generated) {
        List<Problem> problems = javac.compile(sources, classpath(output), output, generated);
        if (!problems.isEmpty()) {
            throw failure(what, problems);
        }
    }

    /** The class path with {@code output} first, then the shared and the katas' code: what compiled before. */
    private List<Path> classpath(Path output) {
        List<Path> path = new ArrayList<>(List.of(output.toAbsolutePath().normalize()));
        Path classes = layout.classes().toAbsolutePath().normalize();
        if (!path.contains(classes)) {
            path.add(classes);
        }
        classpath.stream().map(entry -> entry.toAbsolutePath().normalize()).filter(entry -> !path.contains(entry))
                .forEach(path::add);
        return path;
    }

    private IllegalStateException failure(String what, List<Problem> problems) {
        for (Problem problem : problems) {
            System.err.println("[ERROR] " + (problem.file() == null ? "" : layout.base().resolve(problem.file())
                    + (problem.line() > 0 ? ":[" + problem.line() + "," + problem.column() + "] " : " "))
                    + problem.message());
        }
        return new IllegalStateException(what + " does not compile (" + problems.size() + " error"
                + (problems.size() == 1 ? "" : "s") + " above). It is not a kata's learner code, so no kata can run"
                + " without it; if you changed it, put it back with git checkout -- <file>.");
    }

    /** A kata whose learner side has no .java file left. */
    static KataCompile missing(KataLayout layout, String kata) {
        String folder = layout.relative(layout.sideOf(kata));
        return new KataCompile(kata, Outcome.DOES_NOT_COMPILE,
                List.of(new Problem(folder, 0, 0, "no .java file here: the kata's code is missing", null)),
                folder, "git checkout -- " + folder);
    }

    static KataCompile doesNotCompile(String kata, List<Problem> problems) {
        List<String> files = problems.stream().map(Problem::file).filter(file -> file != null).distinct().toList();
        return new KataCompile(kata, Outcome.DOES_NOT_COMPILE, problems, problems.get(0).location(),
                "git checkout -- " + String.join(" ", files));
    }

    static KataCompile testsDoNotCompile(KataLayout layout, String kata, List<Problem> problems) {
        String open = learnersFileNamedIn(layout, kata, problems).orElse(layout.relative(layout.sideOf(kata)) + "/");
        return new KataCompile(kata, Outcome.TESTS_DO_NOT_COMPILE, problems, open,
                "git checkout -- " + layout.relative(layout.sideOf(kata)));
    }

    /** The learner's file whose class the compiler's messages name first: the signature the tests call is there. */
    static Optional<String> learnersFileNamedIn(KataLayout layout, String kata, List<Problem> problems) {
        for (Problem problem : problems) {
            for (Path file : layout.sideSources(kata)) {
                String type = file.getFileName().toString().replaceFirst("\\.java$", "");
                if (Pattern.compile("\\b" + Pattern.quote(type) + "\\b").matcher(problem.message()).find()) {
                    return Optional.of(layout.relative(file));
                }
            }
        }
        return Optional.empty();
    }

    private void standIns(List<KataCompile> katas) {
        Path folder = layout.target().resolve("generated-test-sources/kata-stand-ins");
        Javac.delete(folder);
        List<Path> written = new ArrayList<>();
        for (KataCompile kata : katas) {
            if (layout.testSources(kata.kata()).isEmpty()) {
                continue;
            }
            StandIns.of(layout.testSources(kata.kata()), thrown(kata)).forEach((path, source) -> {
                Path file = folder.resolve(path);
                try {
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, source);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                written.add(file);
            });
        }
        strict("the stand-ins for the tests of katas that do not compile", written, layout.testClasses(),
                layout.target().resolve("generated-test-sources/test-annotations"));
    }

    /** The expression every stand-in test throws: {@code new kata.support.report.KataDoesNotCompile(…)}. */
    static String thrown(KataCompile kata) {
        StringBuilder errors = new StringBuilder();
        for (Problem problem : kata.errors().subList(0, Math.min(kata.errors().size(), 10))) {
            errors.append(errors.length() == 0 ? "" : ",\n                ")
                    .append("new kata.build.Problem(").append(StandIns.literal(problem.file())).append(", ")
                    .append(problem.line()).append("L, ").append(problem.column()).append("L, ")
                    .append(StandIns.literal(problem.message())).append(", ").append(StandIns.literal(problem.code()))
                    .append(')');
        }
        return "new kata.support.report.KataDoesNotCompile(" + StandIns.literal(kata.kata())
                + ", kata.build.KataCompile.Outcome." + kata.outcome().name() + ", " + StandIns.literal(kata.open())
                + ", " + StandIns.literal(kata.reset()) + ", " + kata.errors().size() + ",\n                "
                + "java.util.List.of(" + errors + "))";
    }

    /** One line per kata that cannot run: the progress view at the end of the run says the rest. */
    private void tell(KataCompile kata) {
        Problem first = kata.errors().get(0);
        String what = kata.outcome() == Outcome.DOES_NOT_COMPILE ? " does not compile: " + first.headline()
                : ": its tests do not compile against your code (" + first.location() + ")";
        out.println(kata.kata() + what + "; its tests run as failed, and the view at the end says what to do");
    }

    /**
     * Maven's compiler skips what it thinks is up to date, by its own records; this tool's classes would pass for
     * its own, and a later {@code -Psolutions} run would test the exercises. Without the records it compiles all.
     */
    private void forgetMavensCompilerState() {
        Path state = layout.target().resolve("maven-status/maven-compiler-plugin");
        Javac.delete(state.resolve("compile/default-compile"));
        Javac.delete(state.resolve("testCompile/default-testCompile"));
    }

    private List<KataCompile> read() throws IOException {
        Path report = layout.target().resolve(REPORT);
        if (!Files.isRegularFile(report)) {
            return List.of(); // compile phase not run in this build: every kata's side counts as compiled
        }
        return new ObjectMapper().readValue(report.toFile(), Report.class).katas();
    }

    private void write(List<KataCompile> katas) throws IOException {
        Files.createDirectories(layout.target());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(layout.target().resolve(REPORT).toFile(), new Report(layout.side(), katas));
    }

    /** The report: {@code target/kata-compile.json}. */
    public record Report(String side, List<KataCompile> katas) {
    }

    /** The class path exec:java gave this JVM's loader, without this tool's own classes. */
    private static List<Path> loaderClasspath() {
        ClassLoader loader = KataCompiler.class.getClassLoader();
        if (!(loader instanceof URLClassLoader urls)) {
            throw new IllegalStateException("KataCompiler runs from the pom (exec:java), which gives it the class"
                    + " path to compile against; here its class loader is " + loader);
        }
        Path own = location(KataCompiler.class.getProtectionDomain().getCodeSource().getLocation());
        List<Path> path = new ArrayList<>();
        for (URL url : urls.getURLs()) {
            Path entry = location(url);
            if (!entry.equals(own)) {
                path.add(entry);
            }
        }
        return path;
    }

    private static Path location(URL url) {
        try {
            return Path.of(url.toURI()).toAbsolutePath().normalize();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(url + " is not a file", e);
        }
    }

    /** {@code name=value} arguments, in order, as this tool and the watch mode take them. */
    public static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("arguments are name=value, not " + arg);
            }
            options.put(arg.substring(0, equals), arg.substring(equals + 1));
        }
        return options;
    }
}
