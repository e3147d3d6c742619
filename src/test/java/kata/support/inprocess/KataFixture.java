package kata.support.inprocess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The stand-in kata {@code k90_fixture} (src/test/resources/rigor-fixture), compiled for a test: its solution to
 * {@code classes}, its tests to {@code testClasses}. It needs no memcached.
 */
public record KataFixture(Path root, Path classes, Path testClasses) {

    public static final String PACKAGE = "kata.k90_fixture";
    public static final String TEST_CLASS = PACKAGE + ".GreeterKataTest";

    private static KataFixture compiled;

    /** The fixture compiled once for this JVM (javac is the slow part of these tests), in a temporary directory. */
    public static synchronized KataFixture compiled() {
        if (compiled == null) {
            try {
                Path work = Files.createTempDirectory("kata-fixture-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(work), "kata-fixture cleanup"));
                compiled = compile(work);
            } catch (IOException e) {
                throw new UncheckedIOException("could not create a directory for the fixture", e);
            }
        }
        return compiled;
    }

    /** Compiles the fixture under {@code work}. */
    public static KataFixture compile(Path work) {
        Path root = sources();
        Path classes = work.resolve("classes");
        Path testClasses = work.resolve("test-classes");
        Compilation solution = Compilation.compile(javaFiles(root.resolve("solutions")), Compilation.jvmClasspath(),
                classes);
        List<Path> withSolution = new ArrayList<>(Compilation.jvmClasspath());
        withSolution.add(0, classes);
        Compilation tests = Compilation.compile(javaFiles(root.resolve("tests")), withSolution, testClasses);
        if (!solution.succeeded() || !tests.succeeded()) {
            throw new IllegalStateException("the fixture does not compile: " + solution.errors() + tests.errors());
        }
        return new KataFixture(root, classes, testClasses);
    }

    /** Where the fixture's sources are (a resource directory). */
    public static Path sources() {
        try {
            return Path.of(KataFixture.class.getResource("/rigor-fixture/README.md").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The test classpath with the fixture's classes in front. */
    public List<Path> classpath() {
        List<Path> all = new ArrayList<>(List.of(testClasses, classes));
        all.addAll(Compilation.jvmClasspath());
        return all;
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }

    static List<Path> javaFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + dir, e);
        }
    }
}
