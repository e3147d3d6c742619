package kata.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The seed's Python service, {@code src/test/python/seed_service.py}, run by a real Python with pymemcache: one
 * process per command, bounded in time, its output returned line by line and echoed for the reader of the build log.
 *
 * <p>Which Python: {@code -Dinterop.python=…}, else the environment variable {@code INTEROP_PYTHON}, else
 * {@code python3} from the PATH. CI sets Debian's {@code /usr/bin/python3}, which has {@code python3-pymemcache}.
 */
public final class SeedPython {

    /** The system property that names the Python to run. */
    public static final String PROPERTY = "interop.python";
    /** The environment variable that names it when the property is absent. */
    public static final String ENVIRONMENT = "INTEROP_PYTHON";
    /** The seed's service, relative to the project directory (the test JVM's working directory). */
    public static final Path SCRIPT = Path.of("src", "test", "python", "seed_service.py");

    /** Loose on purpose: the machine may be busy, and a Python start with pymemcache takes a good part of a second. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String python;
    private final Path script;

    SeedPython(String python, Path script) {
        this.python = python;
        this.script = script;
    }

    /** The Python the configuration names, with the project's seed service. */
    public static SeedPython configured() {
        return new SeedPython(configuredPython(System.getProperty(PROPERTY), System.getenv(ENVIRONMENT)), SCRIPT);
    }

    /** The property wins, then the environment, then {@code python3}; blank counts as not given. */
    static String configuredPython(String property, String environment) {
        if (property != null && !property.isBlank()) {
            return property.trim();
        }
        if (environment != null && !environment.isBlank()) {
            return environment.trim();
        }
        return "python3";
    }

    /** The Python this runs, as configured: a command on the PATH or a path. */
    public String python() {
        return python;
    }

    /**
     * Why this Python cannot run the seed's service, or empty when it can: the program must start, import pymemcache
     * within the time limit, and the script must be there.
     */
    public Optional<String> unavailable() {
        if (!Files.isRegularFile(script)) {
            return Optional.of("the seed's service " + script + " is not there (the test JVM runs in "
                    + Path.of("").toAbsolutePath() + ")");
        }
        Output probe;
        try {
            probe = exec(List.of(python, "-c", "import pymemcache; print(pymemcache.__version__)"), "");
        } catch (IOException e) {
            return Optional.of(python + " could not be started (" + e.getMessage() + ")");
        } catch (TimeoutException e) {
            return Optional.of(python + " did not import pymemcache within " + TIMEOUT.toSeconds() + " s");
        }
        if (probe.exitCode() != 0) {
            List<String> errors = probe.stderr().lines().filter(line -> !line.isBlank()).toList();
            return Optional.of(python + " cannot import pymemcache ("
                    + (errors.isEmpty() ? "exit code " + probe.exitCode() : errors.get(errors.size() - 1)) + ")");
        }
        return Optional.empty();
    }

    /**
     * Runs one command of the seed's service against {@code server} and returns what it printed, line by line. The
     * command and its output are echoed to standard output: they are the proof a reader of the build log wants.
     *
     * @throws AssertionError when the process fails (a Python exception: its traceback is in the message), or does not
     *                        end within the time limit
     */
    public List<String> run(InetSocketAddress server, String command, String... args) {
        String request;
        try {
            request = JSON.writeValueAsString(Map.of("command", command, "args", List.of(args)));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the request for " + command, e);
        }
        Output output;
        try {
            output = exec(List.of(python, script.toString(), server.getHostString(), Integer.toString(server.getPort())),
                    request);
        } catch (IOException e) {
            throw new UncheckedIOException(python + " could not be started for " + command, e);
        } catch (TimeoutException e) {
            throw new AssertionError("the seed's Python did not finish " + command + " " + List.of(args) + " within "
                    + TIMEOUT.toSeconds() + " s against " + server.getHostString() + ":" + server.getPort());
        }
        List<String> lines = output.stdout().lines().toList();
        StringBuilder echo = new StringBuilder("seed's Python (" + python + "): " + command + " " + List.of(args));
        lines.forEach(line -> echo.append(System.lineSeparator()).append("  python> ").append(line));
        System.out.println(echo);
        if (output.exitCode() != 0) {
            throw new AssertionError("the seed's Python failed " + command + " " + List.of(args) + " (exit code "
                    + output.exitCode() + "): " + output.stderr().strip());
        }
        return lines;
    }

    private record Output(int exitCode, String stdout, String stderr) {
    }

    /** Runs {@code commandLine} with {@code stdin} as its input, UTF-8 both ways, bounded by {@link #TIMEOUT}. */
    private static Output exec(List<String> commandLine, String stdin) throws IOException, TimeoutException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(commandLine));
        // UTF-8 whatever the locale, and no __pycache__ left in the source tree
        builder.environment().put("PYTHONIOENCODING", "utf-8");
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process process = builder.start();
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // a program that exits before reading its input (no Python at all): its exit code says more
        }
        try {
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new TimeoutException(commandLine + " did not end within " + TIMEOUT);
            }
            return new Output(process.exitValue(), stdout.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
                    stderr.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + commandLine, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not read the output of " + commandLine, e.getCause());
        }
    }

    private static String readAll(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
