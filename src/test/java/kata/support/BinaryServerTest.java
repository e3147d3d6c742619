package kata.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A binary server does not outlive its JVM, however that JVM ends. */
@Tag("tools") // starts a JVM of its own: run by -Psolutions and CI, not by a learner's mvn test
class BinaryServerTest {

    /** Run in a JVM of its own: starts a server, says where it is, and halts (no shutdown hook runs). */
    static final class HaltsWithAServer {

        public static void main(String[] args) {
            BinaryServer server = BinaryServer.start(Path.of(args[0]), List.of(), SaslUsers.none());
            System.out.println(server.address().getPort());
            System.out.flush();
            Runtime.getRuntime().halt(0); // what PIT's minions do at exit, and what SIGKILL amounts to
        }
    }

    @Test
    void memcached_dies_with_a_jvm_that_halts_without_running_its_shutdown_hooks() throws Exception {
        Optional<Path> binary = ServerLauncher.findOnPath("memcached");
        assumeThat(binary).as("a memcached binary on PATH").isPresent();
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        Process jvm = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                HaltsWithAServer.class.getName(), binary.orElseThrow().toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String port;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(),
                StandardCharsets.UTF_8))) {
            port = out.readLine();
        }
        assertThat(jvm.waitFor(30, TimeUnit.SECONDS)).as("the JVM that started memcached to halt").isTrue();
        assertThat(port).as("the port the halted JVM's memcached listened on").matches("\\d+");
        RawInspector inspector = new RawInspector(new InetSocketAddress("127.0.0.1", Integer.parseInt(port)),
                Duration.ofMillis(300));

        await("memcached on port " + port + " to die with its JVM (the watchdog kills it)")
                .atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> refuses(inspector));
        assertThatThrownBy(inspector::version).isInstanceOf(UncheckedIOException.class)
                .hasRootCauseInstanceOf(ConnectException.class);
    }

    private static boolean refuses(RawInspector inspector) {
        try {
            inspector.version();
            return false;
        } catch (UncheckedIOException e) {
            return e.getCause() instanceof ConnectException;
        }
    }
}
