package kata.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import kata.support.MemcachedServer;
import kata.support.Memcslap;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * {@code mvn -Pbench}: starts one memcached the way the katas' tests do ({@link MemcachedServer#dedicated}), runs
 * {@link CacheBenchmarks} on it with JMH, then memcslap on the same server, and prints one table with ratios.
 *
 * <p>Short on purpose (the whole run in about two minutes): {@code -Dbench.forks}, {@code -Dbench.warmups},
 * {@code -Dbench.iterations} and {@code -Dbench.seconds} (per iteration) make it longer and steadier.
 */
public final class BenchMain {

    /** Keys per memcslap test: it loads them, then runs the test over them once, on one thread. */
    static final int SLAP_KEYS = 10_000;

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        int forks = Integer.getInteger("bench.forks", 2);
        int warmups = Integer.getInteger("bench.warmups", 2);
        int iterations = Integer.getInteger("bench.iterations", 5);
        int seconds = Integer.getInteger("bench.seconds", 1);
        try (MemcachedServer server = MemcachedServer.dedicated()) {
            String address = server.address().getHostString() + ":" + server.address().getPort();
            System.out.println("memcached for the benchmarks: " + server.description());
            System.out.printf(Locale.ROOT, "JMH: %d forks x %d iterations of %d s, after %d of warm-up, per"
                    + " benchmark (5 benchmarks)%n", forks, iterations, seconds, warmups);
            Options options = new OptionsBuilder()
                    .include(Pattern.quote(CacheBenchmarks.class.getName()) + "\\..*")
                    .forks(forks)
                    .warmupIterations(warmups).warmupTime(TimeValue.seconds(seconds))
                    .measurementIterations(iterations).measurementTime(TimeValue.seconds(seconds))
                    .jvmArgsAppend("-D" + CacheBenchmarks.ADDRESS_PROPERTY + "=" + address,
                            "-Dnet.spy.log.LoggerImpl=net.spy.memcached.compat.log.SLF4JLogger")
                    .shouldFailOnError(true)
                    .verbosity(VerboseMode.SILENT)
                    .build();
            Map<String, Measured> jmh = measured(new Runner(options).run());
            Optional<Memcslap> memcslap = Memcslap.onPath();
            Map<Memcslap.Test, Memcslap.Run> slap = new EnumMap<>(Memcslap.Test.class);
            if (memcslap.isPresent()) {
                for (Memcslap.Test test : Memcslap.Test.values()) {
                    slap.put(test, memcslap.get().run(server.address(), test, SLAP_KEYS, 1, Duration.ofSeconds(60)));
                }
            }
            System.out.println();
            System.out.println(table(jmh, slap, forks, iterations));
            if (memcslap.isEmpty()) {
                System.out.println(Memcslap.ABSENT);
            }
            System.out.println("One machine's figure (" + Runtime.getRuntime().availableProcessors() + " cores"
                    + loadAverage().map(load -> ", load average " + load).orElse("") + "): read the ratios, not"
                    + " the absolute times.");
        }
    }

    /** The 1, 5 and 15-minute load averages (Linux), for reading the figures: a busy machine makes them noisy. */
    private static Optional<String> loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return Optional.of(String.join(" ", fields[0], fields[1], fields[2]));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A benchmark's JMH score (mean and its 99.9 % error) and the median of its measured iterations, in µs/op. */
    record Measured(double score, double error, double median, int keys) {
        double perKey() {
            return median / keys;
        }
    }

    private static Map<String, Measured> measured(Collection<RunResult> results) {
        Map<String, Measured> measured = new LinkedHashMap<>();
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.') + 1);
            List<Double> scores = new ArrayList<>();
            for (BenchmarkResult fork : result.getBenchmarkResults()) {
                for (IterationResult iteration : fork.getIterationResults()) {
                    scores.add(iteration.getPrimaryResult().getScore());
                }
            }
            int keys = name.equals("getHit") ? 1 : CacheBenchmarks.BATCH;
            measured.put(name, new Measured(result.getPrimaryResult().getScore(),
                    result.getPrimaryResult().getScoreError(), median(scores), keys));
        }
        return measured;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    static String table(Map<String, Measured> jmh, Map<Memcslap.Test, Memcslap.Run> slap, int forks, int iterations) {
        Measured hit = jmh.get("getHit");
        Measured gets = jmh.get("get100OneByOne");
        Measured bulk = jmh.get("getBulk100");
        Measured awaited = jmh.get("set100Awaited");
        Measured pipelined = jmh.get("set100Pipelined");
        StringBuilder out = new StringBuilder();
        out.append("| operation (spymemcached 2.12.3, one client) | JMH score, µs/op | median, µs/op | µs per key"
                + " | ratio |\n");
        out.append("|---|---:|---:|---:|---|\n");
        row(out, "`get`, a hit", hit, "");
        row(out, "100 × `get`, one after the other", gets, "");
        row(out, "`getBulk(100)`", bulk, String.format(Locale.ROOT, "100 gets take %.1f× one getBulk(100)",
                gets.median() / bulk.median()));
        row(out, "100 × `set`, each awaited", awaited, "");
        row(out, "100 × `set`, pipelined, then awaited", pipelined, String.format(Locale.ROOT,
                "awaiting each takes %.1f× pipelining", awaited.median() / pipelined.median()));
        slapRow(out, slap.get(Memcslap.Test.GET), "`get`, one at a time", hit.perKey(), "spymemcached's get hit");
        slapRow(out, slap.get(Memcslap.Test.SET), "`set`, one at a time", awaited.perKey(), "spymemcached's awaited set");
        slapRow(out, slap.get(Memcslap.Test.MGET), "`mget` of all its keys", bulk.perKey(), "spymemcached's getBulk per key");
        out.append(String.format(Locale.ROOT, "%nJMH: mean ± 99.9 %% error, and the median, of %d forks × %d"
                + " iterations", forks, iterations));
        if (!slap.isEmpty()) {
            out.append(String.format(Locale.ROOT, "; memcslap: %,d keys on 1 thread, once", SLAP_KEYS));
        }
        out.append('.');
        return out.toString();
    }

    private static void row(StringBuilder out, String operation, Measured measured, String ratio) {
        // JMH has no error to give for a single iteration
        String error = Double.isNaN(measured.error()) ? "n/a" : String.format(Locale.ROOT, "%.1f", measured.error());
        out.append(String.format(Locale.ROOT, "| %s | %.1f ± %s | %.1f | %.2f | %s |%n", operation,
                measured.score(), error, measured.median(), measured.perKey(), ratio));
    }

    private static void slapRow(StringBuilder out, Memcslap.Run run, String what, double javaPerKey,
                                String javaName) {
        if (run == null) {
            return;
        }
        double microsPerKey = run.elapsed().toNanos() / 1e3 / run.keys();
        out.append(String.format(Locale.ROOT, "| memcslap (libmemcached, C): %s | | | %.2f | %s takes %.1f× |%n",
                what, microsPerKey, javaName, javaPerKey / microsPerKey));
    }
}
