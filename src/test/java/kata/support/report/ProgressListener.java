package kata.support.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * The results listener, plus the learner's progress view printed when the run ends.
 *
 * <p>It keeps each failure's full message and frames (the results file keeps one line), and the katas' titles, then
 * prints {@link ProgressView} last and writes the same picture to {@code target/kata-progress.json}. Registered in
 * {@code META-INF/services} in place of {@link KataResultsListener}, whose results file it still writes.
 */
public class ProgressListener extends KataResultsListener {

    /** Where the progress picture goes; a system property like {@link #RESULTS_PROPERTY}. */
    public static final String PROGRESS_PROPERTY = "kata.progress";

    private final Map<String, FailureDetail> details = new ConcurrentHashMap<>();
    private final Map<String, String> titles = new ConcurrentHashMap<>();
    private TestPlan plan;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        super.testPlanExecutionStarted(testPlan);
        plan = testPlan;
        for (TestIdentifier root : testPlan.getRoots()) {
            for (TestIdentifier node : testPlan.getDescendants(root)) {
                method(node).ifPresent(method -> testPlan.getParent(node).ifPresent(parent ->
                        titles.putIfAbsent(TestResult.kataOf(method.getClassName()), parent.getDisplayName())));
            }
        }
    }

    @Override
    public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
        super.executionFinished(identifier, result);
        result.getThrowable().ifPresent(failure -> {
            FailureDetail detail = FailureDetail.of(failure, side());
            if (identifier.isTest()) {
                key(identifier).ifPresent(key -> details.put(key, detail));
            } else {
                // a class that failed before its tests (no server): they did not report, so they inherit it
                plan.getDescendants(identifier).stream().filter(TestIdentifier::isTest)
                        .forEach(test -> key(test).ifPresent(key -> details.putIfAbsent(key, detail)));
            }
        });
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        super.testPlanExecutionFinished(testPlan);
        finished(progress(KataFocus.focus().orElse(null), KataFocus.seen()));
    }

    /** This run's picture, for the view: {@code focus} as {@code -Dkata} names it, or null for every kata. */
    public Progress progress(String focus, Map<String, String> knownKatas) {
        return Progress.of(side(), focus, collect(), titles, details, knownKatas, Path.of(""));
    }

    /** The katas' titles seen in this run, by package: {@code "k04 · Items that expire"}. */
    public Map<String, String> titles() {
        return Map.copyOf(titles);
    }

    /** Prints the view last and writes the picture; a tool that draws its own screen (the watch mode) does neither. */
    protected void finished(Progress progress) {
        System.out.println(String.join(System.lineSeparator(), ProgressView.render(progress)));
        System.out.flush();
        write(Path.of(System.getProperty(PROGRESS_PROPERTY, "target/kata-progress.json")), progress);
    }

    private static String side() {
        return System.getProperty("kata.side", "exercises");
    }

    /** The same key the results file uses: {@code class#method}. */
    private static Optional<String> key(TestIdentifier test) {
        return method(test).map(method -> method.getClassName() + "#" + method.getMethodName());
    }

    private static Optional<MethodSource> method(TestIdentifier node) {
        return node.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast);
    }

    private static void write(Path file, Progress progress) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(file.toFile(), progress.document());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }
}
