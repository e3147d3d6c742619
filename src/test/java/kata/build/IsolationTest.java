package kata.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

class IsolationTest {

    @Test
    void units_that_compile_cost_one_run() {
        List<Set<String>> runs = new ArrayList<>();

        Map<String, List<Problem>> broken = Isolation.isolate(List.of("k01", "k02"), units -> {
            runs.add(units);
            return List.of();
        }, problem -> Optional.empty());

        assertThat(broken).isEmpty();
        assertThat(runs).containsExactly(Set.of("k01", "k02"));
    }

    @Test
    void a_broken_unit_is_set_aside_and_the_others_compile_without_it() {
        Problem error = new Problem("exercises/kata/k02/B.java", 3, 1, "';' expected", "int x = 1");
        List<Set<String>> runs = new ArrayList<>();

        Map<String, List<Problem>> broken = Isolation.isolate(List.of("k01", "k02", "k03"), units -> {
            runs.add(units);
            return units.contains("k02") ? List.of(error) : List.of();
        }, problem -> Optional.of("k02"));

        assertThat(broken).containsOnlyKeys("k02").containsEntry("k02", List.of(error));
        assertThat(runs).containsExactly(Set.of("k01", "k02", "k03"), Set.of("k01", "k03"));
    }

    @Test
    void errors_that_appear_only_once_others_are_gone_set_those_aside_too() {
        // javac may stop reporting a kind of error at the first; the next round finds the rest
        Map<String, List<Problem>> broken = Isolation.isolate(List.of("k01", "k02", "k03"), units ->
                units.contains("k01") ? List.of(problem("k01")) : units.contains("k03") ? List.of(problem("k03"))
                        : List.of(), problem -> Optional.of(problem.file()));

        assertThat(broken.keySet()).containsExactly("k01", "k03");
    }

    @Test
    void an_error_no_unit_owns_cannot_be_set_aside() {
        Problem orphan = new Problem(null, 0, 0, "package org.junit.jupiter.api does not exist", null);

        assertThatExceptionOfType(Isolation.NotIsolated.class)
                .as("an error in no kata's files (a missing library): nothing to leave out, the build must stop")
                .isThrownBy(() -> Isolation.isolate(List.of("k01"), units -> List.of(orphan), p -> Optional.empty()))
                .withMessageContaining("package org.junit.jupiter.api does not exist");
    }

    private static Problem problem(String unit) {
        return new Problem(unit, 1, 1, "cannot find symbol", null);
    }
}
