package kata.support.rigor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The mutants a kata declares equivalent: changes to its solution that no test can detect because no behaviour
 * changes. Each kata may have {@code src/test/resources/kata/<kata>/equivalent-mutants.txt}, one exclusion a line:
 *
 * <pre>
 * # &lt;Class&gt;.&lt;method&gt;[:&lt;line&gt;]  &lt;Mutator&gt;  &lt;why no behaviour changes&gt;
 * Expiry.exptime:41  ConditionalsBoundaryMutator  at exactly 30 days both branches send the same seconds
 * </pre>
 *
 * <p>An exclusion is narrow on purpose: one method of one class (optionally one line) and one mutator, and it must say
 * why. It only ever removes a mutant that survived; one that matches no survivor is stale and fails the gate, so an
 * exclusion cannot outlive the code it was written for.
 */
public final class EquivalentMutants {

    /** Where a kata's exclusions live, relative to the test resources root. */
    public static final String FILE_NAME = "equivalent-mutants.txt";

    private static final Pattern LINE = Pattern.compile("(?<class>[A-Za-z_$][\\w$]*)\\.(?<method>[\\w$<>]+)"
            + "(?::(?<line>\\d+))?\\s+(?<mutator>[\\w.]+)\\s+(?<why>\\S.*)");

    private final List<Exclusion> exclusions;

    private EquivalentMutants(List<Exclusion> exclusions) {
        this.exclusions = List.copyOf(exclusions);
    }

    /** No exclusions at all. */
    public static EquivalentMutants none() {
        return new EquivalentMutants(List.of());
    }

    /** Every kata's file under {@code resourcesRoot/kata/<kata>/}; a root without any is fine. */
    public static EquivalentMutants read(Path resourcesRoot) {
        Path katas = resourcesRoot.resolve("kata");
        if (!Files.isDirectory(katas)) {
            return none();
        }
        List<Exclusion> all = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(katas)) {
            for (Path dir : dirs.sorted().toList()) {
                Path file = dir.resolve(FILE_NAME);
                if (Files.isRegularFile(file)) {
                    all.addAll(parse(dir.getFileName().toString(), file.toString(),
                            Files.readAllLines(file, StandardCharsets.UTF_8)).exclusions);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the equivalent mutants under " + katas, e);
        }
        return new EquivalentMutants(all);
    }

    /**
     * The exclusions of one kata's file.
     *
     * @param source where the lines come from, for messages ({@code "…/equivalent-mutants.txt"})
     * @throws IllegalArgumentException for a line that is not an exclusion, naming the file, the line and the format
     */
    public static EquivalentMutants parse(String kata, String source, List<String> lines) {
        List<Exclusion> parsed = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": write '<Class>.<method>[:<line>]"
                        + "  <Mutator>  <why no behaviour changes>' (e.g. 'Expiry.exptime:41"
                        + "  ConditionalsBoundaryMutator  both branches send the same seconds'), not: " + line);
            }
            OptionalInt at = m.group("line") == null ? OptionalInt.empty()
                    : OptionalInt.of(Integer.parseInt(m.group("line")));
            parsed.add(new Exclusion(kata, m.group("class"), m.group("method"), at, m.group("mutator"),
                    m.group("why").strip(), source + ":" + (i + 1)));
        }
        return new EquivalentMutants(parsed);
    }

    /** The kata's exclusions, in file order. */
    public List<Exclusion> of(String kata) {
        return exclusions.stream().filter(e -> e.kata().equals(kata)).toList();
    }

    /** The exclusion that covers {@code mutant}, if any. */
    public Optional<Exclusion> covering(Mutant mutant) {
        return exclusions.stream().filter(e -> e.covers(mutant)).findFirst();
    }

    /**
     * One declared-equivalent mutant.
     *
     * @param className a class of the kata, without its package ({@code "Expiry"})
     * @param mutator   PIT's mutator, by simple name ({@code "NegateConditionalsMutator"}) or in full
     * @param source    the file and line it was declared on
     */
    public record Exclusion(String kata, String className, String method, OptionalInt line, String mutator,
                            String reason, String source) {

        /** Whether this is the mutant it declares. */
        public boolean covers(Mutant mutant) {
            return kata.equals(mutant.kata()) && className.equals(mutant.simpleClassName())
                    && method.equals(mutant.method())
                    && (line.isEmpty() || line.getAsInt() == mutant.line())
                    && (mutator.equals(mutant.mutator()) || mutant.mutator().endsWith("." + mutator));
        }

        /** {@code "Expiry.exptime:41 ConditionalsBoundaryMutator"}. */
        public String target() {
            return className + "." + method + (line.isPresent() ? ":" + line.getAsInt() : "") + " " + mutator;
        }
    }
}
