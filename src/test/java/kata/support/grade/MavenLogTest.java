package kata.support.grade;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MavenLogTest {

    @Test
    void the_banner_says_the_tests_started() {
        assertThat(MavenLog.of("[INFO] \n[INFO]  T E S T S\n[INFO] ----").testsStarted()).isTrue();
        assertThat(MavenLog.of("[ERROR] COMPILATION ERROR :").testsStarted()).isFalse();
    }

    @Test
    void a_time_limit_is_the_graders_or_surefires() {
        assertThat(MavenLog.of("").timedOut(124)).as("timeout stopped mvn").isTrue();
        assertThat(MavenLog.of("").timedOut(137)).as("timeout killed mvn").isTrue();
        assertThat(MavenLog.of("").timedOut(1)).isFalse();
        assertThat(MavenLog.of("[ERROR] There was a timeout in the fork").timedOut(1)).isTrue();
        assertThat(MavenLog.of("[ERROR] There was a timeout or other error in the fork").timedOut(0)).isTrue();
    }

    @Test
    void the_first_error_line_is_cut_to_300_bytes() {
        String error = "[ERROR] " + "é".repeat(200);
        MavenLog log = MavenLog.of("[INFO] fine\n  [ERROR] indented, not it\n" + error + "\n[ERROR] second\n");

        assertThat(log.firstError()).as("300 bytes: the line's prefix and 146 two-byte letters")
                .isEqualTo("[ERROR] " + "é".repeat(146));
        assertThat(MavenLog.of("[ERROR] short\r\nmore").firstError()).isEqualTo("[ERROR] short\r");
        assertThat(MavenLog.of("[INFO] all well").firstError()).isEmpty();
    }

    @Test
    void the_sources_that_do_not_compile_are_listed_once_each_sorted() {
        MavenLog log = MavenLog.of("""
                [ERROR] COMPILATION ERROR :\s
                [ERROR] /tmp/k/exercises/kata/k02_encoding/TextStore.java:[9,1] class, interface expected
                [ERROR] /tmp/k/exercises/kata/k01_connection/ServerProbe.java:[45,1] reached end of file
                [ERROR] /tmp/k/exercises/kata/k02_encoding/TextStore.java:[12,1] class, interface expected
                [INFO] 3 errors\s
                """);

        assertThat(log.compilationError()).isTrue();
        assertThat(log.filesThatDoNotCompile()).containsExactly(
                "/tmp/k/exercises/kata/k01_connection/ServerProbe.java",
                "/tmp/k/exercises/kata/k02_encoding/TextStore.java");
    }
}
