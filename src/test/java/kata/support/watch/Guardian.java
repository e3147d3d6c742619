package kata.support.watch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Stops the watch mode's memcached when the watch JVM dies without running its shutdown hooks (killed, crashed).
 *
 * <p>A small JVM of its own: the watch JVM writes it the process id of each memcached it starts, one per line, on
 * a pipe. When that pipe closes, the watch JVM is gone, however it ended; the guardian then stops each of those
 * processes that is still alive and still a memcached, and exits. Ctrl-C needs no guardian (the hooks stop the
 * server), but a {@code kill -9} or a closed terminal window does. Works the same on every operating system.
 */
public final class Guardian {

    private Guardian() {
    }

    public static void main(String[] args) throws IOException {
        Set<Long> pids = new LinkedHashSet<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.strip().matches("\\d+")) {
                    pids.add(Long.parseLong(line.strip()));
                }
            }
        } catch (IOException closed) {
            // the pipe broke rather than closed: the watch JVM is gone all the same
        }
        for (long pid : pids) {
            ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(Guardian::isMemcached).ifPresent(process -> {
                process.destroy();
                if (!process.onExit().completeOnTimeout(null, 2, TimeUnit.SECONDS).join().isAlive()) {
                    return;
                }
                process.destroyForcibly();
            });
        }
    }

    /** Never another program that got the same id after ours ended. */
    static boolean isMemcached(ProcessHandle process) {
        return process.info().command().map(command -> Path.of(command).getFileName().toString())
                .map(name -> name.equals("memcached") || name.equals("memcached.exe")).orElse(false);
    }

    /** The watch JVM's side: starts a guardian and tells it of the memcached processes this JVM starts. */
    static final class Watcher implements AutoCloseable {

        private final Process guardian;
        private final PrintStream pipe;
        private final Set<Long> told = new LinkedHashSet<>();

        private Watcher(Process guardian) {
            this.guardian = guardian;
            this.pipe = new PrintStream(guardian.getOutputStream(), true, StandardCharsets.US_ASCII);
        }

        /** A guardian started from this JVM's own {@code java}, with the class folder it was loaded from. */
        static Optional<Watcher> start() {
            try {
                Path java = Path.of(System.getProperty("java.home"), "bin", "java");
                Path classes = Path.of(Guardian.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx16m", "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", classes.toString(),
                        Guardian.class.getName()));
                Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                return Optional.of(new Watcher(process));
            } catch (Exception e) {
                System.out.println("watch: no guardian for memcached (" + e + "); a killed JVM may leave it running");
                return Optional.empty();
            }
        }

        /** Tells the guardian of every memcached this JVM has started since the last call. */
        void noteServers() {
            ProcessHandle.current().children().filter(Guardian::isMemcached).map(ProcessHandle::pid)
                    .filter(told::add).forEach(pipe::println);
        }

        /** The process, for a test that checks it ends. */
        Process process() {
            return guardian;
        }

        @Override
        public void close() {
            pipe.close(); // the guardian stops what is left, then exits
            try {
                guardian.waitFor(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

    }
}
