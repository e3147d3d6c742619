package kata.support.grade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import kata.support.grade.Submission.Ignored;
import kata.support.grade.Submission.Warning;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubmissionTest {

    private static final String PROBE = "exercises/kata/k01_connection/ServerProbe.java";
    private static final String STORE = "exercises/kata/k02_encoding/TextStore.java";
    private static final String USERS = "exercises/kata/k03_json/UserStore.java";
    private static final String KEYS = "exercises/kata/k03_json/KeyBuilder.java";

    @TempDir
    Path pristine;
    @TempDir
    Path learner;

    private static void write(Path base, String path, String text) throws IOException {
        Files.createDirectories(base.resolve(path).getParent());
        Files.writeString(base.resolve(path), text);
    }

    @BeforeEach
    void kata() throws IOException {
        for (String stub : new String[] {PROBE, STORE, USERS, KEYS}) {
            write(pristine, stub, "class Stub {}\n");
        }
        write(pristine, "exercises/kata/k01_connection/README.md", "# lesson\n");
        write(pristine, "pom.xml", "<project/>\n");
        write(pristine, "src/test/java/kata/k01_connection/ConnectionKataTest.java", "class ConnectionKataTest {}\n");
        write(pristine, "target/classes/kata/X.class", "built");
    }

    @Test
    void the_allow_list_is_the_katas_java_files_in_gits_order() throws IOException {
        assertThat(Submission.allowList(pristine)).containsExactly(PROBE, STORE, KEYS, USERS);
    }

    @Test
    void allow_listed_files_are_used_unchanged_or_missing() throws IOException {
        write(learner, PROBE, "class Solved {}\n");
        write(learner, STORE, "class Stub {}\n");
        write(learner, KEYS, "class Solved {}\n");
        write(learner, "elsewhere/UserStore.java", "class Solved {}\n");
        Files.createSymbolicLink(learner.resolve(USERS), learner.resolve("elsewhere/UserStore.java"));

        Submission submission = Submission.inspect(learner, pristine);

        assertThat(submission.used()).containsExactly(PROBE, KEYS);
        assertThat(submission.unchanged()).containsExactly(STORE);
        assertThat(submission.missing()).as("a link is never followed: its target could be anything")
                .containsExactly(USERS);
        assertThat(submission.ignored()).as("the link is reported too")
                .containsExactly(new Ignored("elsewhere/UserStore.java", "extra", "outside exercises/"),
                        new Ignored(USERS, "changed", "not a .java file that exercises/ ships"));
        assertThat(submission.path()).isEqualTo(learner.toString());
    }

    @Test
    void everything_else_is_ignored_and_reported_with_why() throws IOException {
        write(learner, "pom.xml", "<project><!-- solutions --></project>\n");
        write(learner, "exercises/kata/k01_connection/README.md", "# lesson\n");
        write(learner, "exercises/kata/k01_connection/NOTES.md", "mine\n");
        write(learner, "src/test/java/kata/k01_connection/ConnectionKataTest.java", "class Weakened {}\n");
        write(learner, "src/test/resources/META-INF/services/org.junit.jupiter.api.extension.Extension", "x\n");
        write(learner, "exercises/junit-platform.properties", "x\n");
        write(learner, "src/main/java/kata/shared/User.java", "x\n");
        write(learner, ".mvn/jvm.config", "x\n");
        write(learner, ".ci/grade", "echo 100/100\n");
        write(learner, "tools/run.sh", "x\n");
        write(learner, ".git/config", "never read\n");
        write(learner, "target/classes/kata/X.class", "never read");
        write(learner, "docs/target/notes.md", "only the top-level target is skipped\n");

        Submission submission = Submission.inspect(learner, pristine);

        assertThat(submission.identicalToKata()).as("the unchanged README").isEqualTo(1);
        assertThat(submission.ignored()).extracting(Ignored::path, Ignored::change, Ignored::why).containsExactly(
                tuple(".ci/grade", "extra", "CI and grading scripts: never run from a submission"),
                tuple(".mvn/jvm.config", "extra", "build configuration: the pristine build is used"),
                tuple("docs/target/notes.md", "extra", "outside exercises/"),
                tuple("exercises/junit-platform.properties", "extra", "JUnit configuration: never loaded from a"
                        + " submission"),
                tuple("exercises/kata/k01_connection/NOTES.md", "extra", "not a .java file that exercises/ ships"),
                tuple("pom.xml", "changed", "build configuration: the pristine build is used"),
                tuple("src/main/java/kata/shared/User.java", "extra", "shared code: the pristine code is used"),
                tuple("src/test/java/kata/k01_connection/ConnectionKataTest.java", "changed",
                        "test code or test resources: the pristine tests are used"),
                tuple("src/test/resources/META-INF/services/org.junit.jupiter.api.extension.Extension", "extra",
                        "test code or test resources: the pristine tests are used"),
                tuple("tools/run.sh", "extra", "outside exercises/"));
        assertThat(Submission.why("exercises/META-INF/services/x")).isEqualTo("service registration: never loaded"
                + " from a submission");
    }

    @Test
    void calls_no_kata_needs_are_flagged_by_kind_file_and_line() throws IOException {
        write(learner, PROBE, """
                import java.nio.file.Files;
                class ServerProbe {
                    void a() { System . exit(0); }
                    void b() { Runtime.getRuntime().halt(1); Class.forName("x"); }
                    void c() { new ProcessBuilder("sh"); System.setProperty("kata.results", "x"); }
                }""");
        write(learner, KEYS, "class KeyBuilder { Thread t; { Runtime.getRuntime().addShutdownHook(t); } }\n");

        assertThat(Submission.inspect(learner, pristine).warnings()).containsExactly(
                new Warning("ends the JVM (System.exit, Runtime.halt)", PROBE + ":3"),
                new Warning("ends the JVM (System.exit, Runtime.halt)", PROBE + ":4"),
                new Warning("shutdown hook", KEYS + ":1"),
                new Warning("reflection", PROBE + ":4"),
                new Warning("file access", PROBE + ":1"),
                new Warning("starts processes", PROBE + ":5"),
                new Warning("changes JVM-wide state", PROBE + ":5"));
    }
}
