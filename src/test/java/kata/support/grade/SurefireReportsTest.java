package kata.support.grade;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SurefireReportsTest {

    private static final String SUITE = "kata.k99_grading.GradingKataTest";
    private static final String HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

    @TempDir
    Path reports;

    private SurefireReports read(String... testCases) throws IOException {
        Files.writeString(reports.resolve("TEST-" + SUITE + ".xml"), HEAD + "<testsuite name=\"" + SUITE
                + "\" tests=\"" + testCases.length + "\">\n  <properties>\n  </properties>\n"
                + String.join("\n", testCases) + "\n</testsuite>\n");
        return SurefireReports.read(reports);
    }

    @Test
    void a_test_case_with_nothing_but_its_output_passed() throws IOException {
        SurefireReports read = read(
                "<testcase name=\"a_user_key_starts_with_the_kata\" classname=\"k99 · Grading fixture\" time=\"1\"/>",
                "<testcase name=\"names_the_session\" classname=\"" + SUITE + "$A_session_key\">"
                        + "<system-out><![CDATA[hello]]></system-out><system-err><![CDATA[warn]]></system-err>"
                        + "</testcase>");

        assertThat(read.passed(SUITE, "a_user_key_starts_with_the_kata")).as("a bare test case").isTrue();
        assertThat(read.passed(SUITE, "names_the_session"))
                .as("a test case of a nested class, with output, in its top-level class's report").isTrue();
        assertThat(read.passed(SUITE, "never_reported")).as("a method no test case names").isFalse();
        assertThat(read.passed("kata.Other", "names_the_session")).as("the same method in another suite").isFalse();
        assertThat(read.unreadable()).isEmpty();
    }

    @Test
    void a_failure_an_error_a_skip_or_a_flaky_pass_is_not_a_pass() throws IOException {
        SurefireReports read = read(
                "<testcase name=\"fails\"><failure message=\"m\" type=\"java.lang.AssertionError\"/></testcase>",
                "<testcase name=\"errs\"><error type=\"java.lang.IllegalStateException\"><![CDATA[x]]></error>"
                        + "</testcase>",
                "<testcase name=\"skipped\"><skipped message=\"off\"/></testcase>",
                "<testcase name=\"flaky\"><flakyFailure message=\"once\"/></testcase>",
                "<testcase name=\"unknown\"><somethingNew/></testcase>");

        for (String method : new String[] {"fails", "errs", "skipped", "flaky", "unknown"}) {
            assertThat(read.passed(SUITE, method)).as("a test case holding more than its output: %s", method)
                    .isFalse();
        }
    }

    @Test
    void a_parameterized_test_passed_only_when_every_invocation_did() throws IOException {
        SurefireReports read = read(
                "<testcase name=\"each_user_id_gives_its_own_key(int, String)[1]\"/>",
                "<testcase name=\"each_user_id_gives_its_own_key(int, String)[2]\"><failure/></testcase>",
                "<testcase name=\"the_same_id_always_gives_the_same_key()[1]\"/>",
                "<testcase name=\"the_same_id_always_gives_the_same_key()[2]\"/>");

        assertThat(read.passed(SUITE, "each_user_id_gives_its_own_key")).as("one invocation of two failed")
                .isFalse();
        assertThat(read.passed(SUITE, "the_same_id_always_gives_the_same_key")).as("both repetitions passed")
                .isTrue();
    }

    @Test
    void output_that_looks_like_a_report_is_only_text() throws IOException {
        // what a learner's code may print: a closing tag, a fake test case, CDATA's own end (which Surefire splits)
        String forged = "]]></system-out></testcase><testcase name=\"forged\"/><testcase name=\"fails\">";
        SurefireReports read = read(
                "<testcase name=\"fails\"><system-out><![CDATA[" + forged.replace("]]>", "]]]]><![CDATA[>")
                        + "]]></system-out><failure message=\"real\"/></testcase>",
                "<testcase name=\"passes\"><system-out><![CDATA[<failure message=\"fake\"/>]]></system-out>"
                        + "</testcase>");

        assertThat(read.passed(SUITE, "forged")).as("a test case printed inside another's output").isFalse();
        assertThat(read.passed(SUITE, "fails")).as("a failing test whose output closes its test case").isFalse();
        assertThat(read.passed(SUITE, "passes")).as("a passing test that prints a failure element").isTrue();
    }

    @Test
    void a_report_with_an_external_entity_is_refused_and_the_entity_never_read() throws IOException {
        Path secret = Files.writeString(reports.resolve("secret.txt"), "a_user_key_starts_with_the_kata");
        Files.writeString(reports.resolve("TEST-" + SUITE + ".xml"), HEAD
                + "<!DOCTYPE testsuite [<!ENTITY name SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<testsuite name=\"" + SUITE + "\"><testcase name=\"&name;\"/></testsuite>\n");

        SurefireReports read = SurefireReports.read(reports);

        assertThat(read.passed(SUITE, "a_user_key_starts_with_the_kata"))
                .as("a pass named by an external entity (XXE)").isFalse();
        assertThat(read.unreadable()).singleElement().asString().contains("DOCTYPE");
    }

    @Test
    void a_report_with_expanding_entities_is_refused() throws IOException {
        StringBuilder entities = new StringBuilder("<!ENTITY a0 \"lol\">");
        for (int i = 1; i < 10; i++) {
            entities.append("<!ENTITY a").append(i).append(" \"").append(("&a" + (i - 1) + ";").repeat(10))
                    .append("\">");
        }
        Files.writeString(reports.resolve("TEST-" + SUITE + ".xml"), HEAD + "<!DOCTYPE testsuite [" + entities
                + "]>\n<testsuite name=\"" + SUITE + "\"><testcase name=\"x\">&a9;</testcase></testsuite>\n");

        SurefireReports read = SurefireReports.read(reports);

        assertThat(read.passed(SUITE, "x")).as("a billion laughs").isFalse();
        assertThat(read.unreadable()).singleElement().asString().contains("DOCTYPE");
    }

    @Test
    void a_report_cut_short_confirms_nothing_and_the_others_still_count() throws IOException {
        Files.writeString(reports.resolve("TEST-kata.k01_connection.ConnectionKataTest.xml"),
                HEAD + "<testsuite name=\"kata.k01_connection.ConnectionKataTest\"><testcase name=\"probe\"/>");
        read("<testcase name=\"a_user_key_starts_with_the_kata\"/>");

        SurefireReports read = SurefireReports.read(reports);

        assertThat(read.passed("kata.k01_connection.ConnectionKataTest", "probe")).isFalse();
        assertThat(read.passed(SUITE, "a_user_key_starts_with_the_kata")).isTrue();
        assertThat(read.unreadable()).singleElement().asString().startsWith("TEST-kata.k01_connection");
    }

    @Test
    void no_reports_folder_confirms_nothing() {
        assertThat(SurefireReports.read(reports.resolve("absent")).passed(SUITE, "x")).isFalse();
    }
}
