package kata.build;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Compiles independent units (the katas) together, and sets aside each one that has errors until the rest compile.
 *
 * <p>The common case, every unit compiling, costs one compiler run. With broken units it costs one run more per
 * round of errors: javac reports every file's errors at once, so that is usually two.
 */
final class Isolation {

    private Isolation() {
    }

    /** A problem no unit owns (a missing library, an error outside the units): nothing can be set aside for it. */
    static final class NotIsolated extends RuntimeException {
        private final transient List<Problem> problems;

        NotIsolated(List<Problem> problems) {
            super(problems.stream().map(Problem::headline).reduce((a, b) -> a + System.lineSeparator() + b)
                    .orElse("javac failed"));
            this.problems = List.copyOf(problems);
        }

        List<Problem> problems() {
            return problems;
        }
    }

    /**
     * Compiles {@code units} with {@code compile} until a run has no error, leaving out those with errors.
     *
     * @param compile compiles the given units together and returns the errors; writes nothing when there are any
     * @param owner   the unit a problem belongs to, if any
     * @return the units left out, each with the errors that left it out (in {@code units}' order); the others compiled
     * @throws NotIsolated when a run's errors belong to no unit of that run
     */
    static <U> Map<U, List<Problem>> isolate(Collection<U> units, Function<Set<U>, List<Problem>> compile,
                                             Function<Problem, Optional<U>> owner) {
        Set<U> remaining = new LinkedHashSet<>(units);
        Map<U, List<Problem>> broken = new LinkedHashMap<>();
        while (!remaining.isEmpty()) {
            List<Problem> problems = compile.apply(Collections.unmodifiableSet(new LinkedHashSet<>(remaining)));
            if (problems.isEmpty()) {
                break;
            }
            Map<U, List<Problem>> round = new LinkedHashMap<>();
            List<Problem> orphans = new ArrayList<>();
            for (Problem problem : problems) {
                Optional<U> unit = owner.apply(problem).filter(remaining::contains);
                if (unit.isPresent()) {
                    round.computeIfAbsent(unit.get(), u -> new ArrayList<>()).add(problem);
                } else {
                    orphans.add(problem);
                }
            }
            if (!orphans.isEmpty()) {
                throw new NotIsolated(orphans);
            }
            remaining.removeAll(round.keySet());
            round.forEach((unit, its) -> broken.put(unit, List.copyOf(its)));
        }
        Map<U, List<Problem>> ordered = new LinkedHashMap<>();
        units.stream().filter(broken::containsKey).forEach(unit -> ordered.put(unit, broken.get(unit)));
        return ordered;
    }
}
