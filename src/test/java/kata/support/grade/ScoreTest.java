package kata.support.grade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;

import kata.support.grade.RunResults.Reported;
import kata.support.grade.Score.Facts;
import kata.support.grade.Score.TestScore;
import org.junit.jupiter.api.Test;

class ScoreTest {

    static final String SUITE = "kata.k99_grading.GradingKataTest";
    static final PlannedTest KEY = planned("a_user_key_starts_with_the_kata", 1, 1);
    static final PlannedTest EACH = planned("each_user_id_gives_its_own_key", 1, 3);
    static final PlannedTest SESSION = new PlannedTest("k99_grading", SUITE, SUITE + "$A_session_key#names_the_session",
            "names_the_session", "A session key › names the session", 2, 1);
    static final PlannedTest PROBE = new PlannedTest("k01_connection", "kata.k01_connection.ConnectionKataTest",
            "kata.k01_connection.ConnectionKataTest#version", "version", "version", 1, 1);
    static final Reported PASSED = new Reported("PASSED", null, null);
    static final Facts FACTS = new Facts("0123456789abcdef", "", "2026-12-02T10:00:00Z", "2026-12-02T10:01:00Z", 600, 0);
    static final MavenLog TESTS_RAN = MavenLog.of("[INFO]  T E S T S\n");
    static final Submission NOTHING = new Submission("/s", List.of(), List.of(), List.of(), List.of(), List.of(), 0,
            List.of());

    static PlannedTest planned(String method, int task, int points) {
        return new PlannedTest("k99_grading", SUITE, SUITE + "#" + method, method, method.replace('_', ' '), task,
                points);
    }

    static RunResults finished(Map<String, List<Reported>> byTest) {
        return new RunResults(true, true, byTest);
    }

    @Test
    void a_pass_needs_both_witnesses() {
        TestScore both = Score.score(KEY, List.of(PASSED), true, false);
        TestScore jvmOnly = Score.score(KEY, List.of(PASSED), false, false);
        TestScore surefireOnly = Score.score(KEY, List.of(new Reported("FAILED", "STUB", "k99_grading, task 1")),
                true, false);

        assertThat(both).isEqualTo(new TestScore(KEY.test(), KEY.name(), "passed", "PASSED", null, null, 1, 1));
        assertThat(jvmOnly).as("the results file says PASSED, Surefire does not: a forged file, or a dead JVM")
                .isEqualTo(new TestScore(KEY.test(), KEY.name(), "failed", "UNCONFIRMED", null, Score.UNCONFIRMED, 1,
                        0));
        assertThat(surefireOnly).isEqualTo(new TestScore(KEY.test(), KEY.name(), "failed", "FAILED", "STUB",
                "k99_grading, task 1", 1, 0));
    }

    @Test
    void a_parameterized_test_scores_its_first_run_that_did_not_pass() {
        TestScore score = Score.score(EACH, List.of(PASSED, new Reported("FAILED", "ASSERTION", "id 42"),
                new Reported("ABORTED", "ERROR", "later")), true, false);

        assertThat(score).as("three invocations, the second failed: the test scores 0 of its 3 points")
                .isEqualTo(new TestScore(EACH.test(), EACH.name(), "failed", "FAILED", "ASSERTION", "id 42", 3, 0));
    }

    @Test
    void a_test_that_never_reported_is_not_run() {
        assertThat(Score.score(KEY, List.of(), false, false))
                .isEqualTo(new TestScore(KEY.test(), KEY.name(), "failed", "NOT_RUN", null, null, 1, 0));
        assertThat(Score.score(KEY, List.of(new Reported(null, null, null)), true, false).status())
                .as("a run with no status").isEqualTo("NOT_RUN");
    }

    @Test
    void no_memcached_is_the_environment_not_the_learner() {
        TestScore score = Score.score(KEY, List.of(new Reported("FAILED", "ENVIRONMENT", "ENVIRONMENT, not your code")),
                false, false);

        assertThat(score).isEqualTo(new TestScore(KEY.test(), KEY.name(), "environment", "FAILED", "ENVIRONMENT",
                "ENVIRONMENT, not your code", 1, null));
    }

    @Test
    void a_build_that_failed_before_any_test_is_the_environment() {
        Score score = Score.of(List.of(KEY, EACH), RunResults.none(), SurefireReports.of(Map.of()),
                MavenLog.of("[INFO] Scanning\n[ERROR] Could not resolve dependencies for project x\n"), FACTS, NOTHING);

        assertThat(score.grade()).isEqualTo("incomplete");
        assertThat(score.run().note()).isEqualTo("the build failed before any test ran (not the submission): [ERROR]"
                + " Could not resolve dependencies for project x");
        assertThat(score.katas().get(0).tasks().get(0).tests())
                .extracting(TestScore::outcome, TestScore::status, TestScore::reason, TestScore::message,
                        TestScore::earned)
                .containsOnly(tuple("environment", "NOT_RUN", "ENVIRONMENT", Score.NEVER_RAN, null));
        assertThat(score.tests()).isEqualTo(new Score.Counts(0, 2, 2));
    }

    @Test
    void points_add_up_per_task_per_kata_and_in_all() {
        Score score = Score.of(List.of(SESSION, KEY, EACH, PROBE),
                finished(Map.of(KEY.test(), List.of(PASSED), EACH.test(), List.of(PASSED, PASSED),
                        SESSION.test(), List.of(new Reported("FAILED", "ASSERTION", "no")))),
                SurefireReports.of(Map.of(SUITE + "#" + KEY.method(), List.of(true),
                        SUITE + "#" + EACH.method(), List.of(true, true), SUITE + "#names_the_session", List.of(false))),
                TESTS_RAN, FACTS, NOTHING);

        assertThat(score.katas()).as("katas by name, tasks by number")
                .extracting(Score.KataScore::kata, Score.KataScore::points, Score.KataScore::maxPoints)
                .containsExactly(tuple("k01_connection", 0, 1), tuple("k99_grading", 4, 5));
        assertThat(score.katas().get(1).tasks())
                .extracting(Score.TaskScore::task, Score.TaskScore::passed, Score.TaskScore::total,
                        Score.TaskScore::points, Score.TaskScore::maxPoints)
                .containsExactly(tuple(1, 2, 2, 4, 4), tuple(2, 0, 1, 0, 1));
        assertThat(score.katas().get(1).tasks().get(0).tests()).as("tests keep the plan's order within a task")
                .extracting(TestScore::test).containsExactly(KEY.test(), EACH.test());
        assertThat(score.katas().get(0).tasks().get(0).tests().get(0).status())
                .as("a kata the run never reached").isEqualTo("NOT_RUN");
        assertThat(score.points()).isEqualTo(4);
        assertThat(score.maxPoints()).isEqualTo(6);
        assertThat(score.percent()).isEqualTo(66.7);
        assertThat(score.grade()).isEqualTo("complete");
        assertThat(score.run()).isEqualTo(new Score.Run(0, true, false, 600, null));
        assertThat(score.kata()).isEqualTo(new Score.Kata("0123456789abcdef", "all"));
    }

    @Test
    void a_run_that_ended_early_says_why() {
        RunResults unfinished = new RunResults(true, false, Map.of(KEY.test(), List.of(PASSED)));

        assertThat(Score.of(List.of(KEY), unfinished, SurefireReports.of(Map.of()), TESTS_RAN, FACTS, NOTHING)
                .run().note()).startsWith("the test JVM ended before its plan finished");
        assertThat(Score.of(List.of(KEY), unfinished, SurefireReports.of(Map.of()), TESTS_RAN,
                new Facts("c", "01", "s", "f", 600, 124), NOTHING).run())
                .isEqualTo(new Score.Run(124, false, true, 600,
                        "the test run hit the time limit; tests that never reported score 0"));
    }

    @Test
    void an_empty_plan_is_incomplete_and_zero_percent() {
        Score score = Score.of(List.of(), finished(Map.of()), SurefireReports.of(Map.of()), TESTS_RAN, FACTS, NOTHING);

        assertThat(score.grade()).isEqualTo("incomplete");
        assertThat(score.percent()).isEqualTo(0);
    }

    @Test
    void the_percentage_has_one_decimal_and_no_decimal_when_whole() {
        assertThat(Score.percent(1, 3)).isEqualTo(33.3);
        assertThat(Score.percent(2, 3)).isEqualTo(66.7);
        assertThat(Score.percent(3, 5)).isEqualTo(60);
        assertThat(Score.percent(82, 82)).isEqualTo(100);
        assertThat(Score.percent(1, 2000)).as("0.05 rounds half up").isEqualTo(0.1);
    }
}
