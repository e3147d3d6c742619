package kata.support.rigor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PitReportTest {

    @TempDir
    Path dir;

    /** PIT 1.30.2's shape, as it wrote k01's report here. */
    static String mutation(String className, String method, int line, String mutator, String status,
                           boolean detected) {
        String file = className.substring(className.lastIndexOf('.') + 1) + ".java";
        return "<mutation detected='" + detected + "' status='" + status + "' numberOfTestsRun='1'>"
                + "<sourceFile>" + file + "</sourceFile><mutatedClass>" + className + "</mutatedClass>"
                + "<mutatedMethod>" + method + "</mutatedMethod><methodDescription>()V</methodDescription>"
                + "<lineNumber>" + line + "</lineNumber>"
                + "<mutator>org.pitest.mutationtest.engine.gregor.mutators." + mutator + "</mutator>"
                + "<indexes><index>8</index></indexes><blocks><block>1</block></blocks><killingTest/>"
                + "<description>" + mutator + " at " + line + "</description></mutation>\n";
    }

    static String report(String... mutations) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<mutations partial=\"true\">\n"
                + String.join("", mutations) + "</mutations>\n";
    }

    @Test
    void reads_every_mutant_with_its_kata_place_mutator_and_verdict() throws IOException {
        Path file = write(report(mutation("kata.k01_connection.ServerProbe", "open", 53,
                        "returns.NullReturnValsMutator", "KILLED", true),
                mutation("kata.k07_stats.StatsView", "hitRate", 79, "ConditionalsBoundaryMutator", "SURVIVED", false)));

        List<Mutant> mutants = PitReport.read(file);

        assertThat(mutants).containsExactly(
                new Mutant("k01_connection", "kata.k01_connection.ServerProbe", "open", "ServerProbe.java", 53,
                        "org.pitest.mutationtest.engine.gregor.mutators.returns.NullReturnValsMutator",
                        "returns.NullReturnValsMutator at 53", "KILLED", true),
                new Mutant("k07_stats", "kata.k07_stats.StatsView", "hitRate", "StatsView.java", 79,
                        "org.pitest.mutationtest.engine.gregor.mutators.ConditionalsBoundaryMutator",
                        "ConditionalsBoundaryMutator at 79", "SURVIVED", false));
        assertThat(mutants.get(0).mutatorName()).isEqualTo("NullReturnValsMutator");
        assertThat(mutants.get(1).simpleClassName()).isEqualTo("StatsView");
    }

    @Test
    void a_missing_report_says_which_command_writes_it() {
        assertThatExceptionOfType(IllegalStateException.class)
                .isThrownBy(() -> PitReport.read(dir.resolve("mutations.xml")))
                .withMessageContaining("no PIT report at")
                .withMessageContaining("mvn verify -Pmutation");
    }

    @Test
    void a_file_that_is_not_pits_report_is_refused_by_its_root() throws IOException {
        Path file = write("<testsuite name='x'/>");

        assertThatExceptionOfType(IllegalStateException.class)
                .isThrownBy(() -> PitReport.read(file))
                .withMessageContaining("its root is <testsuite>, not <mutations>");
    }

    @Test
    void a_doctype_is_refused_so_no_entity_is_ever_resolved() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "kata.k01_connection.Leaked");
        Path file = write("<?xml version=\"1.0\"?>\n<!DOCTYPE mutations [<!ENTITY x SYSTEM \"" + secret.toUri()
                + "\">]>\n" + report(mutation("&x;", "open", 1, "MathMutator", "KILLED", true))
                .replaceFirst("<\\?xml[^>]*>\n", ""));

        assertThatExceptionOfType(IllegalStateException.class)
                .isThrownBy(() -> PitReport.read(file))
                .withMessageContaining("is not PIT's XML report")
                .withMessageContaining("DOCTYPE");
    }

    @Test
    void a_mutant_without_its_line_is_named_as_malformed() throws IOException {
        Path file = write(report(mutation("kata.k04_expiry.Expiry", "exptime", 41, "MathMutator", "KILLED", true)
                .replace("<lineNumber>41</lineNumber>", "")));

        assertThatExceptionOfType(IllegalStateException.class)
                .isThrownBy(() -> PitReport.read(file))
                .withMessageContaining("a <mutation> has no <lineNumber>");
    }

    private Path write(String xml) throws IOException {
        return Files.writeString(dir.resolve("mutations.xml"), xml);
    }
}
