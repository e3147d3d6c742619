package kata.k99_grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A kata-shaped fixture for the grader, never shipped as a kata: the planner's unit tests compile it, and
 * .ci/check-grading adds it to a scratch copy of the kata. It has every shape the plan must handle: tasks on methods
 * and on {@code @Nested} classes (inherited, and overridden by a method), points, a named parameterized test (one
 * planned test, whatever its invocations) and a repeated one.
 */
@DisplayName("k99 · Grading fixture")
class GradingKataTest {

    @Test
    @Tag("task:1")
    void a_user_key_starts_with_the_kata() {
        assertThat(Keys.user(7))
                .as("Keys.user(7): every key starts with its kata, then the kind, then the id")
                .isEqualTo("k99:user:7");
    }

    @ParameterizedTest(name = "user {0} is stored under {1}")
    @CsvSource({"1, k99:user:1", "42, k99:user:42", "2147483647, k99:user:2147483647"})
    @Tag("task:1")
    @Tag("points:3")
    void each_user_id_gives_its_own_key(int id, String key) {
        assertThat(Keys.user(id))
                .as("Keys.user(%d): the id is written in decimal after the kind", id)
                .isEqualTo(key);
    }

    @RepeatedTest(2)
    @Tag("task:1")
    void the_same_id_always_gives_the_same_key() {
        assertThat(Keys.user(5)).as("Keys.user(5) called twice: keys are pure functions of the id").isEqualTo(Keys.user(5));
    }

    @Nested
    @Tag("task:2")
    class A_session_key {

        @Test
        void names_the_session() {
            assertThat(Keys.session("abc"))
                    .as("Keys.session(\"abc\"): a session key is the kata, \"session\", then the name")
                    .isEqualTo("k99:session:abc");
        }

        @Test
        @Tag("task:3")
        void refuses_a_blank_name() {
            assertThatExceptionOfType(IllegalArgumentException.class)
                    .as("Keys.session(\" \"): a blank name would make every session share one key")
                    .isThrownBy(() -> Keys.session(" "))
                    .withMessageContaining("blank");
        }

        @Nested
        @DisplayName("with a name that memcached cannot store")
        @Tag("points:2")
        class WithAnInvalidName {

            @ParameterizedTest(name = "{0}")
            @CsvSource(delimiter = '|', value = {"a space|two words", "a tab|tab\tinside"})
            void is_refused(String what, String name) {
                assertThatExceptionOfType(IllegalArgumentException.class)
                        .as("Keys.session(name with %s): memcached keys hold no whitespace or control characters", what)
                        .isThrownBy(() -> Keys.session(name))
                        .withMessageContaining("whitespace");
            }
        }
    }
}
