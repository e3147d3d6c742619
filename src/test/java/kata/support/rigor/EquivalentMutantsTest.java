package kata.support.rigor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EquivalentMutantsTest {

    private static final String BOUNDARY = "org.pitest.mutationtest.engine.gregor.mutators.ConditionalsBoundaryMutator";

    static Mutant survivor(String className, String method, int line, String mutator) {
        return new Mutant(className.substring(5, className.lastIndexOf('.')), className, method,
                className.substring(className.lastIndexOf('.') + 1) + ".java", line, mutator, "changed", "SURVIVED",
                false);
    }

    @Test
    void a_line_names_class_method_optional_line_mutator_and_why() {
        EquivalentMutants equivalents = EquivalentMutants.parse("k04_expiry", "f.txt", List.of(
                "# comment", "",
                "Expiry.exptime:41  ConditionalsBoundaryMutator  at 30 days both branches send the same seconds",
                "Expiry.touch NegateConditionalsMutator why"));

        assertThat(equivalents.of("k04_expiry")).containsExactly(
                new EquivalentMutants.Exclusion("k04_expiry", "Expiry", "exptime", OptionalInt.of(41),
                        "ConditionalsBoundaryMutator", "at 30 days both branches send the same seconds", "f.txt:3"),
                new EquivalentMutants.Exclusion("k04_expiry", "Expiry", "touch", OptionalInt.empty(),
                        "NegateConditionalsMutator", "why", "f.txt:4"));
        assertThat(equivalents.of("k03_json")).isEmpty();
    }

    @Test
    void an_exclusion_covers_only_its_kata_class_method_line_and_mutator() {
        var exclusion = EquivalentMutants.parse("k04_expiry", "f.txt",
                List.of("Expiry.exptime:41 ConditionalsBoundaryMutator same seconds")).of("k04_expiry").get(0);

        assertThat(exclusion.covers(survivor("kata.k04_expiry.Expiry", "exptime", 41, BOUNDARY))).isTrue();
        assertThat(exclusion.covers(survivor("kata.k04_expiry.Expiry", "exptime", 42, BOUNDARY))).isFalse();
        assertThat(exclusion.covers(survivor("kata.k04_expiry.Expiry", "touch", 41, BOUNDARY))).isFalse();
        assertThat(exclusion.covers(survivor("kata.k04_expiry.Other", "exptime", 41, BOUNDARY))).isFalse();
        assertThat(exclusion.covers(survivor("kata.k05_expiry.Expiry", "exptime", 41, BOUNDARY))).isFalse();
        assertThat(exclusion.covers(survivor("kata.k04_expiry.Expiry", "exptime", 41,
                "org.pitest.mutationtest.engine.gregor.mutators.NegateConditionalsMutator"))).isFalse();
        // a mutator whose simple name ends like another's is not that one
        assertThat(exclusion.covers(survivor("kata.k04_expiry.Expiry", "exptime", 41,
                "org.pitest.mutationtest.engine.gregor.mutators.XConditionalsBoundaryMutator"))).isFalse();
    }

    @Test
    void a_mutator_may_be_named_in_full_or_by_its_last_parts() {
        String nulls = "org.pitest.mutationtest.engine.gregor.mutators.returns.NullReturnValsMutator";
        for (String name : List.of("NullReturnValsMutator", "returns.NullReturnValsMutator", nulls)) {
            var exclusion = EquivalentMutants.parse("k04_expiry", "f.txt", List.of("Expiry.get " + name + " why"))
                    .of("k04_expiry").get(0);
            assertThat(exclusion.covers(survivor("kata.k04_expiry.Expiry", "get", 9, nulls))).as(name).isTrue();
        }
    }

    @Test
    void an_exclusion_without_a_reason_is_refused_with_the_format() {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> EquivalentMutants.parse("k04_expiry", "k04/equivalent-mutants.txt",
                        List.of("# header", "Expiry.exptime ConditionalsBoundaryMutator")))
                .withMessageContaining("k04/equivalent-mutants.txt:2")
                .withMessageContaining("<Class>.<method>[:<line>]  <Mutator>  <why no behaviour changes>");
    }

    @Test
    void every_katas_file_under_the_resources_root_is_read(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("kata/k04_expiry"));
        Files.createDirectories(root.resolve("kata/k03_json"));
        Files.writeString(root.resolve("kata/k04_expiry/equivalent-mutants.txt"), "Expiry.get MathMutator why\n");

        EquivalentMutants equivalents = EquivalentMutants.read(root);

        assertThat(equivalents.of("k04_expiry")).singleElement()
                .satisfies(e -> assertThat(e.source()).endsWith("k04_expiry/equivalent-mutants.txt:1"));
        assertThat(equivalents.of("k03_json")).isEmpty();
        assertThat(EquivalentMutants.read(root.resolve("nothing")).of("k04_expiry")).isEmpty();
    }
}
