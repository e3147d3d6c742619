package kata.support.rigor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import kata.support.MemcachedExtension;
import kata.support.inprocess.KataFixture;
import kata.support.rigor.MistakesChecker.Layout;
import kata.support.rigor.MistakesChecker.Line;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("tools") // instructors' tooling: run by -Psolutions and CI, not by a learner's mvn test
class MistakesCheckerTest {

    static final KataFixture fixture = KataFixture.compiled();

    @TempDir
    Path work;
    Path mistakes;

    @BeforeEach
    void copyTheFixturesMistakes() throws IOException {
        mistakes = work.resolve("mistakes");
        Path from = KataFixture.sources().resolve("mistakes");
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, mistakes.resolve(from.relativize(f).toString()));
            }
        }
    }

    private List<String> check(int minimum) {
        List<Line> printed = new ArrayList<>();
        List<Line> lines = MistakesChecker.check(layout(), Optional.empty(), minimum, printed::add);
        assertThat(printed).as("every line is printed as soon as it is known").isEqualTo(lines);
        return lines.stream().map(Line::toString).toList();
    }

    private Layout layout() {
        return new Layout(mistakes, KataFixture.sources().resolve("exercises/kata"),
                KataFixture.sources().resolve("solutions/kata"), fixture.classes(), fixture.testClasses(),
                work.resolve("out"), fixture.classpath());
    }

    private void addCase(String name, String file, String text) throws IOException {
        Path dir = Files.createDirectories(mistakes.resolve("k90_fixture").resolve(name));
        Files.writeString(dir.resolve(file), text);
    }

    private static String solutionWith(String firstLine, String from, String to) throws IOException {
        String solution = Files.readString(KataFixture.sources().resolve("solutions/kata/k90_fixture/Greeter.java"));
        assertThat(solution).contains(from);
        return firstLine + "\n" + solution.replace(from, to);
    }

    @Test
    void a_mistake_a_test_of_its_task_fails_on_is_caught_and_one_they_miss_is_named_with_its_task() {
        List<String> lines = check(2);

        assertThat(lines).hasSize(3).startsWith(
                "ok   k90_fixture/forgets-the-name: task 1 caught by greets by name",
                "FAIL k90_fixture/greets-a-blank-name: no test of task 2 fails on it (1 ran, all passed): a learner"
                        + " who writes this goes green; write the test of task 2 that fails on it (only null and a"
                        + " single space are refused: an empty or tab-only name is greeted)");
        assertThat(lines.get(2)).startsWith("ok   k90_fixture: 2 mistakes (at least 2), checked in ");
    }

    @Test
    void a_kata_with_fewer_cases_than_the_minimum_fails_and_says_how_to_add_one() {
        assertThat(check(4)).last().asString().startsWith("FAIL k90_fixture: 2 mistakes, at least 4 needed: add"
                + " mistakes/k90_fixture/<case>/<Class>.java");
    }

    @Test
    void a_mistake_caught_only_by_another_tasks_test_is_not_caught() throws IOException {
        // breaks task 1 (the greeting) but claims task 2: only task 2's tests run, and they pass
        addCase("claims-the-wrong-task", "Greeter.java", solutionWith("// MISTAKE (task 2): greets without the name",
                "\"Hello, \" + name + \"!\"", "\"Hello!\""));

        assertThat(check(2)).contains("FAIL k90_fixture/claims-the-wrong-task: no test of task 2 fails on it (1 ran,"
                + " all passed): a learner who writes this goes green; write the test of task 2 that fails on it"
                + " (greets without the name)");
    }

    @Test
    void malformed_cases_fail_the_check_each_with_what_to_fix() throws IOException {
        addCase("no-first-line", "Greeter.java", solutionWith("// a greeter that greets nobody", "Hello, ", "Hello, "));
        addCase("not-a-class", "Welcomer.java", "// MISTAKE (task 1): x\npackage kata.k90_fixture;\nclass Welcomer {}");
        addCase("does-not-compile", "Greeter.java", solutionWith("// MISTAKE (task 1): x", "return \"Hello, \"",
                "return 42 + \"Hello, \"; int"));
        addCase("no-such-task", "Greeter.java", solutionWith("// MISTAKE (task 7): x", "Hello, ", "Hi, "));
        addCase("other-package", "Greeter.java", solutionWith("// MISTAKE (task 1): x", "package kata.k90_fixture;",
                "package kata.k91_other;"));
        addCase("two-files", "Greeter.java", solutionWith("// MISTAKE (task 1): x", "Hello, ", "Hi, "));
        addCase("two-files", "NOTES.md", "why\n");
        Files.createDirectories(mistakes.resolve("k99_unknown/some-case"));

        List<String> lines = check(2);

        assertThat(lines).contains(
                "FAIL mistakes/k99_unknown: no kata of that name in exercises/kata (a folder per kata: k90_fixture)",
                "FAIL k90_fixture/no-first-line: the first line must be '// MISTAKE (task N): <what is wrong>', not:"
                        + " // a greeter that greets nobody",
                "FAIL k90_fixture/not-a-class: Welcomer.java is not a class of k90_fixture's solution"
                        + " (solutions/kata/k90_fixture has Greeter)",
                "FAIL k90_fixture/no-such-task: no test of kata.k90_fixture has @Tag(\"task:7\"): name the task whose"
                        + " tests must catch it (the stub's Javadoc and the lesson number them)",
                "FAIL k90_fixture/other-package: must define exactly kata.k90_fixture.Greeter (package"
                        + " kata.k90_fixture); it defines no class of kata.k90_fixture",
                "FAIL k90_fixture/two-files: a case folder holds exactly one file, <Class>.java; found Greeter.java,"
                        + " NOTES.md");
        assertThat(lines).anySatisfy(line -> assertThat(line)
                .startsWith("FAIL k90_fixture/does-not-compile: does not compile: Greeter.java:"));
    }

    @Test
    void a_kata_whose_solution_fails_the_tests_checks_none_of_its_mistakes() throws IOException {
        Path brokenClasses = work.resolve("stub-classes");
        kata.support.inprocess.Compilation.compile(List.of(KataFixture.sources()
                .resolve("exercises/kata/k90_fixture/Greeter.java")), fixture.classpath(), brokenClasses);
        Layout layout = new Layout(mistakes, KataFixture.sources().resolve("exercises/kata"),
                KataFixture.sources().resolve("solutions/kata"), brokenClasses, fixture.testClasses(),
                work.resolve("out"), fixture.classpath());

        List<String> lines = MistakesChecker.check(layout, Optional.empty(), 2, line -> { }).stream()
                .map(Line::toString).toList();

        assertThat(lines.get(0)).isEqualTo("FAIL k90_fixture/forgets-the-name: not checked: the solution itself does"
                + " not pass task 1 in this JVM: greets by name: FAILED (STUB: k90_fixture, task 1: implement"
                + " Greeter.greet(name) in exercises/kata/k90_fixture/Greeter.java)");
    }

    @Test
    void katas_checked_on_two_threads_give_the_lines_of_one_thread_in_the_same_order() {
        List<Line> printed = new ArrayList<>();

        List<Line> lines = MistakesChecker.check(layout(), Optional.empty(), 2, 2, printed::add);

        assertThat(printed).as("every line is printed, once its kata is done").isEqualTo(lines);
        assertThat(withoutTimes(lines.stream().map(Line::toString).toList())).isEqualTo(withoutTimes(check(2)));
    }

    private static List<String> withoutTimes(List<String> lines) {
        return lines.stream().map(line -> line.replaceFirst("checked in .*", "checked in …")).toList();
    }

    @Test
    void several_threads_refuse_one_server_for_the_whole_jvm() {
        String before = System.getProperty(MemcachedExtension.SHARED_PROPERTY);
        System.setProperty(MemcachedExtension.SHARED_PROPERTY, "jvm");
        try {
            String[] args = {"--mistakes=" + mistakes, "--exercises=x", "--solutions=x", "--classes=x",
                "--test-classes=x", "--work=x", "--threads=2"};
            assertThatExceptionOfType(IllegalArgumentException.class)
                    .isThrownBy(() -> MistakesChecker.run(args, System.out))
                    .withMessageStartingWith("memcached.shared=jvm with --threads=2: katas checked at once would share"
                            + " one server");
        } finally {
            if (before == null) {
                System.clearProperty(MemcachedExtension.SHARED_PROPERTY);
            } else {
                System.setProperty(MemcachedExtension.SHARED_PROPERTY, before);
            }
        }
    }

    @Test
    void a_focus_that_names_another_kata_checks_nothing_here() {
        assertThat(MistakesChecker.check(layout(), Optional.of("04"), 4, line -> { })).isEmpty();
    }
}
