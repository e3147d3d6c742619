package kata.support.grade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.DiscoveryIssueException;

class PlannerTest {

    private static final String FIXTURE = "kata.k99_grading.GradingKataTest";

    @TempDir
    static Path compiled;
    private static Compiled solutions;
    private static Compiled stubs;

    @TempDir
    Path dir;

    @BeforeAll
    static void compileTheFixture() throws IOException {
        // once for the class: javac is the slow part of these tests
        solutions = Compiled.fixture(compiled.resolve("solutions"), "solutions");
        stubs = Compiled.fixture(compiled.resolve("stubs"), "exercises");
    }

    @Test
    void the_fixture_is_planned_method_by_method_in_the_order_it_is_written() {
        List<PlannedTest> plan = solutions.with(() -> Planner.plan(solutions.root(), Optional.empty()));

        assertThat(plan).as("the plan of the grading fixture: one entry per test method, parameterized and repeated"
                        + " ones included, nested classes walked, in source order")
                .extracting(PlannedTest::test, PlannedTest::name, PlannedTest::task, PlannedTest::points)
                .containsExactly(
                        tuple(FIXTURE + "#a_user_key_starts_with_the_kata", "a user key starts with the kata", 1, 1),
                        tuple(FIXTURE + "#each_user_id_gives_its_own_key", "each user id gives its own key", 1, 3),
                        tuple(FIXTURE + "#the_same_id_always_gives_the_same_key",
                                "the same id always gives the same key", 1, 1),
                        tuple(FIXTURE + "$A_session_key#names_the_session", "A session key › names the session", 2, 1),
                        tuple(FIXTURE + "$A_session_key#refuses_a_blank_name", "A session key › refuses a blank name",
                                3, 1),
                        tuple(FIXTURE + "$A_session_key$WithAnInvalidName#is_refused",
                                "A session key › with a name that memcached cannot store › is refused", 2, 2));
        assertThat(plan).as("every test of the fixture belongs to its kata and to its top-level class's report")
                .allSatisfy(test -> {
                    assertThat(test.kata()).isEqualTo("k99_grading");
                    assertThat(test.suite()).isEqualTo(FIXTURE);
                    assertThat(test.test()).endsWith("#" + test.method());
                });
    }

    @Test
    void the_stubs_give_the_same_plan_as_the_solutions() {
        assertThat(stubs.with(() -> Planner.plan(stubs.root(), Optional.empty())))
                .as("the plan depends on the tests only, never on the code under test")
                .isEqualTo(solutions.with(() -> Planner.plan(solutions.root(), Optional.empty())));
    }

    @Test
    void katas_limits_the_plan_as_dash_d_kata_limits_the_run() {
        assertThat(solutions.with(() -> Planner.plan(solutions.root(), Optional.of("99")))).as("--katas 99").hasSize(6);
        assertThat(solutions.with(() -> Planner.plan(solutions.root(), Optional.of("grading")))).as("--katas grading")
                .hasSize(6);
        assertThat(solutions.with(() -> Planner.plan(solutions.root(), Optional.of("01,k98")))).as("--katas 01,k98")
                .isEmpty();
        assertThat(System.getProperty("kata")).as("the kata property is left as it was").isNotEqualTo("01,k98");
    }

    @Test
    void a_class_outside_a_kata_package_is_not_planned() throws IOException {
        Compiled support = Compiled.sources(dir, Map.of("kata/support/HelperTest.java", """
                package kata.support;
                class HelperTest {
                    @org.junit.jupiter.api.Test void works() { }
                }
                """));

        assertThat(support.with(() -> Planner.plan(support.root(), Optional.empty())))
                .as("test-support tests are not kata tests: they are worth nothing").isEmpty();
    }

    @Test
    void two_tasks_on_one_test_fail_the_plan_naming_the_test() throws IOException {
        Compiled twoTasks = Compiled.sources(dir, Map.of("kata/k98_bad/BadKataTest.java", """
                package kata.k98_bad;
                import org.junit.jupiter.api.Tag;
                class BadKataTest {
                    @org.junit.jupiter.api.Test @Tag("task:1") @Tag("task:2") void counts_twice() { }
                }
                """));

        assertThatExceptionOfType(IllegalStateException.class)
                .as("a test tagged task:1 and task:2 at the same level: which task it scores for is a kata's mistake")
                .isThrownBy(() -> twoTasks.with(() -> Planner.plan(twoTasks.root(), Optional.empty())))
                .withMessageContaining("kata.k98_bad.BadKataTest#counts_twice").withMessageContaining("[1, 2]")
                .withMessageContaining("keep one");
    }

    @Test
    void a_test_junit_would_not_run_fails_the_plan_instead_of_going_unscored() throws IOException {
        Compiled returnsValue = Compiled.sources(dir, Map.of("kata/k98_bad/BadKataTest.java", """
                package kata.k98_bad;
                class BadKataTest {
                    @org.junit.jupiter.api.Test @org.junit.jupiter.api.Tag("task:1") int returns_a_value() { return 1; }
                }
                """));

        // JUnit also logs the issue; that warning would read as a real problem in a learner's `mvn test`
        Logger notifier = Logger.getLogger("org.junit.platform.launcher.core.DiscoveryIssueNotifier");
        Level before = notifier.getLevel();
        notifier.setLevel(Level.OFF);
        try {
            assertThatExceptionOfType(DiscoveryIssueException.class)
                    .as("JUnit skips a @Test that returns a value, with a discovery issue: the plan must not skip it")
                    .isThrownBy(() -> returnsValue.with(() -> Planner.plan(returnsValue.root(), Optional.empty())))
                    .withMessageContaining("returns_a_value");
        } finally {
            notifier.setLevel(before);
        }
    }

    @Test
    void the_parameter_types_junit_appends_to_a_method_name_are_dropped() throws NoSuchMethodException {
        var method = PlannerTest.class.getDeclaredMethod("withParameters", String.class, int.class);

        assertThat(Planner.methodName("with parameters (String, int)", method)).isEqualTo("with parameters");
        assertThat(Planner.methodName("a name of its own", method))
                .as("a @DisplayName is kept as written").isEqualTo("a name of its own");
        assertThat(Planner.descriptor(method)).isEqualTo("(Ljava/lang/String;I)V");
    }

    @SuppressWarnings("unused")
    private void withParameters(String text, int number) {
    }
}
