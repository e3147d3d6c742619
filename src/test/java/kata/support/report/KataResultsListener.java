package kata.support.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Records every kata test's outcome and writes them to {@code target/kata-results.json} when the run ends.
 *
 * <p>Registered through {@code META-INF/services}, so it runs under Maven, an IDE or any JUnit Platform launcher.
 * A class that fails before its tests run (no memcached, say) marks each of its tests with that failure, so a test
 * is never silently missing from the results. The file is written when the plan starts (every test NOT_RUN) and again
 * after each test, with {@code finishedAt} null until the run ends: a JVM that dies (System.exit, a crash, a kill)
 * still leaves every planned test in it, and the grader scores the ones that never reported as failed.
 */
public class KataResultsListener implements TestExecutionListener {

    /** Where the results go; a system property so the grader can collect them elsewhere. */
    public static final String RESULTS_PROPERTY = "kata.results";

    private final Map<String, TestResult> results = new ConcurrentHashMap<>();
    private TestPlan plan;
    private Instant started;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
        started = Instant.now();
        write(resultsFile(), collect(), null);
    }

    @Override
    public void executionSkipped(TestIdentifier identifier, String reason) {
        forEachTest(identifier, test -> record(test, "SKIPPED", null, reason));
    }

    @Override
    public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
        String status = switch (result.getStatus()) {
            case SUCCESSFUL -> "PASSED";
            case ABORTED -> "ABORTED";
            case FAILED -> "FAILED";
        };
        Throwable failure = result.getThrowable().orElse(null);
        if (identifier.isTest()) {
            record(identifier, status, failure, null);
        } else if (failure != null) {
            // a class-level failure (@BeforeAll, no server): its tests that did not report inherit it
            forEachTest(identifier, test -> results.putIfAbsent(test.getUniqueId(), result(test, status, failure, null)));
        }
        if (identifier.isTest() || failure != null) {
            write(resultsFile(), collect(), null);
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        write(resultsFile(), collect(), Instant.now());
    }

    private static Path resultsFile() {
        return Path.of(System.getProperty(RESULTS_PROPERTY, "target/kata-results.json"));
    }

    /** Every test in the plan, in plan order; one that never reported is NOT_RUN. */
    public List<TestResult> collect() {
        List<TestResult> all = new ArrayList<>();
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier node : plan.getDescendants(root)) {
                if (node.isTest()) {
                    all.add(results.getOrDefault(node.getUniqueId(), result(node, "NOT_RUN", null, null)));
                }
            }
        }
        return all;
    }

    private void record(TestIdentifier test, String status, Throwable failure, String skipReason) {
        results.put(test.getUniqueId(), result(test, status, failure, skipReason));
    }

    private void forEachTest(TestIdentifier identifier, java.util.function.Consumer<TestIdentifier> action) {
        if (identifier.isTest()) {
            action.accept(identifier);
        } else {
            plan.getDescendants(identifier).stream().filter(TestIdentifier::isTest).forEach(action);
        }
    }

    private static TestResult result(TestIdentifier test, String status, Throwable failure, String skipReason) {
        Optional<MethodSource> method = test.getSource()
                .filter(MethodSource.class::isInstance).map(MethodSource.class::cast);
        String className = method.map(MethodSource::getClassName).orElse("");
        String testName = method.map(m -> m.getClassName() + "#" + m.getMethodName()).orElse(test.getUniqueId());
        Reason reason = failure == null ? null : Reason.of(failure);
        String message = failure == null ? skipReason : firstLine(failure);
        return new TestResult(TestResult.kataOf(className), task(test), testName, test.getDisplayName(), status,
                reason, message, fileToOpen(failure));
    }

    private static int task(TestIdentifier test) {
        return test.getTags().stream().map(TestTag::getName)
                .filter(tag -> tag.startsWith("task:"))
                .mapToInt(tag -> Integer.parseInt(tag.substring("task:".length())))
                .findFirst().orElse(0);
    }

    private static String fileToOpen(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof KataDoesNotCompile doesNotCompile) {
                return doesNotCompile.openFile();
            }
            Matcher stub = Reason.stubMessage(t);
            if (stub != null) {
                return stub.group(4);
            }
        }
        return null;
    }

    private static String firstLine(Throwable failure) {
        String message = failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage().strip();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline).strip();
    }

    private synchronized void write(Path file, List<TestResult> tests, Instant finished) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("side", System.getProperty("kata.side", "exercises"));
        document.put("startedAt", started.toString());
        document.put("finishedAt", finished == null ? null : finished.toString());
        document.put("tests", tests);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            // written aside, then moved: a JVM that dies mid-write leaves the previous whole file, never half of one
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(partial.toFile(), document);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }
}
