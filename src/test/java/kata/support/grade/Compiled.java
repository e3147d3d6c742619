package kata.support.grade;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import kata.support.inprocess.Compilation;

/**
 * Java sources compiled for a test, into a classpath root of their own that the code under test can scan and load:
 * the grading fixture (a kata-shaped test, from src/test/resources/grading-fixture) or a few lines written in place.
 */
final class Compiled {

    /** The fixture, as .ci/check-grading adds it to a scratch kata: a test, its stub and its solution. */
    static final String FIXTURE = "/grading-fixture";

    private final Path root;

    private Compiled(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** Compiles {@code sources} (path to text) into {@code dir}/classes. */
    static Compiled sources(Path dir, Map<String, String> sources) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = dir.resolve("src").resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            files.add(file);
        }
        return compile(dir.resolve("classes"), files);
    }

    /** Compiles the fixture's test with one side of it: {@code "solutions"} or {@code "exercises"}. */
    static Compiled fixture(Path dir, String side) throws IOException {
        Path fixture = Path.of(resource(FIXTURE));
        List<Path> files = new ArrayList<>();
        for (Path folder : List.of(fixture.resolve("src/test/java"), fixture.resolve(side))) {
            try (Stream<Path> walk = Files.walk(folder)) {
                walk.filter(file -> file.toString().endsWith(".java")).forEach(files::add);
            }
        }
        return compile(dir.resolve("classes"), files);
    }

    /** Runs {@code action} with these classes loadable, as JUnit's discovery loads them: by the context loader. */
    <T> T with(Supplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {url(root)}, before)) {
            thread.setContextClassLoader(loader);
            return action.get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    private static Compiled compile(Path classes, List<Path> files) {
        String testClasspath = System.getProperty("surefire.test.class.path");
        List<Path> classpath = testClasspath == null ? Compilation.jvmClasspath()
                : Arrays.stream(testClasspath.split(File.pathSeparator)).map(Path::of).toList();
        Compilation compiled = Compilation.compile(files, classpath, classes);
        assertThat(compiled.succeeded()).as("javac of %s: %s", files, compiled.errors()).isTrue();
        return new Compiled(classes);
    }

    private static String resource(String name) {
        URL url = Compiled.class.getResource(name);
        assertThat(url).as("the test resource %s (src/test/resources)", name).isNotNull();
        return url.getPath();
    }

    private static URL url(Path path) {
        try {
            return path.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }
}
