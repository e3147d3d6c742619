package kata.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * libmemcached's load generator (memcslap, from Debian's libmemcached-tools), run on the benchmarks' own server: a C
 * client's figure beside spymemcached's. It writes its own random keys, so it only ever runs on a server of the
 * benchmarks' own, and never with {@code --flush}.
 */
final class Memcslap {

    /** Keys per test: memcslap loads them, then runs the test over them once, on one thread. */
    static final int KEYS = 10_000;

    /** memcslap's result line, e.g. {@code Time to get 10000 keys by 1 threads: 0.085 seconds.} */
    private static final Pattern RESULT = Pattern.compile(
            "Time to (\\w+)\\s+(\\d+) keys by\\s+(\\d+) threads:\\s+([0-9.]+) seconds");

    private Memcslap() {
    }

    /** One memcslap test: microseconds per key, on one thread. */
    record Figure(String test, int keys, double seconds) {
        double microsPerKey() {
            return seconds * 1_000_000 / keys;
        }
    }

    /** memcslap on PATH, if any. */
    static Optional<Path> find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "memcslap");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Runs memcslap's {@code test} (get, set or mget) against {@code hostAndPort}, within a minute. */
    static Figure run(Path memcslap, String hostAndPort, String test) throws IOException, InterruptedException {
        List<String> command = List.of(memcslap.toString(), "--servers=" + hostAndPort, "--test=" + test,
                "--concurrency=1", "--execute-number=" + KEYS);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish within 60 s");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        return parse(test, text).orElseThrow(() -> new IOException(String.join(" ", command) + " exited "
                + process.exitValue() + " without a result line: " + text.strip()));
    }

    /** The result line of {@code test} in memcslap's output (its initial load prints a line of its own). */
    static Optional<Figure> parse(String test, String output) {
        Matcher matcher = RESULT.matcher(output);
        while (matcher.find()) {
            if (matcher.group(1).equals(test) && matcher.group(3).equals("1")) {
                return Optional.of(new Figure(test, Integer.parseInt(matcher.group(2)),
                        Double.parseDouble(matcher.group(4))));
            }
        }
        return Optional.empty();
    }
}
