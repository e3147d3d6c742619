package kata.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.awaitility.core.ConditionTimeoutException;

/**
 * A local {@code memcached} process on loopback, on a port the server picks itself.
 *
 * <p>{@code -p -1} asks for any free port and {@code MEMCACHED_PORT_FILENAME} makes memcached write it down: no race
 * between finding a free port and binding it. The process is stopped on close, and by a shutdown hook if the JVM
 * exits first. A JVM that dies without its hooks (killed, or halted: PIT's minions register a hook that calls
 * {@code Runtime.halt}, which cuts the others short) is covered by a watchdog: a shell blocked reading a pipe from
 * this JVM, which the OS closes when the JVM dies however it dies; on that end of file it kills memcached.
 * {@code .ci/remove-orphans} still finds any left, by the {@code memcached-kata-} directory of its port file.
 */
final class BinaryServer implements MemcachedServer {

    private static final Pattern TCP_PORT = Pattern.compile("TCP INET: (\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final Process process;
    private final Process watchdog;
    private final Path workDir;
    private final InetSocketAddress address;
    private final String version;
    private final SaslUsers sasl;
    private final Thread shutdownHook;
    private volatile boolean closed;

    private BinaryServer(Process process, Process watchdog, Path workDir, InetSocketAddress address, String version,
                         SaslUsers sasl) {
        this.process = process;
        this.watchdog = watchdog;
        this.workDir = workDir;
        this.address = address;
        this.version = version;
        this.sasl = sasl;
        this.shutdownHook = new Thread(() -> {
            process.destroyForcibly();
            watchdog.destroyForcibly();
        }, "memcached-kata binary cleanup");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    static BinaryServer start(Path binary, List<String> flags, SaslUsers sasl) {
        Path workDir = createWorkDir();
        Path portFile = workDir.resolve("ports");
        Path saslDir = workDir.resolve("sasl");
        if (sasl.enabled()) {
            try {
                sasl.writeTo(saslDir, saslDir.toString(), Optional.empty(), SaslUsers.findSaslpasswd2());
            } catch (RuntimeException e) {
                deleteQuietly(workDir);
                throw e;
            }
        }
        List<String> command = new ArrayList<>(List.of(binary.toString(), "-p", "-1", "-U", "0", "-l", "127.0.0.1"));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("-u", "nobody")); // memcached refuses to run as root (exit 64)
        }
        command.addAll(sasl.flags());
        command.addAll(flags);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(workDir.resolve("memcached.log").toFile());
        builder.environment().put("MEMCACHED_PORT_FILENAME", portFile.toString());
        if (sasl.enabled()) {
            builder.environment().put(SaslUsers.CONF_PATH_VARIABLE, saslDir.toString());
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            deleteQuietly(workDir);
            throw new UncheckedIOException(e);
        }
        Process watchdog;
        try {
            watchdog = startWatchdog(process.pid(), workDir);
        } catch (IOException e) {
            process.destroyForcibly();
            deleteQuietly(workDir);
            throw new UncheckedIOException("could not start the watchdog of memcached (sh -c ...)", e);
        }
        try {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", awaitPort(process, portFile, workDir));
            String version = Readiness.awaitVersion(address, START_TIMEOUT, process::isAlive, sasl.enabled());
            BinaryServer server = new BinaryServer(process, watchdog, workDir, address, version, sasl);
            if (sasl.enabled()) {
                try {
                    sasl.checkLogin(address, server.description(), START_TIMEOUT);
                } catch (RuntimeException e) {
                    server.close();
                    throw e;
                }
            }
            return server;
        } catch (RuntimeException e) {
            process.destroyForcibly();
            watchdog.destroyForcibly();
            deleteQuietly(workDir);
            throw e;
        }
    }

    /**
     * A shell that waits for end of file on its stdin, a pipe whose other end only this JVM holds (Java closes every
     * other descriptor in the processes it starts), then kills memcached and removes its directory. The JVM never
     * writes to it: the end of file comes only when the JVM is gone. Killed on close, before it acts.
     */
    private static Process startWatchdog(long pid, Path workDir) throws IOException {
        return new ProcessBuilder("sh", "-c", "read -r _; kill -KILL \"$1\" 2>/dev/null; rm -rf \"$2\"",
                "memcached-kata-watchdog", Long.toString(pid), workDir.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static int awaitPort(Process process, Path portFile, Path workDir) {
        try {
            return await("memcached to write its port to " + portFile)
                    .atMost(START_TIMEOUT)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> readPort(process, portFile, workDir), Optional::isPresent)
                    .orElseThrow();
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("memcached wrote no port to " + portFile + " within "
                    + START_TIMEOUT.toSeconds() + " s; its output: " + log(workDir));
        }
    }

    private static Optional<Integer> readPort(Process process, Path portFile, Path workDir) throws IOException {
        if (!process.isAlive()) {
            throw new IllegalStateException("memcached exited with " + process.exitValue() + ": " + log(workDir));
        }
        if (!Files.exists(portFile)) {
            return Optional.empty();
        }
        Matcher matcher = TCP_PORT.matcher(Files.readString(portFile, StandardCharsets.US_ASCII));
        return matcher.find() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
    }

    private static String log(Path workDir) {
        try {
            return Files.readString(workDir.resolve("memcached.log"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "(no output)";
        }
    }

    private static Path createWorkDir() {
        try {
            // -u nobody must be able to write the port file here
            Path dir = Files.createTempDirectory("memcached-kata-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public String description() {
        return "memcached " + version + " process " + process.pid() + " at 127.0.0.1:" + address.getPort()
                + sasl.describe();
    }

    @Override
    public void stop() {
        close();
    }

    @Override
    public void pause() {
        signal("-STOP");
        Readiness.awaitSilent(address, description() + " (kill -STOP)", sasl.enabled());
    }

    @Override
    public void resume() {
        signal("-CONT");
    }

    private void signal(String signal) {
        try {
            int exit = new ProcessBuilder("kill", signal, Long.toString(process.pid())).start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill " + signal + " " + process.pid() + " exited with " + exit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending " + signal, e);
        }
    }

    /**
     * Kills the process (SIGKILL) and waits until it is gone, so that its port refuses connections on return. memcached
     * is a cache with nothing to flush, and on SIGTERM it exits only on its next clock tick (up to a second, measured
     * here): every dedicated server, rerun by PIT and the mistakes checker, paid that. SIGKILL also ends a paused
     * (stopped) process without a resume first.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        process.destroyForcibly();
        watchdog.destroyForcibly(); // second: should the JVM die between the two, the watchdog still kills memcached
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(description() + " was still running " + STOP_TIMEOUT.toSeconds()
                        + " s after SIGKILL; its port may still be taken (ps -p " + process.pid() + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or about to: nothing left to undo
            }
            deleteQuietly(workDir);
        }
    }

    /** Removes a temp directory and what is in it; one left behind is harmless. */
    static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
