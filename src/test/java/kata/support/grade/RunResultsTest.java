package kata.support.grade;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import kata.support.grade.RunResults.Reported;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunResultsTest {

    private static final String TEST = "kata.k99_grading.GradingKataTest#each_user_id_gives_its_own_key";

    @TempDir
    Path dir;

    private RunResults read(String json) throws IOException {
        return RunResults.read(Files.writeString(dir.resolve("kata-results.json"), json));
    }

    @Test
    void each_run_of_a_test_is_kept_in_order() throws IOException {
        RunResults read = read("""
                {"side": "exercises", "startedAt": "2026-12-02T10:00:00Z", "finishedAt": "2026-12-02T10:00:05Z",
                 "tests": [
                   {"kata": "k99_grading", "test": "%1$s", "status": "PASSED", "reason": null, "message": null},
                   {"kata": "k99_grading", "test": "%1$s", "status": "FAILED", "reason": "ASSERTION", "message": "m"}
                 ]}""".formatted(TEST));

        assertThat(read.readable()).isTrue();
        assertThat(read.finished()).isTrue();
        assertThat(read.of(TEST)).containsExactly(new Reported("PASSED", null, null),
                new Reported("FAILED", "ASSERTION", "m"));
        assertThat(read.of("kata.Other#x")).isEmpty();
    }

    @Test
    void a_run_whose_jvm_died_is_unfinished() throws IOException {
        RunResults read = read("{\"finishedAt\": null, \"tests\": [{\"test\": \"" + TEST + "\", \"status\": \"NOT_RUN\"}]}");

        assertThat(read.finished()).as("finishedAt null: the JVM never reached the end of its plan").isFalse();
        assertThat(read.of(TEST)).containsExactly(new Reported("NOT_RUN", null, null));
    }

    @Test
    void a_missing_broken_or_foreign_file_reports_nothing() throws IOException {
        assertThat(RunResults.read(dir.resolve("absent.json")).readable()).as("no file").isFalse();
        assertThat(read("{\"tests\": [").readable()).as("half a file").isFalse();
        assertThat(read("[1, 2]").readable()).as("an array").isFalse();
        assertThat(read("{\"tests\": {}}").readable()).as("tests not an array").isFalse();
        assertThat(read("{\"tests\": {}}").any()).isFalse();
    }

    @Test
    void entries_of_the_wrong_shape_are_skipped() throws IOException {
        RunResults read = read("{\"finishedAt\": \"x\", \"tests\": [1, \"PASSED\", {\"test\": 5}, {\"status\": \"PASSED\"},"
                + " {\"test\": \"" + TEST + "\", \"status\": {\"forged\": true}, \"message\": 7}]}");

        assertThat(read.byTest()).containsOnlyKeys("5", TEST);
        assertThat(read.of(TEST)).as("a status that is not text is no status")
                .containsExactly(new Reported(null, null, "7"));
    }
}
