package kata.support.inprocess;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Java sources compiled in this JVM with {@code javax.tools}, to a directory a class loader can read.
 *
 * @param succeeded whether javac wrote the classes
 * @param errors    javac's errors, one {@code "File.java:12: message"} each; empty when it succeeded
 * @param output    where the classes are
 */
public record Compilation(boolean succeeded, List<String> errors, Path output) {

    /**
     * Compiles {@code sources} against {@code classpath} into {@code output} (created when missing), for Java 17 as
     * the pom does, with no annotation processing.
     *
     * @throws IllegalStateException when this JVM has no compiler (a JRE, not a JDK)
     */
    public static Compilation compile(List<Path> sources, List<Path> classpath, Path output) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("this JVM (" + System.getProperty("java.home") + ") has no Java compiler:"
                    + " run it with a JDK 17, as Maven does");
        }
        try {
            Files.createDirectories(output);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + output, e);
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<String> options = List.of("-d", output.toString(),
                "-classpath", classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
                "--release", "17", "-encoding", "UTF-8", "-proc:none", "-implicit:none", "-nowarn");
        boolean ok;
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8)) {
            ok = javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(sources))
                    .call();
        } catch (IOException e) {
            throw new UncheckedIOException("could not close javac's file manager", e);
        }
        List<String> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                String file = d.getSource() == null ? "" : Path.of(d.getSource().toUri()).getFileName() + ":"
                        + d.getLineNumber() + ": ";
                errors.add(file + d.getMessage(Locale.ROOT));
            }
        }
        return new Compilation(ok && errors.isEmpty(), List.copyOf(errors), output);
    }

    /** The entries of this JVM's {@code java.class.path}: what a forked tool JVM was started with. */
    public static List<Path> jvmClasspath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isBlank()).map(Path::of).toList();
    }
}
