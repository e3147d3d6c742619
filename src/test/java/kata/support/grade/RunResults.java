package kata.support.grade;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The results listener's file ({@code kata-results.json}, see {@code KataResultsListener}) as the grader reads it:
 * the test JVM's word on each test. The learner's code runs in that JVM and can rewrite the file, so it is one of two
 * witnesses (with {@link SurefireReports}), and anything in it that is not the expected shape is skipped.
 *
 * @param readable whether there was a file with a {@code tests} array; without one, no test reported
 * @param finished whether {@code finishedAt} is set: the test JVM reached the end of its plan
 * @param byTest   {@code class#method} to what each of its runs reported, in the file's order
 */
public record RunResults(boolean readable, boolean finished, Map<String, List<Reported>> byTest) {

    /**
     * One run of a test: a plain test reports once, a parameterized one once per invocation.
     *
     * @param status  PASSED, FAILED, ABORTED, SKIPPED, NOT_RUN, or what the file says
     * @param reason  STUB, ASSERTION, ENVIRONMENT, ERROR or null
     * @param message the failure's first line, or null
     */
    public record Reported(String status, String reason, String message) {

        boolean passed() {
            return "PASSED".equals(status);
        }
    }

    /** No file, or one that is not results: nothing reported. */
    public static RunResults none() {
        return new RunResults(false, false, Map.of());
    }

    /** Reads {@code file}, which may be missing, half-written or forged. */
    public static RunResults read(Path file) {
        JsonNode root;
        try {
            root = Files.isRegularFile(file) ? new ObjectMapper().readTree(file.toFile()) : null;
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isObject() || !root.path("tests").isArray()) {
            return none();
        }
        Map<String, List<Reported>> byTest = new LinkedHashMap<>();
        for (JsonNode entry : root.get("tests")) {
            text(entry.path("test")).ifPresent(test -> byTest.computeIfAbsent(test, k -> new ArrayList<>())
                    .add(new Reported(text(entry.path("status")).orElse(null),
                            text(entry.path("reason")).orElse(null), text(entry.path("message")).orElse(null))));
        }
        boolean finished = root.hasNonNull("finishedAt");
        byTest.replaceAll((test, runs) -> List.copyOf(runs));
        return new RunResults(true, finished, byTest);
    }

    /** What the test JVM reported for {@code test} ({@code class#method}), in order; empty when it never did. */
    public List<Reported> of(String test) {
        return byTest.getOrDefault(test, List.of());
    }

    /** Whether any test reported at all. */
    public boolean any() {
        return !byTest.isEmpty();
    }

    private static Optional<String> text(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode() || node.isContainerNode()) {
            return Optional.empty();
        }
        return Optional.of(node.asText());
    }
}
