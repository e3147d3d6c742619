package kata.support.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class HintsTest {

    private static final String LESSON = """
            # k99 · A lesson

            ## Tasks
            1. One. 2. Two.

            ## Hints
            <details><summary>Nudge</summary>

            Think about bytes.
            </details>

            <details><summary>More</summary>

            - A transcoder serves tasks 1 and 3;
              it never compresses.
            - For task 2, count bytes.
            - `set` returns a future.
            </details>

            <details><summary>The exact calls</summary>

            - `client.set(key, 0, bytes, transcoder)`.
            </details>

            ## Going further
            <details><summary>Not a hint</summary>no</details>
            """;

    @Test
    void the_tiers_are_the_details_blocks_under_hints_in_order() {
        Hints hints = Hints.of(LESSON);

        assertThat(hints.tiers()).isEqualTo(3);
        assertThat(hints.tier(0, 1)).containsExactly("Hint 1 of 3 (Nudge), for task 1:", "  Think about bytes.");
        assertThat(hints.tier(2, 1)).containsExactly("Hint 3 of 3 (The exact calls), for task 1:",
                "  - `client.set(key, 0, bytes, transcoder)`.");
    }

    @Test
    void a_hint_for_other_tasks_is_left_out_and_counted() {
        assertThat(Hints.of(LESSON).tier(1, 1)).containsExactly("Hint 2 of 3 (More), for task 1:",
                "  - A transcoder serves tasks 1 and 3;", "    it never compresses.", "  - `set` returns a future.",
                "  (1 more in this tier for other tasks: the lesson has them all)");
        assertThat(Hints.of(LESSON).tier(1, 2)).contains("  - For task 2, count bytes.")
                .doesNotContain("  - A transcoder serves tasks 1 and 3;");
    }

    @Test
    void the_tasks_a_hint_names_are_read_from_its_words() {
        assertThat(Hints.tasksNamed("serves tasks 1 and 3")).containsExactly(1, 3);
        assertThat(Hints.tasksNamed("For task 4, walk")).containsExactly(4);
        assertThat(Hints.tasksNamed("tasks 2, 5 or 6")).containsExactly(2, 5, 6);
        assertThat(Hints.tasksNamed("a task list")).isEmpty();
    }

    @Test
    void a_lesson_without_hints_has_no_tier() {
        assertThat(Hints.of("# k99\n\n## Tasks\n1. One.\n").tiers()).isZero();
    }

    @Test
    void every_lesson_of_the_katas_has_three_tiers() throws IOException {
        try (var lessons = Files.list(Path.of("exercises/kata"))) {
            List<Path> all = lessons.map(kata -> kata.resolve("README.md")).filter(Files::isRegularFile).toList();
            assertThat(all).isNotEmpty();
            for (Path lesson : all) {
                assertThat(Hints.of(Files.readString(lesson)).tiers()).as(lesson.toString()).isEqualTo(3);
            }
        }
    }
}
