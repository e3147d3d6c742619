package kata.support.rigor;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import kata.support.report.KataFocus;

/**
 * The mutation gate: after PIT, one line per kata (killed/total, percent, ok or FAIL), and a failure below the
 * threshold that names every surviving mutant of the failing kata, so the test to write is obvious.
 *
 * <p>Run by {@code mvn verify -Pmutation} (exec-maven-plugin, after PIT). A mutant PIT reports as detected (killed,
 * timed out, a run error or a memory error) counts as killed; a survivor or an uncovered mutant counts against the
 * kata; a survivor declared in {@link EquivalentMutants} is left out of both counts.
 */
public final class MutationGate {

    /** Under a kata's line, what to fix (as .ci's checks print details, so CI shows them too). */
    static final String DETAIL = "     | ";

    /** What every kata must reach, in percent of its countable mutants. */
    public static final int DEFAULT_THRESHOLD = 90;

    private MutationGate() {
    }

    /** One kata's score. */
    public record KataScore(String kata, int detected, int total, List<Mutant> survivors, List<Mutant> excluded,
                            List<EquivalentMutants.Exclusion> stale) {

        /** The mutants that count: all but the declared-equivalent survivors. */
        public int counted() {
            return total - excluded.size();
        }

        public double percent() {
            return counted() == 0 ? 100.0 : 100.0 * detected / counted();
        }

        /** At or above {@code threshold} percent, and no stale exclusion. */
        public boolean passes(int threshold) {
            return stale.isEmpty() && (long) detected * 100 >= (long) threshold * counted();
        }
    }

    /**
     * Scores every kata in the report, or the ones {@code focus} names ({@code -Dkata}, as {@link KataFocus} reads
     * it), in kata order.
     *
     * @throws IllegalStateException when the report holds no kata's mutants, or none that the focus names
     */
    public static List<KataScore> judge(List<Mutant> mutants, EquivalentMutants equivalents, Optional<String> focus) {
        Map<String, List<Mutant>> byKata = new LinkedHashMap<>();
        new TreeSet<>(mutants.stream().map(Mutant::kata).filter(k -> !"other".equals(k)).toList())
                .forEach(kata -> byKata.put(kata, new ArrayList<>()));
        mutants.stream().filter(m -> byKata.containsKey(m.kata())).forEach(m -> byKata.get(m.kata()).add(m));
        if (byKata.isEmpty()) {
            throw new IllegalStateException("PIT's report has no mutant of a kata class (kata.kNN_*): check the"
                    + " mutation profile's targetClasses in pom.xml");
        }
        List<KataScore> scores = new ArrayList<>();
        for (Map.Entry<String, List<Mutant>> kata : byKata.entrySet()) {
            if (focus.isEmpty() || KataFocus.matches(focus.get(), kata.getKey())) {
                scores.add(score(kata.getKey(), kata.getValue(), equivalents));
            }
        }
        if (scores.isEmpty()) {
            throw new IllegalStateException("-Dkata=" + focus.orElseThrow() + " names none of the katas PIT mutated: "
                    + String.join(", ", byKata.keySet()));
        }
        return scores;
    }

    private static KataScore score(String kata, List<Mutant> mutants, EquivalentMutants equivalents) {
        int detected = 0;
        List<Mutant> survivors = new ArrayList<>();
        List<Mutant> excluded = new ArrayList<>();
        for (Mutant mutant : mutants) {
            if (mutant.detected()) {
                detected++;
            } else if (equivalents.covering(mutant).isPresent()) {
                excluded.add(mutant);
            } else {
                survivors.add(mutant);
            }
        }
        List<EquivalentMutants.Exclusion> stale = equivalents.of(kata).stream()
                .filter(e -> excluded.stream().noneMatch(e::covers)).toList();
        return new KataScore(kata, detected, mutants.size(), survivors, excluded, stale);
    }

    /** The table: a line per kata, the survivors and stale exclusions under a failing one, then the totals. */
    public static List<String> render(List<KataScore> scores, int threshold) {
        List<String> lines = new ArrayList<>();
        int width = scores.stream().mapToInt(s -> s.kata().length()).max().orElse(0);
        int passed = 0;
        for (KataScore score : scores) {
            boolean ok = score.passes(threshold);
            passed += ok ? 1 : 0;
            String excluded = score.excluded().isEmpty() ? ""
                    : "  (" + score.excluded().size() + " equivalent left out)";
            lines.add(String.format(Locale.ROOT, "%s %-" + width + "s  %3d/%-3d killed  %5.1f %%%s",
                    ok ? "ok  " : "FAIL", score.kata(), score.detected(), score.counted(), score.percent(), excluded));
            if (!ok) {
                lines.addAll(explain(score));
            }
        }
        lines.add(passed + " passed, " + (scores.size() - passed) + " failed");
        return lines;
    }

    private static List<String> explain(KataScore score) {
        List<String> lines = new ArrayList<>();
        if (!score.survivors().isEmpty()) {
            lines.add(DETAIL + "each mutant below is a wrong program that passes every test of " + score.kata()
                    + ": write the test that fails on it (or declare a truly equivalent one in src/test/resources/kata/"
                    + score.kata() + "/" + EquivalentMutants.FILE_NAME + ")");
        }
        List<Mutant> byPlace = score.survivors().stream()
                .sorted(Comparator.comparing(Mutant::simpleClassName).thenComparingInt(Mutant::line)).toList();
        for (Mutant m : byPlace) {
            lines.add(DETAIL + String.format(Locale.ROOT, "%s.%s (%s:%d)  %s  %s: %s", m.simpleClassName(),
                    m.method(), m.sourceFile(), m.line(), m.mutatorName(), m.status(), m.description()));
        }
        for (EquivalentMutants.Exclusion e : score.stale()) {
            lines.add(DETAIL + "stale exclusion " + e.source() + " (" + e.target() + "): no surviving mutant matches"
                    + " it; it was killed or the code moved: remove or correct the line");
        }
        return lines;
    }

    /**
     * {@code MutationGate --report=<mutations.xml> --resources=<test resources root> [--threshold=90]
     * [--kata=<focus>]}; fails (an exception, so Maven reports BUILD FAILURE) when a kata is below the threshold.
     * A blank value is the default: the pom passes {@code --kata=} when no {@code -Dkata} was given.
     */
    public static void main(String[] args) {
        run(args, System.out);
    }

    static void run(String[] args, PrintStream out) {
        Map<String, String> options = Options.parse(args, "report", "resources", "threshold", "kata");
        int threshold = Optional.ofNullable(options.get("threshold")).map(Integer::parseInt).orElse(DEFAULT_THRESHOLD);
        Optional<String> focus = Optional.ofNullable(options.get("kata"));
        Path report = Path.of(Options.required(options, "report"));
        Path resources = Path.of(Options.required(options, "resources"));
        List<KataScore> scores = judge(PitReport.read(report), EquivalentMutants.read(resources), focus);
        out.println();
        out.println("Mutation gate: PIT over solutions/, at least " + threshold + " % of each kata's mutants"
                + " killed (details: target/pit-reports/index.html)");
        render(scores, threshold).forEach(out::println);
        out.flush();
        List<String> failing = scores.stream().filter(s -> !s.passes(threshold)).map(KataScore::kata).toList();
        if (!failing.isEmpty()) {
            throw new IllegalStateException("mutation gate: " + String.join(", ", failing) + " below " + threshold
                    + " % or with a stale exclusion; the lines above name each surviving mutant");
        }
    }
}
