package kata.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import kata.support.ServerLauncher.Mode;
import kata.support.ServerLauncher.Starter;
import kata.support.ServerLauncher.Ways;
import org.junit.jupiter.api.Test;

/** How the launcher picks a way, bounds each start, and explains what it tried: with fake ways, no server needed. */
class ServerLauncherTest {

    private static final String IMAGE = "memcached:1.6.39-alpine";
    private static final Path BINARY = Path.of("/usr/bin/memcached");
    /** Ample for a fake to name its stage first, even on a loaded machine. */
    private static final Duration DEADLINE = Duration.ofSeconds(1);

    private final List<String> said = new CopyOnWriteArrayList<>();
    private final AtomicInteger dockerCalls = new AtomicInteger();
    private final CountDownLatch never = new CountDownLatch(1);

    /** A Docker start that blocks as Testcontainers does on a wedged engine: until interrupted, or for a minute. */
    private final Starter hangingDocker = (flags, sasl, stage) -> {
        dockerCalls.incrementAndGet();
        stage.now("Docker to say whether image " + IMAGE + " is local");
        never.await(1, TimeUnit.MINUTES);
        throw new IllegalStateException("interrupted at last");
    };

    private final Starter noEngine = (flags, sasl, stage) -> {
        dockerCalls.incrementAndGet();
        throw new ServerLauncher.NoEngine();
    };

    private ServerLauncher launcher(Mode mode, Starter docker, Optional<Path> binary) {
        return new ServerLauncher(mode, Optional.empty(), IMAGE, DEADLINE, said::add,
                new Ways(docker, new AtomicReference<>(), binary,
                        (flags, sasl, stage) -> new FakeServer(flags, sasl)));
    }

    @Test
    void in_auto_mode_a_hung_docker_gives_way_to_the_binary_at_the_deadline_and_says_so() {
        ServerLauncher launcher = launcher(Mode.AUTO, hangingDocker, Optional.of(BINARY));

        MemcachedServer server = launcher.startShared();

        assertThat(server).isInstanceOf(FakeServer.class);
        assertThat(said).anyMatch(line -> line.startsWith("memcached: Docker gave up after 1 s waiting for Docker"
                + " to say whether image " + IMAGE + " is local") && line.endsWith("; trying the next way"));
    }

    @Test
    void once_docker_has_hung_the_jvm_does_not_ask_it_again() {
        ServerLauncher launcher = launcher(Mode.AUTO, hangingDocker, Optional.of(BINARY));
        launcher.startShared();

        MemcachedServer dedicated = launcher.startDedicated(List.of("-m", "2"));

        assertThat(dockerCalls).hasValue(1);
        assertThat(((FakeServer) dedicated).flags).containsExactly("-m", "2");
    }

    @Test
    void in_docker_mode_a_hang_names_the_stage_and_blames_the_mode_when_a_binary_is_on_path() {
        ServerLauncher launcher = launcher(Mode.DOCKER, hangingDocker, Optional.of(BINARY));

        MemcachedUnavailableException e = catchThrowableOfType(MemcachedUnavailableException.class,
                launcher::startShared);

        assertThat(e.getMessage()).startsWith("ENVIRONMENT, not your code: ")
                .contains("memcached.mode=docker allows Docker only",
                        "gave up after 1 s waiting for Docker to say whether image " + IMAGE + " is local",
                        "The mode is the problem, not this machine: a memcached binary is on PATH (" + BINARY + ")",
                        "Drop memcached.mode=docker", "-Dmemcached.startTimeout=SECONDS")
                .doesNotContain("install memcached");
    }

    @Test
    void without_docker_or_a_binary_every_way_is_named_with_its_fix() {
        ServerLauncher launcher = launcher(Mode.AUTO, noEngine, Optional.empty());

        assertThatThrownBy(launcher::startShared).isInstanceOf(MemcachedUnavailableException.class)
                .hasMessageStartingWith("ENVIRONMENT, not your code: no memcached server for the katas"
                        + " (memcached.mode=auto). Tried an address: none given")
                .hasMessageContaining("Docker: no Docker engine answered")
                .hasMessageContaining("a memcached binary: none on PATH")
                .hasMessageContaining("start Docker (https://docs.docker.com/get-docker/; the katas run " + IMAGE)
                .hasMessageContaining("install memcached so that `memcached` is on PATH")
                .hasMessageContaining("-Dmemcached.address=host:11211")
                .hasMessageEndingWith("Check with: bash .ci/doctor");
        assertThat(said).as("no engine is an answer, not a wait: nothing to announce").isEmpty();
    }

    @Test
    void binary_mode_without_a_binary_says_to_install_it_or_drop_the_mode() {
        ServerLauncher launcher = launcher(Mode.BINARY, noEngine, Optional.empty());

        assertThatThrownBy(launcher::startShared).isInstanceOf(MemcachedUnavailableException.class)
                .hasMessageContaining("(memcached.mode=binary allows a memcached binary only). Tried a memcached"
                        + " binary: none on PATH")
                .hasMessageContaining("install memcached")
                .hasMessageContaining("drop memcached.mode=binary (-Dmemcached.mode or MEMCACHED_MODE)");
        assertThat(dockerCalls).as("binary mode never asks Docker").hasValue(0);
    }

    @Test
    void a_dedicated_server_with_sasl_users_gets_them_from_the_way_that_starts_it_and_the_shared_one_never_does() {
        ServerLauncher launcher = launcher(Mode.BINARY, noEngine, Optional.of(BINARY));

        FakeServer secured = (FakeServer) launcher.startDedicated(List.of("-m", "8"),
                SaslUsers.of(Map.of("alice", "s3cret")));
        FakeServer shared = (FakeServer) launcher.startShared();

        assertThat(secured.flags).containsExactly("-m", "8");
        assertThat(secured.sasl.flags()).containsExactly("-S");
        assertThat(secured.sasl.describe()).isEqualTo(" with SASL users alice");
        assertThat(shared.sasl.enabled()).isFalse();
    }

    @Test
    void a_start_that_failed_for_want_of_saslpasswd2_or_for_an_image_without_sasl_says_what_to_do() {
        RuntimeException noTool = new IllegalStateException("a server with SASL users needs saslpasswd2 to write its"
                + " password database, and none is on PATH: install it");

        assertThat(ServerLauncher.fixFor(noTool, "run it by hand")).isEqualTo(SaslUsers.INSTALL_SASLPASSWD2)
                .contains("apt-get install sasl2-bin");
        assertThat(ServerLauncher.fixFor(new IllegalStateException("container x started with -S but did not let SASL"
                + " user 'alice' in within 5000 ms"), "docker pull x")).isEqualTo(SaslUsers.SASL_IMAGE)
                .contains(".ci/build-memcached-image", "memcached.mode=binary");
        assertThat(ServerLauncher.fixFor(new IllegalStateException("exited with 71"), "run it by hand"))
                .isEqualTo("run it by hand");
    }

    @Test
    void the_start_timeout_is_seconds_and_a_wrong_one_is_explained() {
        assertThat(ServerLauncher.startTimeout(Optional.empty())).isEqualTo(Duration.ofSeconds(30));
        assertThat(ServerLauncher.startTimeout(Optional.of("120"))).isEqualTo(Duration.ofSeconds(120));
        assertThat(ServerLauncher.startTimeout(Optional.of("2.5"))).isEqualTo(Duration.ofMillis(2500));
        assertThatThrownBy(() -> ServerLauncher.startTimeout(Optional.of("soon")))
                .isInstanceOf(MemcachedUnavailableException.class)
                .hasMessage("memcached.startTimeout=soon is not a number of seconds between 0 and 3600 (for example"
                        + " 30, the default).");
        assertThatThrownBy(() -> ServerLauncher.startTimeout(Optional.of("0")))
                .isInstanceOf(MemcachedUnavailableException.class);
    }

    @Test
    void a_setting_in_camel_case_is_read_from_its_environment_variable_in_capitals() {
        assertThat(ServerLauncher.environmentName("memcached.startTimeout")).isEqualTo("MEMCACHED_START_TIMEOUT");
        assertThat(ServerLauncher.environmentName("memcached.mode")).isEqualTo("MEMCACHED_MODE");
    }

    @Test
    void a_given_address_that_is_not_host_and_port_is_explained() {
        assertThatThrownBy(() -> ServerLauncher.parseAddress("localhost"))
                .isInstanceOf(MemcachedUnavailableException.class)
                .hasMessageContaining("memcached.address=localhost is not host:port");
        assertThat(ServerLauncher.parseAddress("127.0.0.1:11211").getPort()).isEqualTo(11211);
    }

    /** A server that is never started: what a fake way returns. */
    static final class FakeServer implements MemcachedServer {

        final List<String> flags;
        final SaslUsers sasl;
        final AtomicInteger closed = new AtomicInteger();

        FakeServer(List<String> flags) {
            this(flags, SaslUsers.none());
        }

        FakeServer(List<String> flags, SaslUsers sasl) {
            this.flags = flags;
            this.sasl = sasl;
        }

        @Override
        public InetSocketAddress address() {
            return new InetSocketAddress("127.0.0.1", 1);
        }

        @Override
        public String description() {
            return "a fake server";
        }

        @Override
        public void stop() {
            close();
        }

        @Override
        public void pause() {
        }

        @Override
        public void resume() {
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }
}
