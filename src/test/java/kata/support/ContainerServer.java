package kata.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * memcached in a container that Testcontainers starts, and removes when closed or when the JVM exits. A JVM that is
 * killed leaves it to Ryuk; where Ryuk is off (CI), {@code .ci/remove-orphans} finds it by
 * {@link MemcachedServer#CONTAINER_OWNER_LABEL}.
 *
 * <p>Inside its container memcached listens on every interface (it must, to be reached through Docker's network);
 * what the host exposes is the published port, and on a local engine that is bound to loopback only.
 */
final class ContainerServer implements MemcachedServer {

    private static final int PORT = 11_211;
    private static final Duration PULL_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration SASL_CHECK_TIMEOUT = Duration.ofSeconds(5);
    /** What a local engine's host is called: Testcontainers says "localhost" for a unix socket. */
    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "::1", "[::1]");

    private final GenericContainer<?> container;
    private final String image;
    private final SaslUsers sasl;
    private final InetSocketAddress address;
    private volatile boolean closed;

    private ContainerServer(GenericContainer<?> container, String image, SaslUsers sasl) {
        this.container = container;
        this.image = image;
        this.sasl = sasl;
        // kept: once stopped, the container has no mapped port, and a test still needs to name the dead address
        this.address = new InetSocketAddress(container.getHost(), container.getMappedPort(PORT));
    }

    /** Starts it, naming each wait on {@code stage}: a start that hangs is reported by what it waited for. */
    static ContainerServer start(String image, List<String> flags, SaslUsers sasl, BoundedStart.Stage stage) {
        ensureImage(DockerImageName.parse(image), stage);
        List<String> command = new ArrayList<>(List.of("-U", "0"));
        command.addAll(sasl.flags());
        command.addAll(flags);
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image))
                .withExposedPorts(PORT)
                // the pid of the JVM that started it: once that process is gone, the container is an orphan
                .withLabel(CONTAINER_OWNER_LABEL, String.valueOf(ProcessHandle.current().pid()))
                .withCommand(command.toArray(String[]::new))
                .waitingFor(new AnswersVersion(sasl.enabled()).withStartupTimeout(Duration.ofSeconds(30)));
        String hostIp = publishOn(DockerClientFactory.instance().dockerHostIpAddress());
        if (hostIp != null) {
            // Docker publishes on 0.0.0.0 unless told otherwise: every network this machine is on could reach it
            container.withCreateContainerCmdModifier(create -> create.getHostConfig().withPortBindings(
                    new PortBinding(Ports.Binding.bindIp(hostIp), ExposedPort.tcp(PORT))));
        }
        Path saslDir = sasl.enabled() ? saslFiles(container, sasl) : null;
        try {
            stage.now("the container of " + image + " to start, and memcached in it to answer 'version'");
            container.start();
        } catch (RuntimeException e) {
            container.close();
            throw e;
        } finally {
            if (saslDir != null) {
                BinaryServer.deleteQuietly(saslDir); // copied into the container when it was created
            }
        }
        ContainerServer server = new ContainerServer(container, image, sasl);
        if (sasl.enabled()) {
            try {
                stage.now("memcached in the container of " + image + " to let a SASL user in");
                sasl.checkLogin(server.address(), server.description(), SASL_CHECK_TIMEOUT);
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
        }
        return server;
    }

    /**
     * The host address to publish memcached's port on: loopback for an engine on this machine, or null (Docker's
     * default, every interface) for a remote engine, whose loopback the tests could not reach.
     */
    static String publishOn(String dockerHostIp) {
        return LOOPBACK_HOSTS.contains(dockerHostIp) ? "127.0.0.1" : null;
    }

    /** Writes the SASL files on the host and has Testcontainers copy them in, readable by {@code nobody}. */
    private static Path saslFiles(GenericContainer<?> container, SaslUsers sasl) {
        Path dir;
        try {
            dir = Files.createTempDirectory("memcached-kata-sasl-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            sasl.writeTo(dir, SaslUsers.CONTAINER_DIR, Optional.of(SaslUsers.CONTAINER_HOST_NAME),
                    SaslUsers.findSaslpasswd2());
        } catch (RuntimeException e) {
            BinaryServer.deleteQuietly(dir);
            throw e;
        }
        for (String file : List.of(SaslUsers.CONFIG_FILE, SaslUsers.DATABASE_FILE)) {
            container.withCopyFileToContainer(MountableFile.forHostPath(dir.resolve(file), 0644),
                    SaslUsers.CONTAINER_DIR + "/" + file);
        }
        container.withEnv(SaslUsers.CONF_PATH_VARIABLE, SaslUsers.CONTAINER_DIR)
                .withCreateContainerCmdModifier(create -> create.withHostName(SaslUsers.CONTAINER_HOST_NAME));
        return dir;
    }

    /**
     * Pulls the image unless it is already local, failing at the registry's first "no": Testcontainers' own pull
     * retries an unreachable registry for minutes, and a learner offline should fall back to a binary at once.
     */
    private static void ensureImage(DockerImageName image, BoundedStart.Stage stage) {
        DockerClient docker = DockerClientFactory.instance().client();
        try {
            stage.now("Docker to say whether image " + image + " is local");
            docker.inspectImageCmd(image.asCanonicalNameString()).exec();
            return;
        } catch (NotFoundException notLocal) {
            // pull it below
        }
        try {
            stage.now("Docker to pull " + image + " (it is not local)");
            boolean done = docker.pullImageCmd(image.getUnversionedPart()).withTag(image.getVersionPart())
                    .start().awaitCompletion(PULL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (!done) {
                throw new IllegalStateException("pulling " + image + " took over " + PULL_TIMEOUT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pulling " + image, e);
        } catch (DockerException e) {
            throw new IllegalStateException("the image is not local and pulling it failed: " + e.getMessage(), e);
        }
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public String description() {
        return "container " + image + " at " + address.getHostString() + ":" + address.getPort() + sasl.describe();
    }

    @Override
    public void stop() {
        close();
    }

    @Override
    public void pause() {
        DockerClientFactory.instance().client().pauseContainerCmd(container.getContainerId()).exec();
        Readiness.awaitSilent(address, description() + " (docker pause)", sasl.enabled());
    }

    @Override
    public void resume() {
        DockerClientFactory.instance().client().unpauseContainerCmd(container.getContainerId()).exec();
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            container.stop();
        }
    }

    /** Images without a shell defeat Testcontainers' own port check; memcached answering {@code version} is proof. */
    private static final class AnswersVersion extends AbstractWaitStrategy {

        private final boolean binary;

        AnswersVersion(boolean binary) {
            this.binary = binary;
        }

        @Override
        protected void waitUntilReady() {
            InetSocketAddress address = new InetSocketAddress(waitStrategyTarget.getHost(),
                    waitStrategyTarget.getMappedPort(PORT));
            Readiness.awaitVersion(address, startupTimeout, () -> waitStrategyTarget.isRunning(), binary);
        }
    }
}
