package kata.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * libmemcached's {@code memcslap} (Debian's {@code libmemcached-tools}), the native client, run against a server to
 * give the katas' reports and benchmarks a reference figure: ours as a fraction of it.
 *
 * <pre>{@code
 * Optional<Memcslap> memcslap = Memcslap.onPath();
 * String line = memcslap.map(m -> m.run(server.address(), Memcslap.Test.MGET, 10_000, 1, Duration.ofSeconds(30))
 *         .describe()).orElse(Memcslap.ABSENT);
 * }</pre>
 *
 * <p>Run it only against a {@link Dedicated} server: it writes keys of its own, with random names and no kata
 * prefix, and a get or mget run first sets every key it will read. This class never passes {@code --flush}.
 * {@code --buffer} is not offered: memcslap 1.1 (libmemcached 1.1.4) aborts with it on a set run.
 */
public final class Memcslap {

    /** What to print, in one line, where memcslap is not on PATH. */
    public static final String ABSENT = "memcslap not on PATH, so no native reference figure: it comes with"
            + " libmemcached-tools (apt install libmemcached-tools)";

    private static final String NAME = "memcslap";
    /** memcslap's result line, e.g. {@code Time to mget 10000 keys by 1 threads: 0.030 seconds.} */
    private static final Pattern RESULT = Pattern.compile(
            "^Time to (\\w+)\\s+(\\d+) keys by\\s+(\\d+) threads:\\s+(\\d+(?:\\.\\d+)?) seconds\\.", Pattern.MULTILINE);

    /** The runs memcslap offers ({@code --test}). */
    public enum Test {
        /** One {@code get} per key, after it has set them. */
        GET("get"),
        /** Multi-key gets ({@code memcached_mget}), after it has set them. */
        MGET("mget"),
        /** One {@code set} per key. */
        SET("set");

        private final String option;

        Test(String option) {
            this.option = option;
        }

        /** The word memcslap takes after {@code --test} and prints in its result line. */
        public String option() {
            return option;
        }
    }

    /**
     * One finished run: memcslap's own figures.
     *
     * @param keys    keys it timed over all threads (memcslap's {@code --execute-number} times the threads)
     * @param elapsed what memcslap measured for them, to its millisecond resolution (zero: too fast to time)
     * @param command the command line, to rerun it by hand
     */
    public record Run(Test test, long keys, int threads, Duration elapsed, String command) {

        /** Keys per second; {@code NaN} when the run was too short for memcslap's millisecond clock. */
        public double keysPerSecond() {
            return elapsed.isZero() ? Double.NaN : keys / (elapsed.toNanos() / 1e9);
        }

        /** One line, e.g. {@code memcslap mget: 10,000 keys by 1 thread in 0.030 s, 333,333 keys/s}. */
        public String describe() {
            String rate = elapsed.isZero() ? "too fast for its millisecond clock"
                    : String.format(Locale.ROOT, "%,.0f keys/s", keysPerSecond());
            return String.format(Locale.ROOT, "memcslap %s: %,d keys by %d thread%s in %.3f s, %s", test.option(),
                    keys, threads, threads == 1 ? "" : "s", elapsed.toNanos() / 1e9, rate);
        }
    }

    private final Path executable;

    private Memcslap(Path executable) {
        this.executable = executable;
    }

    /** memcslap as found on this process's PATH, or empty: then print {@link #ABSENT}. */
    public static Optional<Memcslap> onPath() {
        return onPath(System.getenv("PATH"));
    }

    /** memcslap in the first directory of {@code path} (a PATH value) that has it as an executable file. */
    static Optional<Memcslap> onPath(String path) {
        if (path == null || path.isBlank()) {
            return Optional.empty();
        }
        for (String directory : path.split(Pattern.quote(File.pathSeparator))) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, NAME);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(new Memcslap(candidate));
            }
        }
        return Optional.empty();
    }

    /** Where this memcslap is. */
    public Path executable() {
        return executable;
    }

    /**
     * Runs {@code memcslap --servers=<server> --test=<test> --execute-number=<keysPerThread>
     * --concurrency=<threads>} and reads its result line.
     *
     * @param within how long the run may take; past it the process is killed
     * @throws IllegalStateException when memcslap does not finish {@code within}, exits with an error, or prints no
     *                               result line (the message quotes what it printed)
     */
    public Run run(InetSocketAddress server, Test test, int keysPerThread, int threads, Duration within) {
        if (keysPerThread < 1 || threads < 1) {
            throw new IllegalArgumentException("memcslap needs at least 1 key and 1 thread, not " + keysPerThread
                    + " keys and " + threads + " threads");
        }
        List<String> command = List.of(executable.toString(),
                "--servers=" + server.getHostString() + ":" + server.getPort(), "--test=" + test.option(),
                "--execute-number=" + keysPerThread, "--concurrency=" + threads);
        String shown = String.join(" ", command);
        Path output = null;
        Process process = null;
        try {
            output = Files.createTempFile("memcslap-", ".out");
            // to a file, not a pipe: a process that fills a pipe nobody reads would never end
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(shown + " did not finish within " + within.toMillis() + " ms; killed");
            }
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(shown + " exited " + process.exitValue() + ": " + printed.strip());
            }
            return parse(test, (long) keysPerThread * threads, printed, shown);
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + shown + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + shown, e);
        } finally {
            if (process != null) {
                process.destroyForcibly(); // no-op once it has ended
            }
            deleteQuietly(output);
        }
    }

    /**
     * The run {@code printed} reports for {@code test}; its setting-up lines ("Time to set … keys:") are not it.
     *
     * @throws IllegalStateException when it timed fewer keys than {@code expected}: memcslap exits 0 even when no
     *                               server answered, with "Fatal error for key …" lines and "Time to get 0 keys"
     */
    static Run parse(Test test, long expected, String printed, String command) {
        Matcher matcher = RESULT.matcher(printed);
        while (matcher.find()) {
            if (matcher.group(1).equals(test.option())) {
                long keys = Long.parseLong(matcher.group(2));
                if (keys < expected) {
                    throw new IllegalStateException(command + " timed " + keys + " of " + expected + " keys, so its"
                            + " figure means nothing: " + firstError(printed));
                }
                long micros = Math.round(Double.parseDouble(matcher.group(4)) * 1e6);
                return new Run(test, keys, Integer.parseInt(matcher.group(3)), Duration.ofNanos(micros * 1000),
                        command);
            }
        }
        throw new IllegalStateException(command + " printed no 'Time to " + test.option() + " … keys by … threads'"
                + " line: " + printed.strip());
    }

    private static String firstError(String printed) {
        return printed.lines().filter(line -> line.startsWith("Fatal error")).findFirst()
                .orElse("it printed no error");
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a leftover file in the temp directory is harmless
            }
        }
    }
}
