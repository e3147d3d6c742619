package kata.support.watch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import kata.build.KataCompiler;
import org.awaitility.Awaitility;

/**
 * The watch mode's benchmark (issue 16): {@code bash .ci/watch-benchmark}. Not a timed test: it prints figures.
 *
 * <p>On a scratch copy of the project it starts {@code mvn -o -q -Pwatch -Dkata=02}, then writes, in turn, a wrong
 * {@code TextStore.java} (a case of {@code mistakes/k02_encoding}) and the solution's, and times each from the save
 * to the verdict's line on the watch's output. Beside it, in the same run, it times the plain Maven run a learner
 * would make instead, {@code mvn -o -q test -Dkata=02}. k02 is a kata with no TTL waits.
 *
 * <p>Arguments, as {@code name=value}: {@code base} (the project), {@code saves} (20), {@code maven} (Maven runs, 3).
 */
public final class WatchBenchmark {

    private static final Pattern VERDICT = Pattern.compile(
            "^watch #(\\d+)  (k\\d\\d_\\w+): (.*?)  \\(compiled and ran in ([\\d.]+) s: javac ([\\d.]+) s\\)");
    /** As a learner reads the first screen before a first edit: the watch warms its compiler up meanwhile. */
    private static final Duration READING = Duration.ofSeconds(5);
    private static final Duration BETWEEN_SAVES = Duration.ofMillis(300);
    private static final Duration VERDICT_TIMEOUT = Duration.ofSeconds(120);
    private static final String KATA = "k02_encoding";
    private static final String FILE = "exercises/kata/" + KATA + "/TextStore.java";

    private final Path scratch;
    private final PrintStream out = System.out;

    private WatchBenchmark(Path scratch) {
        this.scratch = scratch;
    }

    private record Line(long at, String text) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = KataCompiler.options(args);
        Path base = Path.of(options.getOrDefault("base", ".")).toAbsolutePath().normalize();
        int saves = Integer.parseInt(options.getOrDefault("saves", "20"));
        int mavenRuns = Integer.parseInt(options.getOrDefault("maven", "3"));
        Path scratch = Files.createTempDirectory("watch-benchmark-");
        try {
            copyProject(base, scratch);
            new WatchBenchmark(scratch).run(base, saves, mavenRuns);
        } finally {
            deleteQuietly(scratch);
        }
        System.exit(0);
    }

    private void run(Path base, int saves, int mavenRuns) throws Exception {
        String wrong = Files.readString(firstMistake(base));
        String solution = Files.readString(base.resolve("solutions/kata/" + KATA + "/TextStore.java"));
        out.printf("watch benchmark: %s, %d saves, on a scratch copy (%s); %d cores, load %.2f%n", KATA, saves,
                scratch, Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        List<Double> wrongTimes = new ArrayList<>();
        List<Double> rightTimes = new ArrayList<>();
        List<Double> inWatch = new ArrayList<>();
        List<Double> inJavac = new ArrayList<>();
        long started = System.nanoTime();
        Process watch = new ProcessBuilder(maven("-Pwatch", "-Dkata=02")).directory(scratch.toFile())
                .redirectErrorStream(true).start();
        BlockingQueue<Line> lines = reader(watch);
        try {
            int run = awaitVerdict(lines, -1, null).run;
            out.printf("  watch mode started: first verdict %.1f s after mvn -Pwatch started (Maven's compile,"
                    + " memcached, a cold javac); the first save %d s later, as a learner reads%n",
                    (System.nanoTime() - started) / 1e9, READING.toSeconds());
            learnerReads(watch, READING);
            for (int i = 0; i < saves; i++) {
                boolean right = i % 2 == 1;
                learnerReads(watch, BETWEEN_SAVES); // and a save is never mistaken for the last one's burst
                long saved = System.nanoTime();
                Files.writeString(scratch.resolve(FILE), right ? solution : wrong);
                Verdict verdict = awaitVerdict(lines, run, KATA);
                double seconds = (verdict.at - saved) / 1e9;
                (right ? rightTimes : wrongTimes).add(seconds);
                inWatch.add(verdict.ran);
                inJavac.add(verdict.javac);
                boolean green = verdict.text.equals("green");
                if (green != right) {
                    throw new IllegalStateException("save " + (i + 1) + " (" + (right ? "the solution" : "a mistake")
                            + ") got the verdict \"" + verdict.text + "\"");
                }
                out.printf(Locale.ROOT, "  save %2d  %-9s %-24s %.2f s%n", i + 1, right ? "solution" : "mistake",
                        verdict.text, seconds);
                run = verdict.run;
                if (green) { // the watch moves on to k03 and runs it: wait for that screen before the next save
                    run = awaitVerdict(lines, run, null).run;
                }
            }
        } finally {
            watch.getOutputStream().write("q\n".getBytes(StandardCharsets.US_ASCII));
            watch.getOutputStream().flush();
            if (!watch.waitFor(30, TimeUnit.SECONDS)) {
                watch.descendants().forEach(ProcessHandle::destroy);
                watch.destroy();
            }
        }
        List<Double> all = new ArrayList<>(wrongTimes);
        all.addAll(rightTimes);
        List<Double> mavenTimes = new ArrayList<>();
        for (int i = 0; i < mavenRuns; i++) {
            long begin = System.nanoTime();
            Process mvn = new ProcessBuilder(maven("test", "-Dkata=02")).directory(scratch.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!mvn.waitFor(10, TimeUnit.MINUTES)) {
                mvn.destroyForcibly();
                throw new IllegalStateException("mvn -o -q test -Dkata=02 took more than 10 minutes");
            }
            mavenTimes.add((System.nanoTime() - begin) / 1e9);
            out.printf(Locale.ROOT, "  mvn -o -q test -Dkata=02, run %d: %.1f s%n", i + 1, mavenTimes.get(i));
        }
        double median = percentile(all, 50);
        double mavenMedian = percentile(mavenTimes, 50);
        out.println();
        out.printf(Locale.ROOT, "save -> verdict, watch mode (%d saves): median %.2f s, p90 %.2f s, min %.2f s,"
                        + " max %.2f s%n", all.size(), median, percentile(all, 90), Collections.min(all),
                Collections.max(all));
        out.printf(Locale.ROOT, "  a mistake saved (red):     median %.2f s, p90 %.2f s%n", percentile(wrongTimes, 50),
                percentile(wrongTimes, 90));
        out.printf(Locale.ROOT, "  the solution saved (green): median %.2f s, p90 %.2f s%n",
                percentile(rightTimes, 50), percentile(rightTimes, 90));
        out.printf(Locale.ROOT, "  of which javac: median %.2f s; javac and the tests: median %.2f s (the rest:"
                        + " noticing the save, 150 ms of calm, the screen)%n", percentile(inJavac, 50),
                percentile(inWatch, 50));
        out.printf(Locale.ROOT, "mvn -o -q test -Dkata=02 (%d runs): median %.1f s%n", mavenTimes.size(), mavenMedian);
        out.printf(Locale.ROOT, "watch mode is %.1fx faster (goal: median <= 1.5 s: %s; at least 5x: %s)%n",
                mavenMedian / median, median <= 1.5 ? "met" : "NOT met", mavenMedian / median >= 5 ? "met"
                        : "NOT met");
    }

    private record Verdict(int run, String kata, String text, double ran, double javac, long at) {
    }

    /** The next verdict line after run {@code after}, for {@code kata} (any when null). */
    private static Verdict awaitVerdict(BlockingQueue<Line> lines, int after, String kata) throws InterruptedException {
        long deadline = System.nanoTime() + VERDICT_TIMEOUT.toNanos();
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            Line line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null) {
                break;
            }
            if (line.text == null) {
                throw new IllegalStateException("the watch mode ended; its last lines: " + tail(seen));
            }
            seen.add(line.text);
            Matcher matcher = VERDICT.matcher(line.text);
            if (matcher.find() && Integer.parseInt(matcher.group(1)) > after
                    && (kata == null || kata.equals(matcher.group(2)))) {
                return new Verdict(Integer.parseInt(matcher.group(1)), matcher.group(2), matcher.group(3),
                        Double.parseDouble(matcher.group(4)), Double.parseDouble(matcher.group(5)), line.at);
            }
        }
        throw new IllegalStateException("no verdict within " + VERDICT_TIMEOUT.toSeconds() + " s; last lines: "
                + tail(seen));
    }

    private static String tail(List<String> lines) {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    /** Each line the moment it arrives; a null text when the output ends. */
    private static BlockingQueue<Line> reader(Process process) {
        BlockingQueue<Line> lines = new LinkedBlockingQueue<>();
        Thread thread = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(new Line(System.nanoTime(), line));
                }
            } catch (IOException e) {
                // the process ended
            }
            lines.add(new Line(System.nanoTime(), null));
        }, "watch output");
        thread.setDaemon(true);
        thread.start();
        return lines;
    }

    /** Maven as a learner runs it, offline, with this JVM's memcached settings passed on. */
    private static List<String> maven(String... goals) {
        List<String> command = new ArrayList<>(List.of(
                System.getProperty("os.name").startsWith("Windows") ? "mvn.cmd" : "mvn", "-o", "-q"));
        command.addAll(List.of(goals));
        for (String property : List.of("memcached.mode", "memcached.address", "memcached.image")) {
            String value = System.getProperty(property, "");
            if (!value.isBlank()) {
                command.add("-D" + property + "=" + value);
            }
        }
        return command;
    }

    static double percentile(List<Double> values, int percent) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static Path firstMistake(Path base) throws IOException {
        try (Stream<Path> cases = Files.list(base.resolve("mistakes/" + KATA))) {
            return cases.sorted().map(dir -> dir.resolve("TextStore.java")).filter(Files::isRegularFile).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no mistake of " + KATA + " under mistakes/"));
        }
    }

    /** What a learner's clone has, without target/ and the rigor tools' cases. */
    private static void copyProject(Path from, Path to) throws IOException {
        for (String part : List.of("pom.xml", "src", "exercises", "solutions")) {
            copy(from.resolve(part), to.resolve(part));
        }
    }

    /** A file, or a folder and all it holds. */
    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.toAbsolutePath().getParent());
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a temporary folder left behind is harmless
        }
    }

    /** A learner's pause before the next save, bounded; the watch must still be running when it ends. */
    private static void learnerReads(Process watch, Duration pause) {
        Awaitility.await("the watch still running after a learner's " + pause.toMillis() + " ms pause")
                .pollDelay(pause).atMost(pause.plusSeconds(5)).until(watch::isAlive);
    }

}
