package kata.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import kata.build.KataCompile.Outcome;
import kata.support.inprocess.Compilation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One kata compiled again and again into its own folder, as the watch mode does. */
@Tag("tools") // the watch mode's tooling: run by -Psolutions and CI, not by a learner's mvn test
class OneKataTest {

    @TempDir
    Path base;
    private KataLayout layout;
    private Path output;

    @BeforeEach
    void oneKata() throws IOException {
        layout = new KataLayout(base, "exercises");
        output = base.resolve("target/watch/classes");
        write("exercises/kata/k01_alpha/Alpha.java", "package kata.k01_alpha;",
                "public class Alpha { public int size() { return 1; } }");
        write("src/test/java/kata/k01_alpha/AlphaKataTest.java", "package kata.k01_alpha;",
                "import org.junit.jupiter.api.*;", "class AlphaKataTest {",
                "    @Test @Tag(\"task:1\") void size_is_one() { assert new Alpha().size() == 1; }", "}");
    }

    @Test
    void a_kata_that_compiles_gets_its_classes_and_its_tests() throws IOException {
        try (OneKata compiler = compiler()) {
            KataCompile result = compiler.compile("k01_alpha", output);

            assertThat(result.compiled()).isTrue();
            assertThat(output.resolve("kata/k01_alpha/Alpha.class")).isRegularFile();
            assertThat(output.resolve("kata/k01_alpha/AlphaKataTest.class")).isRegularFile();
        }
    }

    @Test
    void learner_code_that_does_not_compile_gets_stand_in_tests_naming_the_file_and_line() throws IOException {
        try (OneKata compiler = compiler()) {
            compiler.compile("k01_alpha", output);
            write("exercises/kata/k01_alpha/Alpha.java", "package kata.k01_alpha;",
                    "public class Alpha { public int size() { return 1 } }");

            KataCompile result = compiler.compile("k01_alpha", output);

            assertThat(result.outcome()).isEqualTo(Outcome.DOES_NOT_COMPILE);
            assertThat(result.errors()).first().extracting(Problem::file, Problem::line, Problem::message)
                    .containsExactly("exercises/kata/k01_alpha/Alpha.java", 2L, "';' expected");
            assertThat(output.resolve("kata/k01_alpha/Alpha.class")).as("last run's class is gone").doesNotExist();
            assertThat(output.resolve("kata/k01_alpha/AlphaKataTest.class")).as("the stand-in").isRegularFile();
        }
    }

    @Test
    void tests_that_no_longer_compile_against_the_code_get_stand_ins_too() throws IOException {
        write("exercises/kata/k01_alpha/Alpha.java", "package kata.k01_alpha;",
                "public class Alpha { public int length() { return 1; } }");
        try (OneKata compiler = compiler()) {
            KataCompile result = compiler.compile("k01_alpha", output);

            assertThat(result.outcome()).isEqualTo(Outcome.TESTS_DO_NOT_COMPILE);
            assertThat(result.open()).isEqualTo("exercises/kata/k01_alpha/Alpha.java");
            assertThat(output.resolve("kata/k01_alpha/Alpha.class")).isRegularFile();
            assertThat(output.resolve("kata/k01_alpha/AlphaKataTest.class")).isRegularFile();
        }
    }

    private OneKata compiler() {
        return new OneKata(layout, base.resolve("target/watch/scratch"), Compilation.jvmClasspath());
    }

    private void write(String path, String... lines) throws IOException {
        Path file = base.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", lines) + "\n");
    }
}
