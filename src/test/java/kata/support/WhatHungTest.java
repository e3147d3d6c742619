package kata.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a hung Docker start was stuck in, read from frames like those measured here (innermost first). */
class WhatHungTest {

    private static final String IMAGE = "memcached:1.6.39-alpine";

    private static StackTraceElement frame(String className, String method) {
        return new StackTraceElement(className, method, null, -1);
    }

    private static final StackTraceElement SOCKET_READ = frame("sun.nio.ch.SocketDispatcher", "read0");
    private static final StackTraceElement FIND_ENGINE = frame("org.testcontainers.DockerClientFactory", "client");
    private static final StackTraceElement OURS = frame(ServerLauncher.class.getName(), "docker");

    @Test
    void ryuk_pulling_its_image_is_named_with_the_variable_that_skips_it() {
        StackTraceElement[] frames = {frame("java.lang.Thread", "sleep"),
                frame("org.testcontainers.images.RemoteDockerImage", "resolve"),
                frame("org.testcontainers.utility.RyukResourceReaper", "maybeStart"), FIND_ENGINE, OURS};

        WhatHung hung = WhatHung.of(frames, null, IMAGE).orElseThrow();

        assertThat(hung.what()).isEqualTo("starting Testcontainers' Ryuk container (its clean-up helper), pulling its"
                + " image from a registry that is slow or unreachable");
        assertThat(hung.fix()).startsWith("set TESTCONTAINERS_RYUK_DISABLED=true");
    }

    @Test
    void a_pull_of_the_katas_image_names_the_image() {
        StackTraceElement[] frames = {SOCKET_READ,
                frame("com.github.dockerjava.api.command.PullImageResultCallback", "awaitCompletion"), OURS};

        WhatHung hung = WhatHung.of(frames, null, IMAGE).orElseThrow();

        assertThat(hung.what()).isEqualTo("pulling " + IMAGE + " from a registry that is slow or unreachable");
        assertThat(hung.fix()).contains("docker pull " + IMAGE, "MEMCACHED_IMAGE");
    }

    @Test
    void an_engine_that_never_answers_is_named_by_its_docker_host() {
        StackTraceElement[] frames = {SOCKET_READ, FIND_ENGINE, OURS};

        WhatHung hung = WhatHung.of(frames, "unix:///tmp/engine.sock", IMAGE).orElseThrow();

        assertThat(hung.what()).isEqualTo("on DOCKER_HOST=unix:///tmp/engine.sock, which did not answer"
                + " Testcontainers' checks");
        assertThat(hung.fix()).isEqualTo("restart Docker (docker info must answer at once), or fix or unset"
                + " DOCKER_HOST");
    }

    @Test
    void an_engine_that_stops_answering_after_the_first_checks_says_so() {
        StackTraceElement[] frames = {SOCKET_READ, frame(ContainerServer.class.getName(), "ensureImage"), OURS};

        WhatHung hung = WhatHung.of(frames, null, IMAGE).orElseThrow();

        assertThat(hung.what()).isEqualTo("on the Docker engine at unix:///var/run/docker.sock, which answered"
                + " Testcontainers' checks, then stopped answering");
        assertThat(hung.fix()).doesNotContain("DOCKER_HOST");
    }

    @Test
    void frames_that_show_none_of_these_leave_it_to_the_stage() {
        StackTraceElement[] frames = {frame("java.lang.Object", "wait"), OURS};

        assertThat(WhatHung.of(frames, null, IMAGE)).isEmpty();
    }
}
