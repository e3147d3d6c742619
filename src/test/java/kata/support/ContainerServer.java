package kata.support;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * memcached in a container that Testcontainers starts, and removes when closed or when the JVM exits. A JVM that is
 * killed leaves it to Ryuk; where Ryuk is off (CI), {@code .ci/remove-orphans} finds it by
 * {@link MemcachedServer#CONTAINER_OWNER_LABEL}.
 */
final class ContainerServer implements MemcachedServer {

    private static final int PORT = 11_211;
    private static final Duration PULL_TIMEOUT = Duration.ofMinutes(3);

    private final GenericContainer<?> container;
    private final String image;
    private final InetSocketAddress address;
    private volatile boolean closed;

    private ContainerServer(GenericContainer<?> container, String image) {
        this.container = container;
        this.image = image;
        // kept: once stopped, the container has no mapped port, and a test still needs to name the dead address
        this.address = new InetSocketAddress(container.getHost(), container.getMappedPort(PORT));
    }

    /** Starts it, naming each wait on {@code stage}: a start that hangs is reported by what it waited for. */
    static ContainerServer start(String image, List<String> flags, BoundedStart.Stage stage) {
        ensureImage(DockerImageName.parse(image), stage);
        List<String> command = new ArrayList<>(List.of("-U", "0"));
        command.addAll(flags);
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image))
                .withExposedPorts(PORT)
                // the pid of the JVM that started it: once that process is gone, the container is an orphan
                .withLabel(CONTAINER_OWNER_LABEL, String.valueOf(ProcessHandle.current().pid()))
                .withCommand(command.toArray(String[]::new))
                .waitingFor(new AnswersVersion().withStartupTimeout(Duration.ofSeconds(30)));
        try {
            stage.now("the container of " + image + " to start, and memcached in it to answer 'version'");
            container.start();
        } catch (RuntimeException e) {
            container.close();
            throw e;
        }
        return new ContainerServer(container, image);
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
        return "container " + image + " at " + address.getHostString() + ":" + address.getPort();
    }

    @Override
    public void stop() {
        close();
    }

    @Override
    public void pause() {
        DockerClientFactory.instance().client().pauseContainerCmd(container.getContainerId()).exec();
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

        @Override
        protected void waitUntilReady() {
            InetSocketAddress address = new InetSocketAddress(waitStrategyTarget.getHost(),
                    waitStrategyTarget.getMappedPort(PORT));
            Readiness.awaitVersion(address, startupTimeout, () -> waitStrategyTarget.isRunning());
        }
    }
}
