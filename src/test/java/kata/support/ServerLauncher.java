package kata.support;

import java.io.File;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import kata.support.NoServer.Way;

import org.testcontainers.DockerClientFactory;

/**
 * Decides how this run gets memcached, and starts it.
 *
 * <p>Order: an address the user gave; a container when Docker answers; a {@code memcached} binary on PATH. Each
 * setting is a system property or, in capitals with underscores, an environment variable:
 * <ul>
 *   <li>{@code memcached.address} ({@code MEMCACHED_ADDRESS}): {@code host:port} of a running server;</li>
 *   <li>{@code memcached.mode} ({@code MEMCACHED_MODE}): {@code docker}, {@code binary} or {@code address}
 *       forces one way; {@code auto} (the default) tries them in order;</li>
 *   <li>{@code memcached.image} ({@code MEMCACHED_IMAGE}): the image for Docker, default {@value #DEFAULT_IMAGE};</li>
 *   <li>{@code memcached.startTimeout} ({@code MEMCACHED_START_TIMEOUT}): seconds one way may take to start,
 *       default 30; past it the way counts as failed, naming what it waited for.</li>
 * </ul>
 * A start that waits more than {@link #QUIET} says what for, in a line.
 */
final class ServerLauncher {

    /** Pinned, never {@code latest}: every learner runs the server the katas were written against. */
    static final String DEFAULT_IMAGE = "memcached:1.6.39-alpine";
    static final String START_TIMEOUT_PROPERTY = "memcached.startTimeout";

    enum Mode { AUTO, ADDRESS, DOCKER, BINARY }

    /** How long a start may stay silent before a line says what it waits for. */
    static final Duration QUIET = Duration.ofSeconds(2);
    static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);

    /** One way of starting memcached, with the caller's flags and SASL users, naming each wait on the stage. */
    interface Starter {
        MemcachedServer start(List<String> flags, SaslUsers sasl, BoundedStart.Stage stage) throws Exception;
    }

    /**
     * The ways this launcher starts servers (tests give fakes).
     *
     * @param dockerHung a Docker start that hung in this JVM, if any: its thread still holds Testcontainers' locks,
     *                   so Docker is not asked again
     * @param binary     the {@code memcached} on PATH, if any
     */
    record Ways(Starter docker, AtomicReference<BoundedStart.Hung> dockerHung, Optional<Path> binary,
                Starter binaryStart) {
    }

    /** Testcontainers and the {@code memcached} on PATH; a hang of Docker is remembered for the whole JVM. */
    private static final AtomicReference<BoundedStart.Hung> DOCKER_HUNG = new AtomicReference<>();

    private final Mode mode;
    private final Optional<String> address;
    private final String image;
    private final Duration startTimeout;
    private final Consumer<String> say;
    private final Ways ways;

    ServerLauncher(Mode mode, Optional<String> address, String image, Duration startTimeout, Consumer<String> say,
                   Ways ways) {
        this.mode = mode;
        this.address = address;
        this.image = image;
        this.startTimeout = startTimeout;
        this.say = say;
        this.ways = ways;
    }

    private static Ways realWays(String image) {
        Optional<Path> binary = findOnPath("memcached");
        return new Ways((flags, sasl, stage) -> {
            if (!dockerAvailable()) {
                throw new NoEngine();
            }
            return ContainerServer.start(image, flags, sasl, stage);
        }, DOCKER_HUNG, binary, (flags, sasl, stage) -> BinaryServer.start(binary.orElseThrow(), flags, sasl));
    }

    static ServerLauncher fromEnvironment() {
        String modeName = setting("memcached.mode").orElse("auto");
        Mode mode;
        try {
            mode = Mode.valueOf(modeName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new MemcachedUnavailableException("memcached.mode=" + modeName
                    + " is not a mode: use auto, address, docker or binary.");
        }
        String image = setting("memcached.image").orElse(DEFAULT_IMAGE);
        return new ServerLauncher(mode, setting("memcached.address"), image,
                startTimeout(setting(START_TIMEOUT_PROPERTY)), System.out::println, realWays(image));
    }

    /** {@code "30"} or {@code "2.5"} seconds; unset is {@link #DEFAULT_START_TIMEOUT}. */
    static Duration startTimeout(Optional<String> seconds) {
        if (seconds.isEmpty()) {
            return DEFAULT_START_TIMEOUT;
        }
        try {
            double value = Double.parseDouble(seconds.get().replaceFirst("\\s*s$", ""));
            if (value > 0 && value <= 3600) {
                return Duration.ofMillis(Math.round(value * 1000));
            }
        } catch (NumberFormatException notANumber) {
            // explained below
        }
        throw new MemcachedUnavailableException(START_TIMEOUT_PROPERTY + "=" + seconds.get()
                + " is not a number of seconds between 0 and 3600 (for example 30, the default).");
    }

    /** The run's shared server: the user's address wins, then Docker, then a local binary. */
    MemcachedServer startShared() {
        NoServer tried = new NoServer(mode);
        if (mode == Mode.AUTO || mode == Mode.ADDRESS) {
            if (address.isPresent()) {
                return GivenServer.connect(address.get());
            }
            tried.tried(Way.ADDRESS, "none given (memcached.address / MEMCACHED_ADDRESS)", NoServer.GIVE_AN_ADDRESS);
        }
        return start(List.of(), SaslUsers.none(), tried);
    }

    /** A server of the caller's own: an address cannot be dedicated, so only Docker or a binary will do. */
    MemcachedServer startDedicated(List<String> flags) {
        return startDedicated(flags, SaslUsers.none());
    }

    /** A server of the caller's own that accepts only {@code sasl}'s users, when it has any ({@code -S}). */
    MemcachedServer startDedicated(List<String> flags, SaslUsers sasl) {
        NoServer tried = new NoServer(mode);
        if (mode == Mode.ADDRESS) {
            tried.tried(Way.ADDRESS, "memcached.mode=address, but a dedicated server (flags " + flags
                    + sasl.describe() + ") needs Docker or a memcached binary",
                    "run this kata with memcached.mode=auto");
        }
        return start(flags, sasl, tried);
    }

    private MemcachedServer start(List<String> flags, SaslUsers sasl, NoServer tried) {
        if (mode == Mode.AUTO || mode == Mode.DOCKER) {
            Optional<MemcachedServer> container = docker(flags, sasl, tried);
            if (container.isPresent()) {
                return container.get();
            }
        }
        Optional<Path> binary = ways.binary();
        if (mode == Mode.AUTO || mode == Mode.BINARY) {
            if (binary.isPresent()) {
                try {
                    return BoundedStart.within("memcached from " + binary.get(), "it to start and answer 'version'",
                            startTimeout, QUIET, say, stage -> ways.binaryStart().start(flags, sasl, stage));
                } catch (BoundedStart.Hung e) {
                    tried.tried(Way.BINARY, e.getMessage(), "run it by hand to see why: " + binary.get()
                            + " -vv -l 127.0.0.1 -U 0");
                } catch (RuntimeException e) {
                    tried.tried(Way.BINARY, binary.get() + " did not start (" + firstLine(e) + ")",
                            fixFor(e, "run it by hand to see why: " + binary.get() + " -vv -l 127.0.0.1 -U 0"));
                }
            } else {
                tried.tried(Way.BINARY, "none on PATH", NoServer.INSTALL_MEMCACHED);
            }
        }
        throw new MemcachedUnavailableException(tried.paragraph(binary));
    }

    /**
     * A container, within the deadline, or empty with the reason in {@code tried}. A start that hung leaves its
     * thread inside Testcontainers, holding its locks: the rest of this JVM does not ask Docker again.
     */
    private Optional<MemcachedServer> docker(List<String> flags, SaslUsers sasl, NoServer tried) {
        String dockerHost = System.getenv("DOCKER_HOST");
        BoundedStart.Hung hungBefore = ways.dockerHung().get();
        if (hungBefore != null) {
            tried.tried(Way.DOCKER, "not asked again: it hung earlier in this JVM (" + hungBefore.getMessage() + ")",
                    dockerFix(hungBefore, dockerHost));
            return Optional.empty();
        }
        try {
            return Optional.of(BoundedStart.within("memcached in Docker", "Testcontainers to find and check a Docker"
                    + " engine", startTimeout, QUIET, say, stage -> ways.docker().start(flags, sasl, stage)));
        } catch (NoEngine e) {
            tried.tried(Way.DOCKER, "no Docker engine answered" + (dockerHost == null ? "" : " at DOCKER_HOST="
                    + dockerHost), "start Docker (https://docs.docker.com/get-docker/; the katas run " + image + ")"
                    + (dockerHost == null ? "" : ", or fix or unset DOCKER_HOST"));
        } catch (BoundedStart.Hung e) {
            ways.dockerHung().set(e);
            Optional<WhatHung> stuck = WhatHung.of(e.stuckIn(), dockerHost, image);
            tried.tried(Way.DOCKER, e.getMessage() + stuck.map(s -> "; it was stuck " + s.what()).orElse(""),
                    dockerFix(e, dockerHost));
            if (mode == Mode.AUTO) {
                say.accept("memcached: Docker " + e.getMessage()
                        + stuck.map(s -> " (stuck " + s.what() + ")").orElse("") + "; trying the next way");
            }
        } catch (RuntimeException e) {
            tried.tried(Way.DOCKER, "it answers, but image " + image + " did not start (" + firstLine(e) + ")",
                    fixFor(e, "docker pull " + image + ", or set memcached.image (MEMCACHED_IMAGE) to an image you"
                            + " have (docker images)"));
        }
        return Optional.empty();
    }

    private String dockerFix(BoundedStart.Hung hung, String dockerHost) {
        return WhatHung.of(hung.stuckIn(), dockerHost, image).map(WhatHung::fix)
                .orElse("check Docker with: docker info; docker ps")
                + "; or allow more than " + BoundedStart.seconds(hung.waited()) + ": -Dmemcached.startTimeout=SECONDS";
    }

    /**
     * What to do about a failed start: get saslpasswd2 when that is what was missing, another image when its SASL
     * refused the login the support wrote, else {@code otherwise}.
     */
    static String fixFor(RuntimeException failure, String otherwise) {
        String message = String.valueOf(failure.getMessage());
        if (message.contains("saslpasswd2") && message.contains("none is on PATH")) {
            return SaslUsers.INSTALL_SASLPASSWD2;
        }
        return message.contains("started with -S but did not let") ? SaslUsers.SASL_IMAGE : otherwise;
    }

    /** Docker answered no: not a failure of the start, the way is simply not there. */
    static final class NoEngine extends RuntimeException {
        NoEngine() {
            super("no Docker engine answered", null, false, false);
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    static Optional<Path> findOnPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** A system property, else its environment variable. */
    static Optional<String> setting(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(environmentName(property));
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** {@code memcached.startTimeout} is {@code MEMCACHED_START_TIMEOUT}. */
    static String environmentName(String property) {
        return property.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT).replace('.', '_');
    }

    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage());
        int newline = message.indexOf('\n');
        return root.getClass().getSimpleName() + ": " + (newline < 0 ? message : message.substring(0, newline));
    }

    static InetSocketAddress parseAddress(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        try {
            String host = hostAndPort.substring(0, Math.max(colon, 0)).replace("[", "").replace("]", "");
            int port = Integer.parseInt(hostAndPort.substring(colon + 1));
            if (host.isEmpty() || port < 1 || port > 65_535) {
                throw new NumberFormatException(hostAndPort);
            }
            return new InetSocketAddress(host, port);
        } catch (NumberFormatException e) {
            throw new MemcachedUnavailableException("memcached.address=" + hostAndPort
                    + " is not host:port (for example localhost:11211).");
        }
    }
}
