package kata.support.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;

import kata.support.Concurrently;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GuardianTest {

    private static final int SERVERS = 5_000;
    private static final int ROUNDS = 20;

    /** Stands in for the guardian's JVM: these tests read what it is told from the pipe, not from it. */
    private static Process guardian;

    @BeforeAll
    static void aProcessForTheGuardian() throws IOException {
        guardian = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    @AfterAll
    static void itEnds() {
        guardian.destroyForcibly();
    }

    @Test
    void each_server_is_told_once_though_the_session_and_the_file_poller_note_servers_at_the_same_time() {
        for (int round = 0; round < ROUNDS; round++) {
            ByteArrayOutputStream pipe = new ByteArrayOutputStream();
            Guardian.Watcher watcher = new Guardian.Watcher(guardian, pipe);

            // the watch's session thread notes after each run, its file poller every 20 polls: they can overlap
            Concurrently.runAll(4, Duration.ofSeconds(30),
                    thread -> watcher.note(LongStream.range(0, SERVERS).boxed()));

            List<String> told = pipe.toString(StandardCharsets.US_ASCII).lines().toList();
            assertThat(told).as("round %d: what the guardian was told, by 4 threads noting the same %d servers",
                    round, SERVERS).hasSize(SERVERS).doesNotHaveDuplicates();
        }
    }

    @Test
    void a_server_noted_again_is_not_told_again() {
        ByteArrayOutputStream pipe = new ByteArrayOutputStream();
        Guardian.Watcher watcher = new Guardian.Watcher(guardian, pipe);

        watcher.note(LongStream.of(41, 42).boxed());
        watcher.note(LongStream.of(42, 43).boxed());

        assertThat(pipe.toString(StandardCharsets.US_ASCII).lines()).containsExactly("41", "42", "43");
    }
}
