package kata.support.grade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GradeTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    private final ByteArrayOutputStream complaints = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(complaints, true, StandardCharsets.UTF_8);

    @Test
    void a_wrong_call_exits_2() throws IOException {
        assertThat(Grade.run(new String[] {}, out, err)).isEqualTo(2);
        assertThat(Grade.run(new String[] {"plan"}, out, err)).isEqualTo(2);
        assertThat(Grade.run(new String[] {"score", "--unknown", "x"}, out, err)).isEqualTo(2);
        assertThat(Grade.run(new String[] {"reverts", "--kata"}, out, err)).as("an option without its value").isEqualTo(2);
        assertThat(complaints.toString(StandardCharsets.UTF_8)).contains("grade: the first word is one of",
                "grade: reverts takes --");
    }

    @Test
    void a_folder_without_kata_tests_is_nothing_to_grade_against() throws IOException {
        Files.createDirectories(dir.resolve("tests"));

        assertThatExceptionOfType(IllegalStateException.class)
                .isThrownBy(() -> Grade.run(new String[] {"prepare", "--tests", dir.resolve("tests").toString(),
                        "--pristine", dir.toString(), "--submission", dir.toString(), "--work", dir.toString()}, out, err))
                .withMessageContaining("no kata test in");
    }

    @Test
    void the_fixture_graded_end_to_end_from_its_files() throws IOException {
        Compiled fixture = Compiled.fixture(dir.resolve("build"), "solutions");
        Path pristine = Files.createDirectories(dir.resolve("pristine/exercises/kata/k99_grading"));
        Files.writeString(pristine.resolve("Keys.java"), "stub");
        Path learner = Files.createDirectories(dir.resolve("learner/exercises/kata/k99_grading"));
        Files.writeString(learner.resolve("Keys.java"), "solved");
        Path work = Files.createDirectories(dir.resolve("work"));
        Path kata = dir.resolve("kata");
        Path reports = Files.createDirectories(kata.resolve("target/surefire-reports"));
        String suite = "kata.k99_grading.GradingKataTest";
        Files.writeString(reports.resolve("TEST-" + suite + ".xml"), "<testsuite name=\"" + suite + "\">"
                + "<testcase name=\"a_user_key_starts_with_the_kata\" classname=\"k99 · Grading fixture\"/>"
                + "</testsuite>");
        Path results = Files.writeString(kata.resolve("target/kata-results.json"), "{\"finishedAt\": \"t\", \"tests\":"
                + " [{\"test\": \"" + suite + "#a_user_key_starts_with_the_kata\", \"status\": \"PASSED\"}]}");
        Path log = Files.writeString(dir.resolve("mvn.log"), "[INFO]  T E S T S\n");
        Path outDir = Files.createDirectories(dir.resolve("out"));

        int prepared = fixture.with(() -> call("prepare", "--tests", fixture.root().toString(), "--pristine",
                dir.resolve("pristine").toString(), "--submission", dir.resolve("learner").toString(), "--work",
                work.toString()));
        String used = printed.toString(StandardCharsets.UTF_8);
        int scored = call("score", "--kata", kata.toString(), "--work", work.toString(), "--out", outDir.toString(),
                "--log", log.toString(), "--results", results.toString(), "--commit", "abc", "--started", "s",
                "--finished", "f", "--timeout", "60", "--mvn-exit", "0");

        assertThat(prepared).isZero();
        assertThat(used).as("prepare prints the files to grade").isEqualTo("exercises/kata/k99_grading/Keys.java\n");
        assertThat(scored).isZero();
        assertThat(Files.readString(outDir.resolve("score.json")))
                .contains("\"points\": 1,\n  \"maxPoints\": 9,\n  \"percent\": 11.1,")
                .contains("\"name\": \"A session key › with a name that memcached cannot store › is refused\"");
        assertThat(outDir.resolve("summary.md")).content().startsWith("## memcached-kata grade: 1 / 9 points (11.1%)");
        assertThat(outDir.resolve("kata-results.json")).as("the readable results file is kept beside the score")
                .hasSameTextualContentAs(results);
    }

    private int call(String... args) {
        try {
            return Grade.run(args, out, err);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
