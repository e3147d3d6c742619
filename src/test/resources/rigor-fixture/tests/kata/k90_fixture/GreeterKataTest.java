package kata.k90_fixture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class GreeterKataTest {

    @Test
    @Tag("task:1")
    void greets_by_name() {
        assertThat(Greeter.greet("Ada")).isEqualTo("Hello, Ada!");
    }

    @Test
    @Tag("task:2")
    void a_blank_name_is_refused() {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> Greeter.greet(" "))
                .withMessageContaining("a name is required");
    }
}
