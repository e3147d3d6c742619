package kata.support.inprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("tools") // instructors' tooling: run by -Psolutions and CI, not by a learner's mvn test
class CompilationTest {

    @TempDir
    Path dir;

    @Test
    void the_fixture_kata_compiles_against_this_jvms_test_classpath() {
        KataFixture fixture = KataFixture.compiled();

        assertThat(fixture.classes().resolve("kata/k90_fixture/Greeter.class")).isRegularFile();
        assertThat(fixture.testClasses().resolve("kata/k90_fixture/GreeterKataTest.class")).isRegularFile();
    }

    @Test
    void a_source_that_does_not_compile_gives_each_error_with_its_file_and_line() throws IOException {
        Path source = Files.writeString(dir.resolve("Broken.java"), "package kata.k90_fixture;\n\n"
                + "class Broken {\n    int x = \"text\";\n}\n");

        Compilation result = Compilation.compile(List.of(source), Compilation.jvmClasspath(), dir.resolve("out"));

        assertThat(result.succeeded()).isFalse();
        assertThat(result.errors()).singleElement().asString().startsWith("Broken.java:4: incompatible types");
        assertThat(dir.resolve("out/kata/k90_fixture/Broken.class")).doesNotExist();
    }

    @Test
    void the_classpath_of_this_jvm_holds_the_test_libraries() {
        assertThat(Compilation.jvmClasspath()).anySatisfy(entry -> assertThat(entry.toString()).contains("junit"));
    }

    @Test
    void a_missing_source_is_a_failed_compilation_that_names_it() {
        Compilation result = Compilation.compile(List.of(dir.resolve("Missing.java")), List.of(), dir.resolve("out"));

        assertThat(result.succeeded()).isFalse();
        assertThat(result.errors()).singleElement().asString().contains("Missing.java");
    }
}
