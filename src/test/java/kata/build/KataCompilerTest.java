package kata.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import kata.build.KataCompile.Outcome;
import kata.support.report.KataDoesNotCompile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kata compiler on a small project of three katas: one compiles, one does not, one's tests do not. */
class KataCompilerTest {

    @TempDir
    Path base;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private KataLayout layout;

    @BeforeEach
    void project() throws IOException {
        layout = new KataLayout(base, "exercises");
        write("src/main/java/kata/shared/Greeting.java",
                "package kata.shared;", "public final class Greeting {",
                "    public static String of(String name) { return \"hi \" + name; }", "}");
        write("src/test/java/kata/support/Helper.java", "package kata.support;", "public class Helper {}");
        write("exercises/kata/k01_alpha/Alpha.java", "package kata.k01_alpha;", "public class Alpha {",
                "    public String hello() { return kata.shared.Greeting.of(\"a\"); }", "}");
        write("exercises/kata/k02_beta/Beta.java", "package kata.k02_beta;", "public class Beta {",
                "    int size() { return 1 }", "}");
        write("exercises/kata/k03_gamma/Gamma.java", "package kata.k03_gamma;", "public class Gamma {",
                "    public int size(String text) { return text.length(); }", "}");
        write("src/test/java/kata/k01_alpha/AlphaKataTest.java", "package kata.k01_alpha;",
                "import org.junit.jupiter.api.Test;", "class AlphaKataTest {",
                "    @Test void hello_greets() {",
                "        if (!new Alpha().hello().equals(\"hi a\")) throw new AssertionError();", "    }",
                "}");
        write("src/test/java/kata/k02_beta/BetaKataTest.java", "package kata.k02_beta;",
                "import org.junit.jupiter.api.*;", "import org.junit.jupiter.params.ParameterizedTest;",
                "import org.junit.jupiter.params.provider.ValueSource;",
                "@DisplayName(\"k02 · Beta, \\\"quoted\\\"\")", "class BetaKataTest {",
                "    private static final String TASK = \"task:9\";",
                "    @Test @Tag(\"task:1\") void size_is_one() { assert new Beta().size() == 1; }",
                "    @ParameterizedTest @ValueSource(ints = {1, 2}) @Tag(\"task:2\") void sizes(int n) { }",
                "    @Test @Tag(TASK) void a_tag_from_a_constant_is_left_out() { }",
                "    void helper() { }",
                "    static java.util.stream.Stream<String> source() { return null; }",
                "    @Nested class Inner {", "        @Test @Tag(\"task:3\") void nested_too() { }", "    }", "}");
        write("src/test/java/kata/k03_gamma/GammaKataTest.java", "package kata.k03_gamma;",
                "import org.junit.jupiter.api.Test;", "class GammaKataTest {",
                "    @Test void size_counts() { new Gamma().size(); }", "}");
        Files.createDirectories(layout.classes().resolve("kata/k02_beta"));
        Files.writeString(layout.classes().resolve("kata/k02_beta/Beta.class"), "last run's class, now stale");
    }

    @Test
    void a_kata_that_does_not_compile_leaves_the_others_compiled_and_gets_failing_stand_ins() throws Exception {
        try (Javac javac = javac()) {
            KataCompiler compiler = new KataCompiler(layout, javac, classpath(), new PrintStream(printed, true,
                    StandardCharsets.UTF_8));

            List<KataCompile> sides = compiler.main();
            List<KataCompile> all = compiler.tests(sides);

            Map<String, KataCompile> byKata = all.stream().collect(Collectors.toMap(KataCompile::kata, k -> k));
            assertThat(byKata.get("k01_alpha").outcome()).isEqualTo(Outcome.COMPILED);
            KataCompile beta = byKata.get("k02_beta");
            assertThat(beta.outcome()).isEqualTo(Outcome.DOES_NOT_COMPILE);
            assertThat(beta.errors()).first().extracting(Problem::file, Problem::line, Problem::message, Problem::code)
                    .containsExactly("exercises/kata/k02_beta/Beta.java", 3L, "';' expected",
                            "int size() { return 1 }");
            assertThat(beta.open()).isEqualTo("exercises/kata/k02_beta/Beta.java:3");
            assertThat(beta.reset()).isEqualTo("git checkout -- exercises/kata/k02_beta/Beta.java");
            KataCompile gamma = byKata.get("k03_gamma");
            assertThat(gamma.outcome()).isEqualTo(Outcome.TESTS_DO_NOT_COMPILE);
            assertThat(gamma.errors()).first().extracting(Problem::file, Problem::line)
                    .containsExactly("src/test/java/kata/k03_gamma/GammaKataTest.java", 4L);
            assertThat(gamma.open()).isEqualTo("exercises/kata/k03_gamma/Gamma.java");
            assertThat(gamma.reset()).isEqualTo("git checkout -- exercises/kata/k03_gamma");

            assertThat(layout.classes().resolve("kata/shared/Greeting.class")).exists();
            assertThat(layout.classes().resolve("kata/k01_alpha/Alpha.class")).exists();
            assertThat(layout.classes().resolve("kata/k03_gamma/Gamma.class")).exists();
            assertThat(layout.classes().resolve("kata/k02_beta")).as("no class of a kata that does not compile,"
                    + " not even last run's").doesNotExist();
            assertThat(layout.testClasses().resolve("kata/support/Helper.class")).exists();
            assertThat(layout.testClasses().resolve("kata/k01_alpha/AlphaKataTest.class")).exists();
            assertThat(printed.toString(StandardCharsets.UTF_8).lines()).hasSize(2)
                    .anyMatch(line -> line.startsWith(
                            "k02_beta does not compile: exercises/kata/k02_beta/Beta.java:3:"))
                    .anyMatch(line -> line.startsWith("k03_gamma: its tests do not compile against your code"
                            + " (src/test/java/kata/k03_gamma/GammaKataTest.java:4)"));
        }
    }

    @Test
    void a_check_across_katas_that_does_not_compile_is_left_out_and_blocks_nothing() throws Exception {
        write("src/test/java/kata/interop/AcrossTest.java", "package kata.interop;",
                "import kata.k03_gamma.Gamma;", "class AcrossTest { int n = new Gamma().length(); }");
        write("src/test/java/kata/interop/Plain.java", "package kata.interop;", "class Plain {}");
        Files.createDirectories(layout.testClasses().resolve("kata/interop"));
        Files.writeString(layout.testClasses().resolve("kata/interop/AcrossTest$1.class"), "last run's, now stale");
        try (Javac javac = javac()) {
            KataCompiler compiler = new KataCompiler(layout, javac, classpath(), new PrintStream(printed, true,
                    StandardCharsets.UTF_8));

            compiler.tests(compiler.main());
        }

        assertThat(layout.crossKataSources())
                .containsExactly(base.resolve("src/test/java/kata/interop/AcrossTest.java"));
        assertThat(layout.testClasses().resolve("kata/support/Helper.class")).exists();
        assertThat(layout.testClasses().resolve("kata/interop/Plain.class")).as("support that imports no kata")
                .exists();
        assertThat(layout.testClasses().resolve("kata/k01_alpha/AlphaKataTest.class")).exists();
        assertThat(layout.testClasses().resolve("kata/interop")).isDirectoryNotContaining("glob:**/AcrossTest*");
        assertThat(printed.toString(StandardCharsets.UTF_8).lines()).contains("the checks across katas"
                + " (src/test/java/kata/interop) do not compile against your code and are left out; they run with"
                + " -Psolutions (src/test/java/kata/interop/AcrossTest.java:3)");
    }

    @Test
    void a_check_across_katas_that_compiles_is_kept() throws Exception {
        write("src/test/java/kata/interop/AcrossTest.java", "package kata.interop;",
                "import kata.k03_gamma.Gamma;", "class AcrossTest { int n = new Gamma().size(\"ab\"); }");
        try (Javac javac = javac()) {
            KataCompiler compiler = new KataCompiler(layout, javac, classpath(), new PrintStream(printed, true,
                    StandardCharsets.UTF_8));

            compiler.tests(compiler.main());
        }

        assertThat(layout.testClasses().resolve("kata/interop/AcrossTest.class")).exists();
        assertThat(printed.toString(StandardCharsets.UTF_8)).doesNotContain("checks across katas");
    }

    @Test
    void a_stand_in_has_the_tests_tags_and_names_and_each_test_throws_the_compilers_message() throws Exception {
        try (Javac javac = javac()) {
            KataCompiler compiler = new KataCompiler(layout, javac, classpath(), new PrintStream(printed));
            compiler.tests(compiler.main());
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {
            layout.testClasses().toUri().toURL(), layout.classes().toUri().toURL()}, getClass().getClassLoader())) {
            Class<?> standIn = loader.loadClass("kata.k02_beta.BetaKataTest");
            List<String> tests = new ArrayList<>();
            for (Method method : standIn.getDeclaredMethods()) {
                if (method.isAnnotationPresent(Test.class)) {
                    Tag tag = method.getAnnotation(Tag.class);
                    tests.add(method.getName() + (tag == null ? "" : " " + tag.value()));
                }
            }
            assertThat(tests).containsExactlyInAnyOrder("size_is_one task:1", "sizes task:2",
                    "a_tag_from_a_constant_is_left_out");
            assertThat(standIn.getAnnotation(org.junit.jupiter.api.DisplayName.class).value())
                    .isEqualTo("k02 · Beta, \"quoted\"");
            Class<?> inner = loader.loadClass("kata.k02_beta.BetaKataTest$Inner");
            assertThat(inner.isAnnotationPresent(org.junit.jupiter.api.Nested.class)).isTrue();

            var constructor = standIn.getDeclaredConstructor();
            constructor.setAccessible(true);
            Method test = standIn.getDeclaredMethod("size_is_one");
            test.setAccessible(true);
            Throwable thrown = catchThrowable(() -> test.invoke(constructor.newInstance()));

            assertThat(thrown).isInstanceOf(InvocationTargetException.class);
            KataDoesNotCompile failure = (KataDoesNotCompile) thrown.getCause();
            assertThat(failure.outcome()).isEqualTo(Outcome.DOES_NOT_COMPILE);
            assertThat(failure.open()).isEqualTo("exercises/kata/k02_beta/Beta.java:3");
            assertThat(failure.getMessage()).startsWith(
                    "k02_beta does not compile: exercises/kata/k02_beta/Beta.java:3: ';' expected");
        }
    }

    @Test
    void a_run_with_an_error_writes_no_class_even_for_the_files_javac_reached_first() throws IOException {
        Path good = write("a/A.java", "package a;", "public class A {}");
        Path bad = write("b/B.java", "package b;", "public class B { int x() { return missing; } }");
        Path out = base.resolve("out");
        try (Javac javac = javac()) {
            List<Problem> problems = javac.compile(List.of(good, bad), classpath(), out, base.resolve("gen"));

            assertThat(problems).singleElement().extracting(Problem::headline).asString()
                    .startsWith("b/B.java:2: cannot find symbol; symbol: variable missing");
            assertThat(out.resolve("a/A.class")).as("javac wrote A before it met B's error; none of it is kept")
                    .doesNotExist();
        }
    }

    @Test
    void with_maven_compiling_it_only_removes_its_report() throws IOException {
        Path report = write("target/kata-compile.json", "{}");

        KataCompiler.main(new String[] {"isolated=false", "base=" + base, "phase=main"});

        assertThat(report).doesNotExist();
    }

    @Test
    void javac_messages_read_on_one_line() {
        assertThat(Javac.oneLine("method put in class T cannot be applied to given types;\n  required: String\n"
                + "  found:    String,int\n  reason: actual and formal argument lists differ in length"))
                .isEqualTo("method put in class T cannot be applied to given types; required: String; found:"
                        + " String,int; reason: actual and formal argument lists differ in length");
    }

    private Javac javac() {
        return new Javac(base, base.resolve("target/scratch"), "17", "UTF-8");
    }

    private Path write(String path, String... lines) throws IOException {
        Path file = base.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    /** What the stand-ins and the small katas compile against: JUnit's API and this project's test support. */
    private static List<Path> classpath() {
        List<Path> path = new ArrayList<>();
        for (Class<?> type : List.of(Test.class, org.apiguardian.api.API.class,
                org.opentest4j.TestAbortedException.class, org.junit.platform.commons.annotation.Testable.class,
                KataDoesNotCompile.class, Problem.class)) {
            try {
                Path entry = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
                if (!path.contains(entry)) {
                    path.add(entry);
                }
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return path;
    }
}
