package kata.support.grade;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import kata.support.grade.Submission.Reverted;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RevertsTest {

    private static final String PROBE = "exercises/kata/k01_connection/ServerProbe.java";
    private static final String STORE = "exercises/kata/k03_json/UserStore.java";
    private static final String KEYS = "exercises/kata/k03_json/KeyBuilder.java";
    private static final Submission USED = new Submission("/s", List.of(PROBE, KEYS, STORE), List.of(), List.of(),
            List.of(), List.of(), 0, List.of());

    @TempDir
    Path kata;
    @TempDir
    Path pristine;
    @TempDir
    Path scratch;

    @BeforeEach
    void sources() throws IOException {
        for (String file : new String[] {PROBE, STORE, KEYS, "src/main/java/kata/shared/User.java"}) {
            Files.createDirectories(pristine.resolve(file).getParent());
            Files.writeString(pristine.resolve(file), "class X {}");
        }
    }

    private MavenLog compileErrors(String... files) {
        StringBuilder log = new StringBuilder("[ERROR] COMPILATION ERROR : \n");
        for (String file : files) {
            log.append("[ERROR] ").append(kata).append('/').append(file).append(":[3,1] cannot find symbol\n");
        }
        return MavenLog.of(log.toString());
    }

    @Test
    void a_learners_file_that_does_not_compile_is_reverted() throws IOException {
        List<Reverted> now = Reverts.after(kata, pristine, compileErrors(PROBE), false, USED);

        assertThat(now).containsExactly(new Reverted(PROBE, "does not compile"));
    }

    @Test
    void a_kata_test_that_does_not_compile_reverts_that_katas_files() throws IOException {
        List<Reverted> now = Reverts.after(kata, pristine,
                compileErrors("src/test/java/kata/k03_json/JsonKataTest.java"), false, USED);

        assertThat(now).containsExactly(new Reverted(KEYS, "the kata's tests do not compile against it"),
                new Reverted(STORE, "the kata's tests do not compile against it"));
    }

    @Test
    void a_file_is_reverted_once_and_only_a_used_one() throws IOException {
        Submission already = USED.withReverted(List.of(new Reverted(PROBE, "does not compile")));

        assertThat(Reverts.after(kata, pristine, compileErrors(PROBE, "src/main/java/kata/shared/User.java",
                "exercises/kata/k02_encoding/TextStore.java"), false, already)).isEmpty();
        assertThat(Reverts.after(kata, pristine, compileErrors(KEYS), true, USED))
                .as("the tests ran (a results file exists): the build did not stop on that error").isEmpty();
    }

    @Test
    void a_class_compiled_outside_the_katas_packages_reverts_the_file_it_came_from() throws IOException {
        Compiled shadow = Compiled.sources(scratch, Map.of("ServerProbe.java", """
                package org.junit.jupiter.api;
                class Assertions { }
                """));
        Path classes = kata.resolve("target/classes");
        Files.createDirectories(classes.resolve("org/junit/jupiter/api"));
        Files.createDirectories(classes.resolve("kata/k01_connection"));
        Files.copy(shadow.root().resolve("org/junit/jupiter/api/Assertions.class"),
                classes.resolve("org/junit/jupiter/api/Assertions.class"));
        Files.writeString(classes.resolve("kata/k01_connection/ServerProbe.class"), "its own package: fine");

        assertThat(Reverts.ownPackages(pristine)).containsExactly("kata/k01_connection", "kata/k03_json",
                "kata/shared");
        assertThat(Reverts.after(kata, pristine, compileErrors(KEYS), false, USED)).as("the shadow is dealt with first")
                .containsExactly(new Reverted(PROBE, "declares a class outside its kata's package"
                        + " (org.junit.jupiter.api)"));
    }
}
