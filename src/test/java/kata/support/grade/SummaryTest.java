package kata.support.grade;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import kata.support.grade.RunResults.Reported;
import kata.support.grade.Submission.Ignored;
import kata.support.grade.Submission.Reverted;
import kata.support.grade.Submission.Warning;
import org.junit.jupiter.api.Test;

class SummaryTest {

    private static final String SUITE = "kata.k01_connection.ConnectionKataTest";

    private static PlannedTest test(String method, int task) {
        return new PlannedTest("k01_connection", SUITE, SUITE + "#" + method, method, method.replace('_', ' '), task, 1);
    }

    @Test
    void the_readme_sample_renders_line_by_line() {
        List<PlannedTest> plan = List.of(test("version", 1), test("unreachable", 2), test("timeout", 2),
                test("no_thread_after_success", 3), test("no_thread_after_failure", 3));
        Reported threadLeft = new Reported("FAILED", "ASSERTION", "Condition with alias 'the IO thread' didn't complete");
        Map<String, List<Reported>> runs = Map.of(plan.get(0).test(), List.of(ScoreTest.PASSED),
                plan.get(1).test(), List.of(ScoreTest.PASSED), plan.get(2).test(), List.of(ScoreTest.PASSED),
                plan.get(3).test(), List.of(threadLeft), plan.get(4).test(), List.of(threadLeft));
        Submission submission = new Submission("/tmp/hg/learner",
                List.of("exercises/kata/k01_connection/ServerProbe.java"), List.of(), List.of(), List.of(),
                List.of(new Ignored("exercises/kata/k01_connection/NOTES.md", "extra",
                                "not a .java file that exercises/ ships"),
                        new Ignored("src/test/java/kata/k01_connection/ConnectionKataTest.java", "changed",
                                "test code or test resources: the pristine tests are used")), 30, List.of());
        Score score = Score.of(plan, new RunResults(true, true, runs), SurefireReports.of(Map.of(
                        SUITE + "#version", List.of(true), SUITE + "#unreachable", List.of(true),
                        SUITE + "#timeout", List.of(true))),
                ScoreTest.TESTS_RAN, new Score.Facts("071a66b4fdd1ffff", "", "2026-11-25T07:14:23Z",
                        "2026-11-25T07:14:59Z", 600, 0), submission);

        assertThat(Summary.render(score)).isEqualTo("""
                ## memcached-kata grade: 3 / 5 points (60%), complete

                Kata commit `071a66b4fdd1`, katas: all, graded 2026-11-25T07:14:23Z to 2026-11-25T07:14:59Z.
                Tests passed: 3/5.

                | kata | task | tests passed | points |
                |------|------|--------------|--------|
                | k01_connection | 1 | 1/1 | 1/1 |
                | k01_connection | 2 | 2/2 | 2/2 |
                | k01_connection | 3 | 0/2 | 0/2 |
                | **k01_connection** | | **3/5** | **3/5** |
                | **total** | | **3/5** | **3/5** |

                <details><summary>Tests not passed (2)</summary>

                - k01_connection task 3, no thread after success: FAILED (ASSERTION) `Condition with alias 'the IO thread' didn't complete`
                - k01_connection task 3, no thread after failure: FAILED (ASSERTION) `Condition with alias 'the IO thread' didn't complete`

                </details>

                Submission: 1 file(s) graded, 0 unchanged from the stub, 0 missing (graded as the stub).

                **Ignored** (2 file(s) outside the allow-list that differ from the kata; they have no effect on the grade):

                - `exercises/kata/k01_connection/NOTES.md` (extra): not a .java file that exercises/ ships
                - `src/test/java/kata/k01_connection/ConnectionKataTest.java` (changed): test code or test resources: the pristine tests are used
                """);
    }

    @Test
    void an_incomplete_grade_says_so_and_lists_reverts_and_warnings_capped() {
        List<Warning> warnings = new ArrayList<>();
        for (int line = 1; line <= 52; line++) {
            warnings.add(new Warning("file access", "exercises/kata/k01_connection/ServerProbe.java:" + line));
        }
        List<Ignored> ignored = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            ignored.add(new Ignored("notes/" + i + ".md", "extra", "outside exercises/"));
        }
        Submission submission = new Submission("/s", List.of("exercises/kata/k01_connection/ServerProbe.java"),
                List.of(), List.of(), List.of(new Reverted("exercises/kata/k01_connection/ServerProbe.java",
                        "does not compile")), ignored, 0, warnings);
        Score score = Score.of(List.of(test("version", 1)), new RunResults(true, true, Map.of(SUITE + "#version",
                        List.of(new Reported("FAILED", "ENVIRONMENT", "ENVIRONMENT, not your code")))),
                SurefireReports.of(Map.of()), ScoreTest.TESTS_RAN, ScoreTest.FACTS, submission);

        String summary = Summary.render(score);

        assertThat(summary).startsWith("## memcached-kata grade: 0 / 1 points (0%), incomplete\n")
                .contains("Tests passed: 0/1; **1 could not run because of the environment (no memcached): the grade"
                        + " is incomplete, not zero**.\n")
                .contains("| k01_connection | 1 | 0/1 (1 environment) | 0/1 |\n")
                .contains("- k01_connection task 1, version: FAILED (ENVIRONMENT) `ENVIRONMENT, not your code`\n")
                .contains("**Graded as the stub** (the file broke the build):\n\n"
                        + "- `exercises/kata/k01_connection/ServerProbe.java`: does not compile\n")
                .contains("**Ignored** (51 file(s) outside", "- `notes/49.md` (extra)", "- … and 1 more\n")
                .doesNotContain("notes/50.md")
                .contains("**For a human to look at** (calls no kata needs, in graded files):\n\n")
                .contains("- file access: `exercises/kata/k01_connection/ServerProbe.java:50`\n")
                .doesNotContain("ServerProbe.java:51")
                .endsWith("ServerProbe.java:50`\n");
    }

    @Test
    void text_from_the_submission_cannot_leave_its_code_span() {
        assertThat(Summary.code("a`b|c\r\n<img src=x>")).isEqualTo("`a?b?c???img src=x?`");
        assertThat(Summary.code("👋".repeat(500))).as("400 characters at most, counted as code points")
                .isEqualTo("`" + "👋".repeat(400) + "`");
    }

    @Test
    void a_run_note_is_shown_as_code() {
        Score score = Score.of(List.of(test("version", 1)), new RunResults(true, false, Map.of()),
                SurefireReports.of(Map.of()), ScoreTest.TESTS_RAN, ScoreTest.FACTS, ScoreTest.NOTHING);

        assertThat(Summary.render(score)).contains("Tests passed: 0/1.\n\n**Note:** `the test JVM ended before its"
                + " plan finished (System.exit, Runtime.halt, a crash); tests that never reported score 0`\n\n| kata");
    }
}
