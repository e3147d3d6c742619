package kata.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * The JDK's compiler, in this JVM, with the options Maven's compiler plugin gives it: the one javax.tools wrapper of
 * the project (the kata compiler, the watch mode, and through {@code kata.support.inprocess.Compilation} the rigor
 * tools and the grader).
 *
 * <p>Each call compiles into a fresh folder and copies the classes out only when there was no error: javac stops
 * writing at the first type error, yet may already have written the classes it reached before it (a syntax error
 * writes none), so a run with errors leaves nothing that can be trusted.
 */
public final class Javac implements AutoCloseable {

    private final Path base;
    private final Path scratch;
    private final List<String> options;
    private final JavaCompiler compiler;
    private final StandardJavaFileManager files;

    /**
     * @param base     the project folder: problems name their files relative to it
     * @param scratch  where each call's classes are written before they are copied out
     * @param release  {@code --release}, e.g. {@code 17}
     * @param encoding the sources' encoding
     */
    public Javac(Path base, Path scratch, String release, String encoding) {
        this.base = base.toAbsolutePath().normalize();
        this.scratch = scratch;
        this.options = List.of("--release", release, "-g", "-encoding", encoding, "-nowarn", "-Xlint:none",
                "-implicit:none");
        this.compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("no Java compiler in this JVM (" + System.getProperty("java.home")
                    + "): Maven must run on a JDK 17 or newer, not a JRE");
        }
        this.files = compiler.getStandardFileManager(null, Locale.ROOT, Charset.forName(encoding));
    }

    /**
     * Compiles {@code sources} against {@code classpath}; with no error, copies their classes into {@code output}.
     *
     * @param generated where annotation processors write their sources
     * @return the errors, empty when it compiled
     */
    public List<Problem> compile(Collection<Path> sources, List<Path> classpath, Path output, Path generated) {
        if (sources.isEmpty()) {
            return List.of();
        }
        try {
            Files.createDirectories(scratch);
            Files.createDirectories(generated);
            // javac's file manager remembers a class path folder that was missing as missing, for good
            Files.createDirectories(output);
            Path classes = Files.createTempDirectory(scratch, "classes-");
            try {
                files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(classes));
                files.setLocationFromPaths(StandardLocation.SOURCE_OUTPUT, List.of(generated));
                files.setLocationFromPaths(StandardLocation.CLASS_PATH, classpath);
                // no source path: javac would otherwise look for sources on the class path and compile them too
                files.setLocationFromPaths(StandardLocation.SOURCE_PATH, List.of());
                DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
                boolean compiled = compiler.getTask(null, files, diagnostics, options, null,
                        files.getJavaFileObjectsFromPaths(sources)).call();
                List<Problem> problems = new ArrayList<>();
                for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics.getDiagnostics()) {
                    if (diagnostic.getKind() == Diagnostic.Kind.ERROR) {
                        problems.add(problem(diagnostic));
                    }
                }
                if (!compiled && problems.isEmpty()) {
                    problems.add(new Problem(null, 0, 0, "javac failed without saying why", null));
                }
                if (problems.isEmpty()) {
                    copy(classes, output);
                }
                return problems;
            } finally {
                delete(classes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Problem problem(Diagnostic<? extends JavaFileObject> diagnostic) {
        String message = oneLine(diagnostic.getMessage(Locale.ROOT));
        JavaFileObject source = diagnostic.getSource();
        if (source == null) {
            return new Problem(null, 0, 0, message, null);
        }
        Path file = Path.of(source.toUri()).toAbsolutePath().normalize();
        String name = file.startsWith(base) ? base.relativize(file).toString() : file.toString();
        long line = Math.max(0, diagnostic.getLineNumber());
        return new Problem(name.replace('\\', '/'), line, Math.max(0, diagnostic.getColumnNumber()), message,
                line > 0 ? sourceLine(file, line) : null);
    }

    /** javac's "symbol:", "required:" and "location:" lines, joined: {@code cannot find symbol; symbol: …}. */
    static String oneLine(String message) {
        StringBuilder line = new StringBuilder();
        for (String part : message.strip().split("\\R")) {
            String text = part.strip().replaceAll("\\s+", " ");
            if (text.isEmpty()) {
                continue;
            }
            if (line.length() > 0) {
                char last = line.charAt(line.length() - 1);
                line.append(last == ';' || last == ':' ? " " : "; ");
            }
            line.append(text);
        }
        return line.toString();
    }

    private static String sourceLine(Path file, long line) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.skip(line - 1).findFirst().map(String::strip).orElse(null);
        } catch (IOException | UncheckedIOException e) {
            return null; // a source javac read but this cannot: the message alone still says what is wrong
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> classes = Files.walk(from)) {
            for (Path file : classes.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Deletes {@code folder} and everything in it; nothing when it is not there. */
    public static void delete(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + folder, e);
        }
    }

    @Override
    public void close() throws IOException {
        files.close();
        delete(scratch);
    }
}
