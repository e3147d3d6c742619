package kata.support.inprocess;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import kata.support.report.Reason;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestExecutionResult.Status;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs test classes with the JUnit Platform Launcher inside this JVM, from a class loader of the caller's choosing,
 * and returns every test's outcome.
 *
 * <p>The listeners and filters registered in {@code META-INF/services} are not used (the learner's progress view, the
 * results file, {@code -Dkata}): the caller decides what runs and reads the outcomes. {@code junit-platform.properties}
 * still applies, so display names read as in Maven.
 */
public final class LauncherRun {

    private LauncherRun() {
    }

    /**
     * One test's outcome.
     *
     * @param test    {@code "kata.k04_expiry.ExpiryKataTest#get_is_empty_once_the_ttl_has_passed"}
     * @param name    the sentence it reads as
     * @param task    its {@code @Tag("task:N")} number, or 0
     * @param status  PASSED, FAILED, ABORTED, SKIPPED, or NOT_RUN when it never reported
     * @param failure why it did not pass (a class-level failure is each of its tests'), or null
     */
    public record Outcome(String test, String name, int task, String status, Throwable failure) {

        public boolean passed() {
            return "PASSED".equals(status);
        }

        /** Why it failed, as the progress view and the grader say it; null when it did not fail. */
        public Reason reason() {
            return failure == null ? null : Reason.of(failure);
        }
    }

    /**
     * Runs {@code classNames}, loaded from {@code loader}, keeping only tests with one of {@code tags} (all tests when
     * empty), with extra configuration parameters (e.g. {@code junit.jupiter.execution.timeout.default}), and
     * {@code listeners} told of the run as well (the watch mode's progress view).
     */
    public static List<Outcome> run(ClassLoader loader, List<String> classNames, Collection<String> tags,
                                    Map<String, String> configuration, TestExecutionListener... listeners) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader); // Jupiter reads junit-platform.properties and extensions through it
        try {
            LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
                    .configurationParameters(configuration);
            for (String name : classNames) {
                request.selectors(selectClass(Class.forName(name, false, loader)));
            }
            if (!tags.isEmpty()) {
                request.filters(TagFilter.includeTags(List.copyOf(tags)));
            }
            Collector collector = new Collector();
            TestExecutionListener[] all = new TestExecutionListener[listeners.length + 1];
            all[0] = collector;
            System.arraycopy(listeners, 0, all, 1, listeners.length);
            launcher().execute(request.build(), all);
            return collector.outcomes();
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("no test class " + e.getMessage() + " in " + loader, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static Launcher launcher() {
        return LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .enablePostDiscoveryFilterAutoRegistration(false)
                .enableLauncherDiscoveryListenerAutoRegistration(false)
                .build());
    }

    /** Every test in the plan, in plan order, with what happened to it. */
    private static final class Collector implements TestExecutionListener {

        private final Map<String, Outcome> outcomes = new LinkedHashMap<>();
        private TestPlan plan;

        @Override
        public void testPlanExecutionStarted(TestPlan testPlan) {
            plan = testPlan;
        }

        @Override
        public void executionSkipped(TestIdentifier identifier, String reason) {
            forEachTest(identifier, test -> outcomes.putIfAbsent(test.getUniqueId(), outcome(test, "SKIPPED", null)));
        }

        @Override
        public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
            // the results file's words: PASSED, and JUnit's own FAILED and ABORTED
            String status = result.getStatus() == Status.SUCCESSFUL ? "PASSED" : result.getStatus().name();
            Throwable failure = result.getThrowable().orElse(null);
            if (identifier.isTest()) {
                outcomes.put(identifier.getUniqueId(), outcome(identifier, status, failure));
            } else if (failure != null) {
                // a class that failed before or after its tests (no server, @BeforeAll): tests that did not report
                // take its failure; a test that passed before an @AfterAll failed has failed too
                forEachTest(identifier, test -> outcomes.merge(test.getUniqueId(), outcome(test, status, failure),
                        (before, after) -> before.passed() ? after : before));
            }
        }

        List<Outcome> outcomes() {
            List<Outcome> all = new ArrayList<>();
            for (TestIdentifier root : plan.getRoots()) {
                for (TestIdentifier node : plan.getDescendants(root)) {
                    if (node.isTest()) {
                        all.add(outcomes.getOrDefault(node.getUniqueId(), outcome(node, "NOT_RUN", null)));
                    }
                }
            }
            return all;
        }

        private void forEachTest(TestIdentifier identifier, java.util.function.Consumer<TestIdentifier> action) {
            if (identifier.isTest()) {
                action.accept(identifier);
            } else {
                plan.getDescendants(identifier).stream().filter(TestIdentifier::isTest).forEach(action);
            }
        }

        private static Outcome outcome(TestIdentifier test, String status, Throwable failure) {
            Optional<MethodSource> method = test.getSource()
                    .filter(MethodSource.class::isInstance).map(MethodSource.class::cast);
            String name = method.map(m -> m.getClassName() + "#" + m.getMethodName()).orElse(test.getUniqueId());
            int task = test.getTags().stream().map(TestTag::getName).filter(tag -> tag.startsWith("task:"))
                    .mapToInt(tag -> Integer.parseInt(tag.substring("task:".length()))).findFirst().orElse(0);
            return new Outcome(name, test.getDisplayName(), task, status, failure);
        }
    }
}
