package kata.support.watch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import kata.support.MemcachedServer;

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

    /** @param args the watch JVM's process id: its containers, if any, go too */
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
        if (args.length == 1) {
            removeContainers(args[0]);
        }
    }

    /**
     * The watch JVM's containers (Docker mode), which Testcontainers' Ryuk removes on a learner's machine but not
     * where Ryuk is off (CI). Only when a {@code docker} command is there; bounded, so the guardian always ends.
     */
    private static void removeContainers(String ownerPid) {
        List<String> ids = containersOf(ownerPid);
        if (!ids.isEmpty()) {
            List<String> remove = new ArrayList<>(List.of("rm", "-f"));
            remove.addAll(ids);
            docker(remove);
        }
    }

    /** The ids of the containers a JVM started (running or not); none when there is no {@code docker} command. */
    static List<String> containersOf(String ownerPid) {
        return docker(List.of("ps", "-aq", "--filter",
                "label=" + MemcachedServer.CONTAINER_OWNER_LABEL + "=" + ownerPid));
    }

    private static List<String> docker(List<String> arguments) {
        Optional<Path> docker = onPath("docker");
        if (docker.isEmpty()) {
            return List.of();
        }
        List<String> command = new ArrayList<>(List.of(docker.get().toString()));
        command.addAll(arguments);
        return run(command);
    }

    private static List<String> run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            List<String> lines = new ArrayList<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                out.lines().map(String::strip).filter(line -> !line.isEmpty()).forEach(lines::add);
            }
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            return lines;
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    private static Optional<Path> onPath(String command) {
        String path = System.getenv("PATH");
        for (String dir : path == null ? new String[0] : path.split(java.io.File.pathSeparator)) {
            for (String name : List.of(command, command + ".exe")) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
                if (java.nio.file.Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
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
        // the watch's session thread notes after each run and its file poller every 20 polls, at times both at once:
        // a plain set there lost or doubled pids, and a HashMap raced on can corrupt itself
        private final Set<Long> told = ConcurrentHashMap.newKeySet();

        private Watcher(Process guardian) {
            this(guardian, guardian.getOutputStream());
        }

        /** @param pipe what the guardian reads: its standard input, or what a test reads back */
        Watcher(Process guardian, OutputStream pipe) {
            this.guardian = guardian;
            this.pipe = new PrintStream(pipe, true, StandardCharsets.US_ASCII);
        }

        /** A guardian started from this JVM's own {@code java}, with the class folder it was loaded from. */
        static Optional<Watcher> start() {
            try {
                Path java = Path.of(System.getProperty("java.home"), "bin", "java");
                Path classes = Path.of(Guardian.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx16m", "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", classes.toString(),
                        Guardian.class.getName(), Long.toString(ProcessHandle.current().pid())));
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
            note(ProcessHandle.current().children().filter(Guardian::isMemcached).map(ProcessHandle::pid));
        }

        /** Tells the guardian of each of {@code pids} it has not been told of yet: once each, whichever thread asks. */
        void note(Stream<Long> pids) {
            pids.filter(told::add).forEach(pipe::println);
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
