package kata.support.rigor;

import static kata.support.rigor.EquivalentMutantsTest.survivor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MutationGateTest {

    private static final String NEGATE = "org.pitest.mutationtest.engine.gregor.mutators.NegateConditionalsMutator";

    private static Mutant killed(String className, int line) {
        Mutant m = survivor(className, "m", line, NEGATE);
        return new Mutant(m.kata(), m.className(), m.method(), m.sourceFile(), line, m.mutator(), m.description(),
                "KILLED", true);
    }

    /** {@code killed} of {@code total} mutants of one kata's class killed, the rest surviving at lines 100, 101 … */
    private static List<Mutant> kata(String className, int killed, int total) {
        List<Mutant> mutants = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            mutants.add(i < killed ? killed(className, i + 1) : survivor(className, "m", 100 + i - killed, NEGATE));
        }
        return mutants;
    }

    /** The one kata of {@code mutants}, scored with one exclusion line from {@code source}. */
    private static MutationGate.KataScore scoreWith(String exclusion, String source, List<Mutant> mutants) {
        EquivalentMutants equivalents = EquivalentMutants.parse(mutants.get(0).kata(), source, List.of(exclusion));
        return MutationGate.judge(mutants, equivalents, Optional.empty()).get(0);
    }

    @Test
    void ninety_percent_passes_and_one_mutant_less_fails() {
        List<Mutant> mutants = new ArrayList<>(kata("kata.k03_json.UserStore", 9, 10));
        mutants.addAll(kata("kata.k02_encoding.TextStore", 17, 19)); // 89.5 %

        List<MutationGate.KataScore> scores = MutationGate.judge(mutants, EquivalentMutants.none(), Optional.empty());

        assertThat(scores).extracting(MutationGate.KataScore::kata).containsExactly("k02_encoding", "k03_json");
        assertThat(scores).extracting(s -> s.passes(90)).containsExactly(false, true);
        assertThat(MutationGate.render(scores, 90)).containsExactly(
                "FAIL k02_encoding   17/19  killed   89.5 %",
                "     | each mutant below is a wrong program that passes every test of k02_encoding: write the test"
                        + " that fails on it (or declare a truly equivalent one in"
                        + " src/test/resources/kata/k02_encoding/equivalent-mutants.txt)",
                "     | TextStore.m (TextStore.java:100)  NegateConditionalsMutator  SURVIVED: changed",
                "     | TextStore.m (TextStore.java:101)  NegateConditionalsMutator  SURVIVED: changed",
                "ok   k03_json        9/10  killed   90.0 %",
                "1 passed, 1 failed");
    }

    @Test
    void a_mutant_no_test_reached_counts_against_the_kata() {
        Mutant uncovered = new Mutant("k07_stats", "kata.k07_stats.StatsView", "report", "StatsView.java", 62,
                NEGATE, "negated conditional", "NO_COVERAGE", false);
        List<Mutant> mutants = new ArrayList<>(kata("kata.k07_stats.StatsView", 9, 9));
        mutants.add(uncovered);

        MutationGate.KataScore score = MutationGate.judge(mutants, EquivalentMutants.none(), Optional.empty()).get(0);

        assertThat(score.detected()).isEqualTo(9);
        assertThat(score.counted()).isEqualTo(10);
        assertThat(score.survivors()).containsExactly(uncovered);
    }

    @Test
    void a_declared_equivalent_survivor_is_left_out_of_both_counts() {
        MutationGate.KataScore score = scoreWith("TextStore.m:100 NegateConditionalsMutator both branches store the"
                + " same bytes", "f.txt", kata("kata.k02_encoding.TextStore", 17, 19));

        assertThat(score.counted()).isEqualTo(18);
        assertThat(score.excluded()).extracting(Mutant::line).containsExactly(100);
        assertThat(score.passes(90)).isTrue(); // 17/18 = 94.4 %
        assertThat(MutationGate.render(List.of(score), 90).get(0))
                .isEqualTo("ok   k02_encoding   17/18  killed   94.4 %  (1 equivalent left out)");
    }

    @Test
    void an_exclusion_that_matches_no_survivor_is_stale_and_fails_the_kata() {
        MutationGate.KataScore score = scoreWith("UserStore.m:1 NegateConditionalsMutator said equivalent, but a"
                + " test kills it", "k03/equivalent-mutants.txt", kata("kata.k03_json.UserStore", 10, 10));

        assertThat(score.percent()).isEqualTo(100.0);
        assertThat(score.passes(90)).isFalse();
        assertThat(MutationGate.render(List.of(score), 90)).contains("     | stale exclusion"
                + " k03/equivalent-mutants.txt:1 (UserStore.m:1 NegateConditionalsMutator): no surviving mutant"
                + " matches it; it was killed or the code moved: remove or correct the line");
    }

    @Test
    void the_kata_focus_keeps_only_the_katas_it_names_and_says_when_it_names_none() {
        List<Mutant> mutants = new ArrayList<>(kata("kata.k03_json.UserStore", 1, 10));
        mutants.addAll(kata("kata.k04_expiry.Expiry", 10, 10));

        assertThat(MutationGate.judge(mutants, EquivalentMutants.none(), Optional.of("expiry")))
                .extracting(MutationGate.KataScore::kata).containsExactly("k04_expiry");
        assertThat(MutationGate.judge(mutants, EquivalentMutants.none(), Optional.of("04,3")))
                .extracting(MutationGate.KataScore::kata).containsExactly("k03_json", "k04_expiry");
        assertThatExceptionOfType(IllegalStateException.class)
                .isThrownBy(() -> MutationGate.judge(mutants, EquivalentMutants.none(), Optional.of("09")))
                .withMessageContaining("-Dkata=09 names none of the katas PIT mutated: k03_json, k04_expiry");
    }

    @Test
    void a_report_without_kata_mutants_is_an_error_not_a_pass() {
        assertThatExceptionOfType(IllegalStateException.class)
                .isThrownBy(() -> MutationGate.judge(List.of(), EquivalentMutants.none(), Optional.empty()))
                .withMessageContaining("no mutant of a kata class");
    }

    @Test
    void main_prints_the_table_and_throws_naming_the_failing_katas(@TempDir Path dir) throws IOException {
        Path report = Files.writeString(dir.resolve("mutations.xml"), PitReportTest.report(
                PitReportTest.mutation("kata.k01_connection.ServerProbe", "open", 53, "MathMutator", "KILLED", true),
                PitReportTest.mutation("kata.k06_sessions.SessionStore", "id", 7, "MathMutator", "SURVIVED", false)));

        ByteArrayOutputStream all = new ByteArrayOutputStream();
        assertThatExceptionOfType(IllegalStateException.class)
                .isThrownBy(() -> MutationGate.run(new String[] {"--report=" + report, "--resources=" + dir,
                        "--threshold=90", "--kata="}, new PrintStream(all, true, StandardCharsets.UTF_8)))
                .withMessage("mutation gate: k06_sessions below 90 % or with a stale exclusion; the lines above name"
                        + " each surviving mutant");
        assertThat(all.toString(StandardCharsets.UTF_8)).contains("ok   k01_connection", "FAIL k06_sessions",
                "SessionStore.id (SessionStore.java:7)  MathMutator  SURVIVED", "1 passed, 1 failed");

        ByteArrayOutputStream focused = new ByteArrayOutputStream();
        MutationGate.run(new String[] {"--report=" + report, "--resources=" + dir, "--kata=01"},
                new PrintStream(focused, true, StandardCharsets.UTF_8));
        assertThat(focused.toString(StandardCharsets.UTF_8)).doesNotContain("k06").endsWith(
                "ok   k01_connection    1/1   killed  100.0 %" + System.lineSeparator() + "1 passed, 0 failed"
                        + System.lineSeparator());
    }

    @Test
    void an_unknown_argument_is_refused_with_the_known_ones() {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> MutationGate.run(new String[] {"--reprot=x"}, System.out))
                .withMessageContaining("unknown argument '--reprot=x'")
                .withMessageContaining("[report, resources, threshold, kata]");
    }
}
