package kata.support.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kata.build.KataLayout;

/**
 * The katas an earlier run found done, when nothing they are made of has changed since: the watch starts on the
 * first kata not done without running every green one again.
 *
 * <p>A results file ({@code target/kata-results.json} of {@code mvn test}, or one of the watch's own) counts for a
 * kata when that run finished, every one of the kata's tests in it passed, and the file is newer than each of the
 * kata's sources, its tests and the shared code. Anything else and the kata is run again: when in doubt, look.
 */
final class EarlierRuns {

    private EarlierRuns() {
    }

    static Set<String> done(KataLayout layout, List<Path> resultFiles) {
        Set<String> done = new TreeSet<>();
        for (Path file : resultFiles) {
            Map<String, Boolean> passed = passed(file);
            long written = modified(file);
            passed.forEach((kata, allPassed) -> {
                if (allPassed && newestSource(layout, kata) < written) {
                    done.add(kata);
                }
            });
        }
        return done;
    }

    /** Each kata of a finished run, and whether all its tests passed; nothing for a file missing or unfinished. */
    private static Map<String, Boolean> passed(Path file) {
        Map<String, Boolean> passed = new HashMap<>();
        if (!Files.isRegularFile(file)) {
            return passed;
        }
        try {
            JsonNode results = new ObjectMapper().readTree(file.toFile());
            if (results.path("finishedAt").isNull() || results.path("finishedAt").isMissingNode()) {
                return passed; // that JVM died mid-run
            }
            for (JsonNode test : results.path("tests")) {
                String kata = test.path("kata").asText();
                if (KataLayout.KATA.matcher(kata).matches()) {
                    passed.merge(kata, "PASSED".equals(test.path("status").asText()), Boolean::logicalAnd);
                }
            }
        } catch (IOException unreadable) {
            passed.clear(); // half a file, or another format: run the katas instead
        }
        return passed;
    }

    private static long newestSource(KataLayout layout, String kata) {
        return Stream.of(layout.sideSources(kata), layout.testSources(kata), layout.mainSources())
                .flatMap(List::stream).mapToLong(EarlierRuns::modified).max().orElse(Long.MAX_VALUE);
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return Long.MAX_VALUE; // unknown: never older than a result
        }
    }
}
