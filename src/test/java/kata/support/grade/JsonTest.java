package kata.support.grade;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void json_is_laid_out_as_jq_lays_it_out() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("a", List.of());
        value.put("b", Map.of());
        value.put("c", List.of(Map.of("d", 1)));
        value.put("e", null);
        value.put("s", "a\u007fb\u0001c\b\t\"\\é👋");
        value.put("n", 33.3);

        // what `jq .` prints for the same document
        assertThat(Json.write(value)).isEqualTo("""
                {
                  "a": [],
                  "b": {},
                  "c": [
                    {
                      "d": 1
                    }
                  ],
                  "e": null,
                  "s": "a\\u007fb\\u0001c\\b\\t\\"\\\\é👋",
                  "n": 33.3
                }
                """);
    }

    @Test
    void a_record_is_written_in_the_order_of_its_components() {
        assertThat(Json.write(new Score.Run(0, true, false, 600, null))).isEqualTo("""
                {
                  "mavenExitCode": 0,
                  "finished": true,
                  "timedOut": false,
                  "timeoutSeconds": 600,
                  "note": null
                }
                """);
    }
}
