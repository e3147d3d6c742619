package kata.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compiles one kata again, on its own, into a folder of its own: its learner side, then its tests against it. When
 * either does not compile, the folder gets stand-ins for its tests instead ({@link StandIns}), which fail with the
 * compiler's message, exactly as {@link KataCompiler} does for a whole build.
 *
 * <p>For a tool that rebuilds a kata many times in one JVM (the watch mode): javac stays warm between calls, and the
 * folder can be loaded in a fresh class loader each time. The shared code and the test support are not compiled
 * here; they come from the class path, as Maven compiled them.
 */
public final class OneKata implements AutoCloseable {

    private final KataLayout layout;
    private final Javac javac;
    private final List<Path> classpath;
    private final Path scratch;

    /**
     * @param scratch   a folder of this tool's own (emptied on close)
     * @param classpath what a kata compiles against: the shared code, the test support and the libraries
     */
    public OneKata(KataLayout layout, Path scratch, List<Path> classpath) {
        this.layout = layout;
        this.scratch = scratch;
        this.javac = new Javac(layout.base(), scratch.resolve("javac"), "17", "UTF-8");
        this.classpath = List.copyOf(classpath);
    }

    /**
     * Compiles {@code kata} into {@code output} (emptied first): its classes and its tests, or its classes (when they
     * compiled) and its tests' stand-ins.
     *
     * @return how it compiled; when not {@link KataCompile#compiled()}, the tests in {@code output} are stand-ins
     */
    public KataCompile compile(String kata, Path output) {
        Javac.delete(output);
        Path generated = scratch.resolve("generated");
        KataCompile result;
        if (layout.sideSources(kata).isEmpty()) {
            result = KataCompiler.missing(layout, kata);
        } else {
            List<Problem> side = javac.compile(layout.sideSources(kata), classpath(output), output, generated);
            if (!side.isEmpty()) {
                result = KataCompiler.doesNotCompile(kata, side);
            } else {
                List<Problem> tests = javac.compile(layout.testSources(kata), classpath(output), output, generated);
                result = tests.isEmpty() ? KataCompile.compiled(kata)
                        : KataCompiler.testsDoNotCompile(layout, kata, tests);
            }
        }
        if (!result.compiled()) {
            standIns(result, output, generated);
        }
        return result;
    }

    private void standIns(KataCompile kata, Path output, Path generated) {
        Path folder = scratch.resolve("stand-ins");
        Javac.delete(folder);
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, String> standIn : StandIns.of(layout.testSources(kata.kata()),
                KataCompiler.thrown(kata)).entrySet()) {
            Path file = folder.resolve(standIn.getKey());
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, standIn.getValue());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            written.add(file);
        }
        List<Problem> problems = javac.compile(written, classpath(output), output, generated);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the stand-ins for " + kata.kata() + "'s tests do not compile: "
                    + problems.get(0).headline());
        }
    }

    /** {@code output} first: the kata's own classes win over the copies Maven compiled at the start. */
    private List<Path> classpath(Path output) {
        List<Path> path = new ArrayList<>();
        path.add(output);
        path.addAll(classpath);
        return path;
    }

    @Override
    public void close() throws IOException {
        javac.close();
        Javac.delete(scratch);
    }
}
