package kata.support.inprocess;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import kata.build.Javac;
import kata.build.Problem;

/**
 * Java sources compiled in this JVM with {@code javax.tools}, to a directory a class loader can read: the kata
 * compiler's {@link Javac}, with its options, answering in one line per error.
 *
 * @param succeeded whether it compiled; with any error, no class is written
 * @param errors    javac's errors, one {@code "File.java:12: message"} each; empty when it succeeded
 * @param output    where the classes are
 */
public record Compilation(boolean succeeded, List<String> errors, Path output) {

    /**
     * Compiles {@code sources} against {@code classpath} into {@code output} (created when missing), for Java 17 as
     * the pom does.
     *
     * @throws IllegalStateException when this JVM has no compiler (a JRE, not a JDK)
     */
    public static Compilation compile(List<Path> sources, List<Path> classpath, Path output) {
        try {
            Path scratch = Files.createTempDirectory("kata-javac-");
            try (Javac javac = new Javac(Path.of("").toAbsolutePath(), scratch.resolve("classes"), "17", "UTF-8")) {
                List<String> errors = javac.compile(sources, classpath, output, scratch.resolve("generated"))
                        .stream().map(Compilation::line).toList();
                return new Compilation(errors.isEmpty(), errors, output);
            } finally {
                Javac.delete(scratch);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not compile " + sources, e);
        }
    }

    /** {@code File.java:12: message}, or the message alone when javac named no file. */
    private static String line(Problem problem) {
        if (problem.file() == null) {
            return problem.message();
        }
        String file = Path.of(problem.file()).getFileName().toString();
        return problem.line() > 0 ? file + ":" + problem.line() + ": " + problem.message() : file + ": "
                + problem.message();
    }

    /** The entries of this JVM's {@code java.class.path}: what a forked tool JVM was started with. */
    public static List<Path> jvmClasspath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isBlank()).map(Path::of).toList();
    }
}
