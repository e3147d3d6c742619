package kata.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Where a container's port is published: no Docker needed. */
class ContainerServerTest {

    @Test
    void a_local_engine_publishes_on_loopback_only_and_a_remote_one_where_docker_decides() {
        assertThat(ContainerServer.publishOn("localhost")).isEqualTo("127.0.0.1");
        assertThat(ContainerServer.publishOn("127.0.0.1")).isEqualTo("127.0.0.1");
        assertThat(ContainerServer.publishOn("::1")).isEqualTo("127.0.0.1");
        assertThat(ContainerServer.publishOn("10.0.0.7")).as("a remote engine's loopback is not ours").isNull();
    }
}
