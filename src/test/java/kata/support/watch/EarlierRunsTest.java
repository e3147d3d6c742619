package kata.support.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import kata.build.KataLayout;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EarlierRunsTest {

    @TempDir
    Path base;
    private KataLayout layout;
    private Path results;

    @BeforeEach
    void twoKatas() throws IOException {
        layout = new KataLayout(base, "exercises");
        for (String kata : List.of("k01_a", "k02_b")) {
            source("exercises/kata/" + kata + "/Stub.java", 1_000);
            source("src/test/java/kata/" + kata + "/StubTest.java", 1_000);
        }
        source("src/main/java/kata/shared/User.java", 1_000);
        results = base.resolve("target/kata-results.json");
    }

    @Test
    void a_kata_whose_tests_all_passed_in_a_finished_run_since_its_last_edit_is_done() throws IOException {
        write(results, "\"2026-01-01T00:00:00Z\"", 5_000, "k01_a:PASSED", "k01_a:PASSED", "k02_b:PASSED",
                "k02_b:FAILED");

        assertThat(EarlierRuns.done(layout, List.of(results))).containsExactly("k01_a");
    }

    @Test
    void an_edit_after_the_run_means_the_kata_is_run_again() throws IOException {
        write(results, "\"2026-01-01T00:00:00Z\"", 5_000, "k01_a:PASSED", "k02_b:PASSED");
        source("src/test/java/kata/k01_a/StubTest.java", 6_000);
        source("exercises/kata/k02_b/Stub.java", 6_000);

        assertThat(EarlierRuns.done(layout, List.of(results))).isEmpty();
    }

    @Test
    void a_run_that_never_finished_or_a_file_that_is_missing_or_unreadable_proves_nothing() throws IOException {
        write(results, "null", 5_000, "k01_a:PASSED");
        Path garbled = base.resolve("target/watch/results-k02_b.json");
        Files.createDirectories(garbled.getParent());
        Files.writeString(garbled, "{\"finishedAt\": \"2026");

        assertThat(EarlierRuns.done(layout, List.of(results, garbled, base.resolve("none.json")))).isEmpty();
    }

    private void source(String name, long modified) throws IOException {
        Path file = base.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "class X {}");
        Files.setLastModifiedTime(file, FileTime.fromMillis(modified));
    }

    private static void write(Path file, String finishedAt, long modified, String... tests) throws IOException {
        StringBuilder json = new StringBuilder("{\"finishedAt\": " + finishedAt + ", \"tests\": [");
        for (int i = 0; i < tests.length; i++) {
            String[] test = tests[i].split(":");
            json.append(i == 0 ? "" : ", ").append("{\"kata\": \"").append(test[0]).append("\", \"status\": \"")
                    .append(test[1]).append("\"}");
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, json.append("]}").toString());
        Files.setLastModifiedTime(file, FileTime.fromMillis(modified));
    }
}
