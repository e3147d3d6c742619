package kata.support;

import java.io.File;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

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
 *   <li>{@code memcached.image} ({@code MEMCACHED_IMAGE}): the image for Docker, default {@value #DEFAULT_IMAGE}.</li>
 * </ul>
 */
final class ServerLauncher {

    /** Pinned, never {@code latest}: every learner runs the server the katas were written against. */
    static final String DEFAULT_IMAGE = "memcached:1.6.39-alpine";

    enum Mode { AUTO, ADDRESS, DOCKER, BINARY }

    private final Mode mode;
    private final Optional<String> address;
    private final String image;

    ServerLauncher(Mode mode, Optional<String> address, String image) {
        this.mode = mode;
        this.address = address;
        this.image = image;
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
        return new ServerLauncher(mode, setting("memcached.address"), setting("memcached.image").orElse(DEFAULT_IMAGE));
    }

    /** The run's shared server: the user's address wins, then Docker, then a local binary. */
    MemcachedServer startShared() {
        List<String> tried = new ArrayList<>();
        if (mode == Mode.AUTO || mode == Mode.ADDRESS) {
            if (address.isPresent()) {
                return GivenServer.connect(address.get());
            }
            tried.add("an address: memcached.address / MEMCACHED_ADDRESS is not set");
        }
        return start(List.of(), tried);
    }

    /** A server of the caller's own: an address cannot be dedicated, so only Docker or a binary will do. */
    MemcachedServer startDedicated(List<String> flags) {
        List<String> tried = new ArrayList<>();
        if (mode == Mode.ADDRESS) {
            tried.add("an address: memcached.mode=address, but a dedicated server (flags " + flags
                    + ") needs Docker or a memcached binary");
        }
        return start(flags, tried);
    }

    private MemcachedServer start(List<String> flags, List<String> tried) {
        if (mode == Mode.AUTO || mode == Mode.DOCKER) {
            if (dockerAvailable()) {
                try {
                    return ContainerServer.start(image, flags);
                } catch (RuntimeException e) {
                    tried.add("Docker: it answers, but image " + image + " did not start (" + firstLine(e) + ")");
                }
            } else {
                tried.add("Docker: no Docker engine answered");
            }
        }
        if (mode == Mode.AUTO || mode == Mode.BINARY) {
            Optional<Path> binary = findOnPath("memcached");
            if (binary.isPresent()) {
                try {
                    return BinaryServer.start(binary.get(), flags);
                } catch (RuntimeException e) {
                    tried.add("a memcached binary: " + binary.get() + " did not start (" + firstLine(e) + ")");
                }
            } else {
                tried.add("a memcached binary: none on PATH");
            }
        }
        throw new MemcachedUnavailableException(unavailable(tried));
    }

    private String unavailable(List<String> tried) {
        return "ENVIRONMENT, not your code: no memcached server for the katas (memcached.mode=" + mode.name()
                .toLowerCase(Locale.ROOT) + "). Tried " + String.join("; ", tried) + ". Any one of these fixes it:"
                + " start Docker (https://docs.docker.com/get-docker/; the katas run " + image + ");"
                + " or install memcached so that `memcached` is on PATH (apt install memcached, brew install"
                + " memcached);"
                + " or point at a running server with -Dmemcached.address=host:11211 (or MEMCACHED_ADDRESS)."
                + " Check with: bash .ci/doctor";
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

    static Optional<String> setting(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(property.toUpperCase(Locale.ROOT).replace('.', '_'));
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
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
