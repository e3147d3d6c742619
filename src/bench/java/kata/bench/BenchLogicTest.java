package kata.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import kata.support.Memcslap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The table's arithmetic, without a server: run by {@code mvn -Pbench} before the benchmarks. */
@DisplayName("bench · the table and its ratios")
class BenchLogicTest {

    @Test
    void the_median_of_an_odd_count_is_the_middle_one_and_of_an_even_count_the_mean_of_the_two() {
        assertThat(BenchMain.median(List.of(9.0, 1.0, 5.0))).isEqualTo(5.0);
        assertThat(BenchMain.median(List.of(4.0, 1.0, 3.0, 100.0))).isEqualTo(3.5);
    }

    @Test
    void the_table_divides_medians_for_its_ratios_and_per_key_times() {
        Map<String, BenchMain.Measured> jmh = new LinkedHashMap<>();
        jmh.put("getHit", new BenchMain.Measured(60, 5, 50, 1));
        jmh.put("get100OneByOne", new BenchMain.Measured(5_100, 300, 5_000, 100));
        jmh.put("getBulk100", new BenchMain.Measured(210, 20, 200, 100));
        jmh.put("set100Awaited", new BenchMain.Measured(6_100, 400, 6_000, 100));
        jmh.put("set100Pipelined", new BenchMain.Measured(310, 30, 300, 100));
        Map<Memcslap.Test, Memcslap.Run> slap = Map.of(Memcslap.Test.GET,
                new Memcslap.Run(Memcslap.Test.GET, 10_000, 1, Duration.ofMillis(100), "memcslap --test=get"));

        String table = BenchMain.table(jmh, slap, 2, 5);

        assertThat(table).contains("| `get`, a hit | 60.0 ± 5.0 | 50.0 | 50.00 |  |")
                .contains("| `getBulk(100)` | 210.0 ± 20.0 | 200.0 | 2.00 | 100 gets take 25.0× one getBulk(100) |")
                .contains("awaiting each takes 20.0× pipelining")
                .contains("| memcslap (libmemcached, C): `get`, one at a time | | | 10.00 | spymemcached's get hit"
                        + " takes 5.0× |")
                .doesNotContain("`set`, one at a time").contains("2 forks × 5 iterations; memcslap");
    }

    @Test
    void without_memcslap_the_table_has_no_memcslap_row_nor_footer() {
        Map<String, BenchMain.Measured> jmh = new LinkedHashMap<>();
        for (String name : List.of("getHit", "get100OneByOne", "getBulk100", "set100Awaited", "set100Pipelined")) {
            jmh.put(name, new BenchMain.Measured(1, Double.NaN, 1, 1));
        }

        assertThat(BenchMain.table(jmh, Map.of(), 1, 1)).doesNotContain("memcslap").contains("1.0 ± n/a");
    }
}
