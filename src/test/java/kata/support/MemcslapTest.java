package kata.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The memcslap runner: found on PATH or reported absent in one line, its output read, its run bounded. */
@ExtendWith(MemcachedExtension.class)
class MemcslapTest {

    /** What memcslap 1.1 (libmemcached 1.1.4) printed here for {@code --test=mget --execute-number=1000}. */
    private static final String MGET_OUTPUT = """
            Time to generate       1000 test keys:                0.001 seconds.
            Time to set            1000 keys:                     0.016 seconds.
            Time to start             1 threads:                  0.000 seconds.
            --------------------------------------------------------------------
            Time to mget           1000 keys by    1 threads:     0.002 seconds.
            --------------------------------------------------------------------
            Time total:                                           0.020 seconds.
            """;

    /** What it printed for {@code --test=get --execute-number=10} with nothing listening: and it exited 0. */
    private static final String NO_SERVER_OUTPUT = """
            Fatal error for key 'nrHoSyfswgSkcx': (0x559e6d783730) CONNECTION FAILURE(Connection refused),  \
            host: 127.0.0.1:1 -> ./src/libmemcached/io.cc:145
            Time to generate         10 test keys:                0.000 seconds.
            Time to set               0 keys:                     0.000 seconds.
            Time to start             1 threads:                  0.000 seconds.
            --------------------------------------------------------------------
            Time to get               0 keys by    1 threads:     0.000 seconds.
            --------------------------------------------------------------------
            Time total:                                           0.000 seconds.
            """;

    @TempDir
    Path temp;

    @Test
    void the_result_line_is_the_timed_test_not_the_keys_it_set_first() {
        Memcslap.Run run = Memcslap.parse(Memcslap.Test.MGET, 1000, MGET_OUTPUT, "memcslap --test=mget");

        assertThat(run.keys()).isEqualTo(1000);
        assertThat(run.threads()).isEqualTo(1);
        assertThat(run.elapsed()).isEqualTo(Duration.ofMillis(2));
        assertThat(run.keysPerSecond()).isEqualTo(500_000.0);
        assertThat(run.describe()).isEqualTo("memcslap mget: 1,000 keys by 1 thread in 0.002 s, 500,000 keys/s");
    }

    @Test
    void a_run_that_timed_fewer_keys_than_asked_is_an_error_quoting_memcslaps_own() {
        assertThatThrownBy(() -> Memcslap.parse(Memcslap.Test.GET, 10, NO_SERVER_OUTPUT, "memcslap --test=get"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("memcslap --test=get timed 0 of 10 keys, so its figure means nothing:"
                        + " Fatal error for key 'nrHoSyfswgSkcx'")
                .hasMessageContaining("CONNECTION FAILURE(Connection refused)");
    }

    @Test
    void output_without_the_tests_result_line_is_an_error_quoting_it() {
        assertThatThrownBy(() -> Memcslap.parse(Memcslap.Test.SET, 1000, MGET_OUTPUT, "memcslap --test=set"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("memcslap --test=set printed no 'Time to set … keys by … threads' line:"
                        + " Time to generate");
    }

    @Test
    void a_run_too_fast_for_memcslaps_millisecond_clock_has_no_rate() {
        Memcslap.Run run = new Memcslap.Run(Memcslap.Test.SET, 10, 2, Duration.ZERO, "memcslap");

        assertThat(run.keysPerSecond()).isNaN();
        assertThat(run.describe())
                .isEqualTo("memcslap set: 10 keys by 2 threads in 0.000 s, too fast for its millisecond clock");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void it_is_found_in_the_first_path_directory_that_has_it_executable() throws IOException {
        Path empty = Files.createDirectory(temp.resolve("empty"));
        Path notExecutable = Files.createDirectory(temp.resolve("plain"));
        Files.writeString(notExecutable.resolve("memcslap"), "not a program");
        Path first = script("first", "exit 0");
        script("second", "exit 0");
        String path = String.join(File.pathSeparator, empty.toString(), "", notExecutable.toString(),
                first.getParent().toString(), temp.resolve("second").toString());

        assertThat(Memcslap.onPath(path).map(Memcslap::executable)).contains(first);
        assertThat(Memcslap.onPath(empty.toString())).isEmpty();
        assertThat(Memcslap.onPath("")).isEmpty();
        assertThat(Memcslap.onPath(null)).isEmpty();
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void a_run_passes_the_server_and_the_test_and_reads_what_memcslap_printed() throws IOException {
        Path args = temp.resolve("args");
        Memcslap fake = fake("echo \"$@\" > '" + args + "'\ncat <<'EOF'\n" + MGET_OUTPUT + "EOF");

        Memcslap.Run run = fake.run(new InetSocketAddress("127.0.0.1", 11311), Memcslap.Test.MGET, 1000, 1,
                Duration.ofSeconds(10));

        assertThat(Files.readString(args).strip())
                .isEqualTo("--servers=127.0.0.1:11311 --test=mget --execute-number=1000 --concurrency=1");
        assertThat(run.keys()).isEqualTo(1000);
        assertThat(run.command()).endsWith("memcslap --servers=127.0.0.1:11311 --test=mget --execute-number=1000"
                + " --concurrency=1");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void a_failed_run_says_its_exit_code_and_what_it_printed() throws IOException {
        Memcslap fake = fake("echo 'memcslap: Assertion failed' >&2\nexit 134");

        assertThatThrownBy(() -> fake.run(new InetSocketAddress("127.0.0.1", 11311), Memcslap.Test.SET, 10, 1,
                Duration.ofSeconds(10)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageEndingWith("--concurrency=1 exited 134: memcslap: Assertion failed");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void a_run_past_its_bound_is_killed_and_said_so() throws IOException {
        Memcslap fake = fake("exec sleep 30");
        long start = System.nanoTime();

        assertThatThrownBy(() -> fake.run(new InetSocketAddress("127.0.0.1", 11311), Memcslap.Test.GET, 10, 1,
                Duration.ofMillis(300)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageEndingWith("--concurrency=1 did not finish within 300 ms; killed");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("time until the sleeping memcslap was killed")
                .isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void the_real_memcslap_times_every_key_against_a_dedicated_server(@Dedicated MemcachedServer server) {
        Optional<Memcslap> memcslap = Memcslap.onPath();
        assumeTrue(memcslap.isPresent(), Memcslap.ABSENT);

        Memcslap.Run run = memcslap.get().run(server.address(), Memcslap.Test.MGET, 500, 2, Duration.ofSeconds(30));

        assertThat(run.keys()).as("keys memcslap timed: 500 per thread, 2 threads").isEqualTo(1000);
        assertThat(run.threads()).isEqualTo(2);
        assertThat(new RawInspector(server.address()).stats().get("cmd_get"))
                .as("cmd_get of the dedicated server after memcslap's mget run").isNotEqualTo("0");
    }

    private Memcslap fake(String body) throws IOException {
        return Memcslap.onPath(script("fake", body).getParent().toString()).orElseThrow();
    }

    private Path script(String directory, String body) throws IOException {
        Path script = Files.createDirectories(temp.resolve(directory)).resolve("memcslap");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }
}
