package kata.support.inprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.file.Path;
import java.util.List;

import kata.support.report.Reason;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("tools") // instructors' tooling: run by -Psolutions and CI, not by a learner's mvn test
class KataClassLoaderTest {

    @TempDir
    static Path work;
    static final KataFixture fixture = KataFixture.compiled();
    static Path mistake;

    @BeforeAll
    static void compileOneMistake() {
        mistake = work.resolve("mistake");
        Compilation compiled = Compilation.compile(List.of(KataFixture.sources()
                .resolve("mistakes/k90_fixture/forgets-the-name/Greeter.java")), fixture.classpath(), mistake);
        assertThat(compiled.errors()).isEmpty();
    }

    @Test
    void the_katas_classes_come_from_its_roots_and_the_first_root_wins() throws Exception {
        try (var withMistake = new KataClassLoader(KataFixture.PACKAGE,
                List.of(mistake, fixture.testClasses(), fixture.classes()), getClass().getClassLoader());
             var solution = new KataClassLoader(KataFixture.PACKAGE,
                     List.of(fixture.testClasses(), fixture.classes()), getClass().getClassLoader())) {

            assertThat(greet(withMistake)).isEqualTo("Hello!");
            assertThat(greet(solution)).isEqualTo("Hello, Ada!");
            Class<?> test = withMistake.loadClass(KataFixture.TEST_CLASS);
            assertThat(test.getClassLoader()).isSameAs(withMistake);
        }
    }

    @Test
    void everything_outside_the_package_is_the_parents_so_support_types_are_shared() throws Exception {
        try (var loader = new KataClassLoader(KataFixture.PACKAGE, List.of(fixture.classes()),
                getClass().getClassLoader())) {
            assertThat(loader.loadClass(Reason.class.getName())).isSameAs(Reason.class);
            assertThat(loader.loadClass("org.junit.jupiter.api.Test")).isSameAs(Test.class);
        }
    }

    @Test
    void a_class_of_the_package_that_no_root_has_is_never_taken_from_the_parent() throws Exception {
        // the parent (Maven's test classpath) has kata.k01_connection's classes; this loader's roots do not
        try (var loader = new KataClassLoader("kata.k01_connection", List.of(fixture.classes()),
                getClass().getClassLoader())) {
            assertThatExceptionOfType(ClassNotFoundException.class)
                    .isThrownBy(() -> loader.loadClass("kata.k01_connection.ConnectionKataTest"))
                    .withMessageContaining("kata.k01_connection.ConnectionKataTest");
        }
    }

    @Test
    void it_owns_the_package_and_its_nested_classes_not_subpackages_or_neighbours() throws Exception {
        try (var loader = new KataClassLoader("kata.k04_expiry", List.of(), getClass().getClassLoader())) {
            assertThat(loader.owns("kata.k04_expiry.Expiry")).isTrue();
            assertThat(loader.owns("kata.k04_expiry.Expiry$Unit")).isTrue();
            assertThat(loader.owns("kata.k04_expiry.more.Thing")).isFalse();
            assertThat(loader.owns("kata.k04_expiry2.Expiry")).isFalse();
            assertThat(loader.owns("kata.shared.User")).isFalse();
        }
    }

    @Test
    void the_top_level_classes_of_a_package_are_listed_without_nested_ones() {
        assertThat(KataClassLoader.topLevelClasses(fixture.testClasses(), KataFixture.PACKAGE))
                .containsExactly(KataFixture.TEST_CLASS);
        assertThat(KataClassLoader.topLevelClasses(fixture.testClasses(), "kata.k99_none")).isEmpty();
    }

    private static Object greet(ClassLoader loader) throws Exception {
        return loader.loadClass(KataFixture.PACKAGE + ".Greeter").getMethod("greet", String.class).invoke(null, "Ada");
    }
}
