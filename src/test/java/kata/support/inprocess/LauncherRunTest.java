package kata.support.inprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import kata.support.inprocess.LauncherRun.Outcome;
import kata.support.report.Reason;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("tools") // instructors' tooling: run by -Psolutions and CI, not by a learner's mvn test
class LauncherRunTest {

    @TempDir
    Path work;
    static final KataFixture fixture = KataFixture.compiled();

    private static KataClassLoader solution() {
        return new KataClassLoader(KataFixture.PACKAGE, List.of(fixture.testClasses(), fixture.classes()),
                LauncherRunTest.class.getClassLoader());
    }

    @Test
    void every_test_is_reported_with_its_task_and_its_sentence() {
        List<Outcome> outcomes = LauncherRun.run(solution(), List.of(KataFixture.TEST_CLASS), Set.of(), Map.of());

        assertThat(outcomes).extracting(Outcome::test, Outcome::name, Outcome::task, Outcome::status).containsExactly(
                tuple(KataFixture.TEST_CLASS + "#greets_by_name", "greets by name", 1, "PASSED"),
                tuple(KataFixture.TEST_CLASS + "#a_blank_name_is_refused", "a blank name is refused", 2, "PASSED"));
        assertThat(outcomes).allSatisfy(o -> assertThat(o.reason()).isNull());
    }

    @Test
    void a_tag_keeps_only_that_tasks_tests() {
        assertThat(LauncherRun.run(solution(), List.of(KataFixture.TEST_CLASS), Set.of("task:2"), Map.of()))
                .extracting(Outcome::task).containsExactly(2);
    }

    @Test
    void a_failure_keeps_its_throwable_and_is_classified_like_the_progress_view_does() {
        Path mistake = work.resolve("mistake");
        Path source = KataFixture.sources().resolve("mistakes/k90_fixture/forgets-the-name/Greeter.java");
        Compilation.compile(List.of(source), fixture.classpath(), mistake);
        var loader = new KataClassLoader(KataFixture.PACKAGE, List.of(mistake, fixture.testClasses(),
                fixture.classes()), getClass().getClassLoader());

        Outcome greets = LauncherRun.run(loader, List.of(KataFixture.TEST_CLASS), Set.of("task:1"), Map.of()).get(0);

        assertThat(greets.status()).isEqualTo("FAILED");
        assertThat(greets.reason()).isEqualTo(Reason.ASSERTION);
        assertThat(greets.failure()).hasMessageContaining("Hello!");
    }

    @Test
    void the_learners_progress_view_and_the_kata_focus_are_not_applied() {
        String focus = System.getProperty("kata");
        System.setProperty("kata", "01"); // KataFocus would leave k90_fixture out
        try {
            assertThat(LauncherRun.run(solution(), List.of(KataFixture.TEST_CLASS), Set.of(), Map.of())).hasSize(2);
        } finally {
            if (focus == null) {
                System.clearProperty("kata");
            } else {
                System.setProperty("kata", focus);
            }
        }
    }

    @Test
    void the_context_class_loader_is_the_given_one_during_the_run_and_restored_after() {
        ClassLoader before = Thread.currentThread().getContextClassLoader();

        LauncherRun.run(solution(), List.of(KataFixture.TEST_CLASS), Set.of(), Map.of());

        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
    }
}
