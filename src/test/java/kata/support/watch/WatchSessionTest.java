package kata.support.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import kata.support.inprocess.Compilation;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the watch mode through a scratch session, as a learner would: a JVM of its own on a copy of k01, saves
 * and keys on its input, its screen read from its output. Then nothing it started may be left running.
 */
@Tag("tools") // instructors' tooling: run by -Psolutions and CI, not by a learner's mvn test
class WatchSessionTest {

    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final String KATA = "k01_connection";
    private static final String FILE = "exercises/kata/" + KATA + "/ServerProbe.java";
    private static final Duration VERDICT = Duration.ofSeconds(90);

    @TempDir
    Path scratch;
    private Process watch;
    private final List<String> output = new ArrayList<>();
    private OutputStream keys;

    @BeforeEach
    void aScratchCopyOfOneKata() throws IOException {
        for (String folder : List.of("exercises/kata/" + KATA, "src/test/java/kata/" + KATA)) {
            WatchBenchmark.copy(PROJECT.resolve(folder), scratch.resolve(folder));
        }
    }

    @AfterEach
    void nothingLeftRunning() {
        if (watch != null && watch.isAlive()) {
            watch.descendants().forEach(ProcessHandle::destroyForcibly);
            watch.destroyForcibly();
        }
    }

    @Test
    void a_session_shows_red_green_a_compile_error_and_a_hint_then_quits_leaving_nothing_running() throws Exception {
        start();
        assertThat(awaitScreen("watch #1  " + KATA + ": red")).contains("Next: k01", "Open    " + FILE);
        List<ProcessHandle> started = watch.descendants().toList();
        assertThat(started).as("the watch's guardian").anyMatch(WatchSessionTest::isGuardian);
        assertThat(started.stream().anyMatch(Guardian::isMemcached) || !containers().isEmpty())
                .as("the watch's memcached: a process of its own, or a container").isTrue();

        save(Files.readString(PROJECT.resolve("mistakes/" + KATA + "/get-ping-probe/ServerProbe.java")));
        assertThat(awaitScreen("watch #2  " + KATA + ": red")).contains("Focus: k01",
                "  [x] task 1  version is what the server itself reports", "x the probe leaves no trace on the server");

        String stub = Files.readString(PROJECT.resolve(FILE));
        String mistake = Files.readString(PROJECT.resolve("mistakes/" + KATA + "/set-delete-probe/ServerProbe.java"));
        for (String version : List.of(stub, mistake, stub, mistake)) {
            save(version); // an IDE saving in a burst: one rerun, of the last version, so the next run is #4
        }
        save(Files.readString(PROJECT.resolve("solutions/kata/" + KATA + "/ServerProbe.java")));
        assertThat(awaitScreen("watch #3  " + KATA + ": green"))
                .contains("Every kata you have is done", "[x] task 1");

        String solution = Files.readString(scratch.resolve(FILE)).stripTrailing();
        String broken = solution.substring(0, solution.length() - 1) + "    int broken = ;\n}\n";
        save(broken);
        int line = (int) broken.lines().count() - 1;
        assertThat(awaitScreen("watch #4  " + KATA + ": does not compile"))
                .contains("Next: k01", "does not compile", FILE + ":" + line + ":", "illegal start of expression",
                        "Open    " + FILE + ":" + line);

        type("h");
        assertThat(awaitText("Hint 1 of 3 (Nudge)")).contains("(h again: the next hint, 2 of 3)");

        type("q");
        assertThat(watch.waitFor(30, TimeUnit.SECONDS)).as("q ends the watch").isTrue();
        assertThat(watch.exitValue()).isZero();
        assertThat(text()).contains("watch: stopping memcached.");
        await("the watch's memcached and guardian to end").atMost(Duration.ofSeconds(10))
                .until(() -> started.stream().noneMatch(ProcessHandle::isAlive) && containers().isEmpty());
    }

    @Test
    void a_killed_watch_leaves_no_memcached_behind() throws Exception {
        start();
        awaitScreen("watch #1  " + KATA + ": red");
        List<ProcessHandle> servers = watch.descendants().filter(Guardian::isMemcached).toList();
        assertThat(!servers.isEmpty() || !containers().isEmpty()).as("a memcached process or container").isTrue();

        watch.destroyForcibly(); // SIGKILL: no shutdown hook runs

        await("the guardian to stop memcached").atMost(Duration.ofSeconds(20))
                .until(() -> servers.stream().noneMatch(ProcessHandle::isAlive) && containers().isEmpty());
    }

    /** The containers the watch JVM started (Docker mode); none in binary mode. */
    private List<String> containers() {
        return Guardian.containersOf(Long.toString(watch.pid()));
    }

    private static boolean isGuardian(ProcessHandle process) {
        return process.info().arguments().map(List::of).orElse(List.of()).contains(Guardian.class.getName());
    }

    private void start() throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", String.join(java.io.File.pathSeparator, Compilation.jvmClasspath().stream()
                .map(Path::toString).toList())));
        for (String property : List.of("memcached.mode", "memcached.address", "memcached.image")) {
            String value = System.getProperty(property, "");
            if (!value.isBlank()) {
                command.add("-D" + property + "=" + value);
            }
        }
        command.addAll(List.of(Watch.class.getName(), "base=" + scratch, "kata=01"));
        watch = new ProcessBuilder(command).directory(scratch.toFile()).redirectErrorStream(true).start();
        keys = watch.getOutputStream();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(watch.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    synchronized (output) {
                        output.add(line);
                    }
                }
            } catch (IOException ended) {
                // the watch ended
            }
        }, "watch output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Each save follows the last one's verdict, so it is a burst of its own; each version has its own size. */
    private void save(String source) throws IOException {
        Files.writeString(scratch.resolve(FILE), source);
    }

    private void type(String line) throws IOException {
        keys.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }

    /** The screen that begins with {@code header}: from that line to the end of the output once it is complete. */
    private String awaitScreen(String header) {
        awaitOutput(header, () -> text().contains(header) && (screenFrom(header).contains("\n  Lesson  ")
                || screenFrom(header).contains("\nDone, and that is the last kata")));
        return screenFrom(header);
    }

    private String awaitText(String text) {
        awaitOutput(text, () -> text().contains(text));
        return text().substring(text().lastIndexOf(text));
    }

    /** On a timeout, says what the watch printed by then: an alias would show only what it had when the wait began. */
    private void awaitOutput(String wanted, Callable<Boolean> printed) {
        try {
            await("the watch to print \"" + wanted + "\"").atMost(VERDICT).pollInterval(Duration.ofMillis(50))
                    .until(printed);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; it printed:\n" + text(), e);
        }
    }

    private String screenFrom(String header) {
        String all = text();
        return all.substring(all.lastIndexOf(header));
    }

    private String text() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }
}
