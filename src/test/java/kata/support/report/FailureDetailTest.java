package kata.support.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;

import kata.build.KataCompile.Outcome;
import kata.build.Problem;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

class FailureDetailTest {

    private static final String K07 = "exercises/kata/k07_stats/StatsView.java";

    @Test
    void open_names_the_learners_method_the_test_called_and_the_helper_that_threw_beside_it() {
        // k07: report() at line 53 calls a helper that throws at line 96
        NumberFormatException thrown = new NumberFormatException("For input string: \"1.6.18\"");
        thrown.setStackTrace(new StackTraceElement[] {
            frame("java.lang.Integer", "parseInt", "Integer.java", 652),
            frame("kata.k07_stats.StatsView", "line", "StatsView.java", 96),
            frame("kata.k07_stats.StatsView", "lambda$report$0", "StatsView.java", 55),
            frame("java.util.stream.ReferencePipeline$3$1", "accept", "ReferencePipeline.java", 197),
            frame("kata.k07_stats.StatsView", "report", "StatsView.java", 53),
            frame("kata.k07_stats.StatsKataTest", "report_names_each_server", "StatsKataTest.java", 140),
        });

        FailureDetail detail = FailureDetail.of(thrown, "exercises");

        assertThat(detail.code()).isEqualTo(K07 + ":53");
        assertThat(detail.thrownAt()).isEqualTo(K07 + ":96");
        assertThat(detail.testFrame()).isEqualTo("src/test/java/kata/k07_stats/StatsKataTest.java:140");
        assertThat(detail.message()).containsExactly(
                "java.lang.NumberFormatException: For input string: \"1.6.18\"");
    }

    @Test
    void an_exception_quoted_in_an_assertion_message_still_gives_the_learners_line() {
        // k01: the test expected ServerUnreachableException; AssertJ quotes the one thrown, with its stack
        RuntimeException thrown = new RuntimeException("Timed out waiting for operation");
        thrown.setStackTrace(new StackTraceElement[] {
            frame("net.spy.memcached.MemcachedClient", "getVersions", "MemcachedClient.java", 1234),
            frame("kata.k01_connection.ServerProbe", "version", "ServerProbe.java", 38),
            frame("kata.k01_connection.ConnectionKataTest", "lambda$a_dead_server$1", "ConnectionKataTest.java", 61),
        });
        AssertionError failure = (AssertionError) catchThrowable(() ->
                assertThatExceptionOfType(IllegalStateException.class)
                        .as("version(a dead address, 300 ms): no answer is a ServerUnreachableException")
                        .isThrownBy(() -> {
                            throw thrown;
                        }));

        FailureDetail detail = FailureDetail.of(failure, "exercises");

        assertThat(detail.code()).isEqualTo("exercises/kata/k01_connection/ServerProbe.java:38");
        assertThat(detail.thrownAt()).isNull();
        assertThat(detail.message()).first()
                .isEqualTo("version(a dead address, 300 ms): no answer is a ServerUnreachableException");
        assertThat(detail.advice()).isEqualTo(1);
        assertThat(detail.message()).noneMatch(line -> line.startsWith("at "));
    }

    @Test
    void a_stub_reads_as_the_method_to_implement_at_the_stubs_line() {
        UnsupportedOperationException stub = new UnsupportedOperationException("k01_connection, task 1: implement"
                + " ServerProbe.version(address, timeout) in exercises/kata/k01_connection/ServerProbe.java");
        stub.setStackTrace(new StackTraceElement[] {
            frame("kata.k01_connection.ServerProbe", "version", "ServerProbe.java", 33),
            frame("kata.k01_connection.ConnectionKataTest", "version_is", "ConnectionKataTest.java", 40)
        });

        FailureDetail detail = FailureDetail.of(stub, "exercises");

        assertThat(detail.message()).containsExactly("still the stub: implement ServerProbe.version(address, timeout)");
        assertThat(detail.code()).isEqualTo("exercises/kata/k01_connection/ServerProbe.java:33");
        assertThat(detail.thrownAt()).isNull();
        assertThat(detail.testFrame()).isEqualTo("src/test/java/kata/k01_connection/ConnectionKataTest.java:40");
    }

    @Test
    void an_awaitility_timeout_keeps_its_alias_and_the_assertions_description_without_the_lambda_noise() {
        String description = "get(\"k04:session\") after putFor(…, 1s): memcached drops expired items";
        AssertionError last = (AssertionError) catchThrowable(() ->
                assertThat(java.util.Optional.of("alice")).as(description).isEmpty());
        // the message as Awaitility 4.3 builds it (checked against a real await(…).untilAsserted(…))
        ConditionTimeoutException timeout = new ConditionTimeoutException("Condition with alias 'k04:session to"
                + " expire' didn't complete within 2 seconds 500 milliseconds because assertion condition defined as"
                + " a Lambda expression in kata.k04_expiry.ExpiryKataTest " + last.getMessage(), last);

        FailureDetail detail = FailureDetail.of(timeout, "exercises");

        assertThat(detail.message()).containsExactly(
                "Condition with alias 'k04:session to expire' didn't complete within 2 seconds 500 milliseconds",
                description, "Expecting an empty Optional but was containing value: \"alice\"");
        assertThat(detail.advice()).isEqualTo(2);
    }

    @Test
    void an_awaitility_timeout_before_any_assertion_ran_keeps_only_its_alias() {
        ConditionTimeoutException timeout = new ConditionTimeoutException("Condition with alias 'k05:user:1 to be"
                + " stored' didn't complete within 2 seconds because assertion condition defined as a Lambda"
                + " expression in kata.k05_cache_aside.CacheAsideKataTest null.");

        assertThat(FailureDetail.of(timeout, "exercises").message())
                .containsExactly("Condition with alias 'k05:user:1 to be stored' didn't complete within 2 seconds");
    }

    @Test
    void a_kata_that_does_not_compile_names_the_error_its_line_and_the_reset() {
        String file = "exercises/kata/k06_sessions/SessionStore.java";
        KataDoesNotCompile failure = new KataDoesNotCompile("k06_sessions", Outcome.DOES_NOT_COMPILE, file + ":85",
                "git checkout -- " + file, 3, List.of(
                        new Problem(file, 85, 1, "class, interface, enum, or record expected", "this does not compile"),
                        new Problem(file, 12, 9, "cannot find symbol; symbol: class Strin", "Strin id;")));

        FailureDetail detail = FailureDetail.of(failure, "exercises");

        assertThat(Reason.of(failure)).isEqualTo(Reason.COMPILE);
        assertThat(detail.message()).containsExactly(file + ":85: class, interface, enum, or record expected",
                "    this does not compile", file + ":12: cannot find symbol; symbol: class Strin",
                "(1 more errors in target/kata-compile.json)");
        assertThat(detail.advice()).isEqualTo(2);
        assertThat(detail.code()).isEqualTo(file + ":85");
        assertThat(detail.reset()).isEqualTo("git checkout -- " + file);
        assertThat(failure.getMessage().lines().findFirst()).contains(
                "k06_sessions does not compile: " + file + ":85: class, interface, enum, or record expected");
    }

    @Test
    void tests_that_no_longer_compile_point_at_the_test_line_and_the_learners_class() {
        Problem error = new Problem("src/test/java/kata/k02_encoding/EncodingKataTest.java", 44, 14,
                "method put in class kata.k02_encoding.TextStore cannot be applied to given types;",
                "store.put(k, v);");
        KataDoesNotCompile failure = new KataDoesNotCompile("k02_encoding", Outcome.TESTS_DO_NOT_COMPILE,
                "exercises/kata/k02_encoding/TextStore.java", "git checkout -- exercises/kata/k02_encoding", 1,
                List.of(error));

        FailureDetail detail = FailureDetail.of(failure, "exercises");

        assertThat(detail.code()).isNull();
        assertThat(detail.testFrame()).isEqualTo("src/test/java/kata/k02_encoding/EncodingKataTest.java:44");
        assertThat(failure.openFile()).isEqualTo("exercises/kata/k02_encoding/TextStore.java");
        assertThat(failure.getMessage()).startsWith("k02_encoding: its tests do not compile against your code: ")
                .contains("put them back, or the stubs: git checkout -- exercises/kata/k02_encoding");
    }

    private static StackTraceElement frame(String type, String method, String file, int line) {
        return new StackTraceElement(type, method, file, line);
    }
}
