package kata.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where the project keeps what the katas are made of: the shared code, each kata's learner side and tests, and the
 * test support they lean on (README.md, "The katas").
 *
 * @param base the project folder
 * @param side {@code exercises} or {@code solutions}: the folder whose {@code kata/kNN_topic} packages are compiled
 */
public record KataLayout(Path base, String side) {

    /** A kata's package: {@code k06_sessions}. */
    public static final Pattern KATA = Pattern.compile("k\\d\\d_[a-z0-9_]+");
    private static final Pattern KATA_FILE = Pattern.compile(
            "^(?:exercises|solutions|src/test/java)/kata/(" + KATA.pattern() + ")/");
    private static final Pattern IMPORTS_A_KATA = Pattern.compile(
            "(?m)^import\\s+(?:static\\s+)?kata\\." + KATA.pattern() + "\\.");

    public Path main() {
        return base.resolve("src/main/java");
    }

    public Path tests() {
        return base.resolve("src/test/java");
    }

    /** This tool's own sources: a test source root too, so its unit tests and the test support can use them. */
    public Path build() {
        return base.resolve("src/build/java");
    }

    public Path target() {
        return base.resolve("target");
    }

    public Path classes() {
        return target().resolve("classes");
    }

    public Path testClasses() {
        return target().resolve("test-classes");
    }

    /** The kata's learner side, {@code exercises/kata/k06_sessions}. */
    public Path sideOf(String kata) {
        return base.resolve(side).resolve("kata").resolve(kata);
    }

    /** The kata's tests, {@code src/test/java/kata/k06_sessions}. */
    public Path testsOf(String kata) {
        return tests().resolve("kata").resolve(kata);
    }

    /** Every kata there is, by its folder in the learner's side or in the tests, in kata order. */
    public SortedSet<String> katas() {
        SortedSet<String> katas = new TreeSet<>();
        for (Path folder : List.of(base.resolve(side).resolve("kata"), tests().resolve("kata"))) {
            if (Files.isDirectory(folder)) {
                try (Stream<Path> children = Files.list(folder)) {
                    children.filter(Files::isDirectory).map(path -> path.getFileName().toString())
                            .filter(name -> KATA.matcher(name).matches()).forEach(katas::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return katas;
    }

    /** The shared code, {@code src/main/java}. */
    public List<Path> mainSources() {
        return java(main());
    }

    /**
     * The test support: every test source that is not in a kata's package and imports no kata's code, and this tool.
     */
    public List<Path> supportSources() {
        List<Path> sources = new ArrayList<>();
        for (Path file : java(tests())) {
            if (kataOf(relative(file)).isEmpty() && !importsAKata(file)) {
                sources.add(file);
            }
        }
        sources.addAll(java(build()));
        return sources;
    }

    /**
     * Checks across katas ({@code src/test/java/kata/interop}): test sources outside the katas' packages that import
     * a kata's code. A learner's unfinished kata may break them, so they must never stop the test support.
     */
    public List<Path> crossKataSources() {
        return java(tests()).stream().filter(file -> kataOf(relative(file)).isEmpty() && importsAKata(file)).toList();
    }

    private static boolean importsAKata(Path file) {
        try {
            return IMPORTS_A_KATA.matcher(Files.readString(file)).find();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Path> sideSources(String kata) {
        return java(sideOf(kata));
    }

    public List<Path> testSources(String kata) {
        return java(testsOf(kata));
    }

    /** The kata a file belongs to, by its path relative to the project ({@code exercises/kata/k06_sessions/…}). */
    public static Optional<String> kataOf(String relativePath) {
        if (relativePath == null) {
            return Optional.empty();
        }
        Matcher matcher = KATA_FILE.matcher(relativePath.replace('\\', '/'));
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** {@code file} relative to the project, with forward slashes. */
    public String relative(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Path root = base.toAbsolutePath().normalize();
        return (absolute.startsWith(root) ? root.relativize(absolute) : absolute).toString().replace('\\', '/');
    }

    private static List<Path> java(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).filter(path -> path.toString().endsWith(".java")).sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
