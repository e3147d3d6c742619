package kata.support.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

class DebounceTest {

    private static final long MS = 1_000_000;
    private final Debounce<String> debounce = new Debounce<>(150 * MS);

    @Test
    void a_burst_of_saves_gives_one_rerun_with_every_file_once_it_is_quiet() {
        assertThat(debounce.poll(Set.of("A.java"), 0)).isEmpty();
        assertThat(debounce.poll(Set.of("B.java", "C.java"), 50 * MS)).isEmpty();
        assertThat(debounce.poll(Set.of(), 100 * MS)).as("not quiet for long enough yet").isEmpty();
        assertThat(debounce.poll(Set.of("A.java"), 150 * MS)).isEmpty();
        assertThat(debounce.poll(Set.of(), 250 * MS)).isEmpty();

        assertThat(debounce.poll(Set.of(), 300 * MS)).containsExactly("A.java", "B.java", "C.java");
        assertThat(debounce.poll(Set.of(), 400 * MS)).as("one rerun, not one per save").isEmpty();
    }

    @Test
    void nothing_saved_reruns_nothing() {
        assertThat(debounce.poll(Set.of(), 0)).isEmpty();
        assertThat(debounce.poll(Set.of(), 10_000 * MS)).isEmpty();
    }

    @Test
    void a_save_after_the_rerun_starts_a_burst_of_its_own() {
        debounce.poll(Set.of("A.java"), 0);
        assertThat(debounce.poll(Set.of(), 200 * MS)).containsExactly("A.java");

        debounce.poll(Set.of("B.java"), 1_000 * MS);
        assertThat(debounce.poll(Set.of(), 1_200 * MS)).containsExactly("B.java");
    }
}
