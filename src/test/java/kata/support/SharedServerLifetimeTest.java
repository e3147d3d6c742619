package kata.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import kata.support.inprocess.LauncherRun;
import net.spy.memcached.MemcachedClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code memcached.shared}: one shared server per test run (the default), or one for every run in the JVM, as PIT's
 * test JVMs and the mistakes checker run many.
 */
@Tag("tools") // instructors' tooling: run by -Psolutions and CI, not by a learner's mvn test
class SharedServerLifetimeTest {

    /** What each nested run was given; a nested run is a JUnit run of {@link UsesTheSharedServer} in this JVM. */
    static final List<MemcachedServer> GIVEN = new ArrayList<>();

    /** Not run by Surefire (a nested class): only by the tests below, each time as a whole JUnit run of its own. */
    @ExtendWith(MemcachedExtension.class)
    static class UsesTheSharedServer {

        @Test
        void records_the_shared_server(MemcachedServer server) {
            GIVEN.add(server);
        }
    }

    @AfterEach
    void forgetTheLifetime() {
        System.clearProperty(MemcachedExtension.SHARED_PROPERTY);
        GIVEN.clear();
    }

    private static MemcachedServer nestedRun() {
        List<LauncherRun.Outcome> outcomes = LauncherRun.run(SharedServerLifetimeTest.class.getClassLoader(),
                List.of(UsesTheSharedServer.class.getName()), Set.of(), Map.of());
        assertThat(outcomes).singleElement().satisfies(o -> assertThat(o.failure()).as("the nested run").isNull());
        return GIVEN.get(GIVEN.size() - 1);
    }

    @Test
    void by_default_each_run_has_its_own_shared_server_closed_when_it_ends() {
        MemcachedServer first = nestedRun();
        MemcachedServer second = nestedRun();

        assertThat(second).isNotSameAs(first);
    }

    @Test
    void with_memcached_shared_jvm_every_run_gets_the_same_server_and_it_outlives_the_run() {
        System.setProperty(MemcachedExtension.SHARED_PROPERTY, "jvm");

        MemcachedServer first = nestedRun();
        MemcachedServer second = nestedRun();

        assertThat(second).isSameAs(first);
        assertThat(new RawInspector(first.address()).version()).as("the JVM's server after two runs")
                .startsWith("1.6.");
    }

    @Test
    void a_jvm_wide_server_that_died_is_replaced_by_the_next_run() {
        System.setProperty(MemcachedExtension.SHARED_PROPERTY, "jvm");
        MemcachedServer first = nestedRun();

        first.close(); // as a server that was killed: the next run finds it no longer answering
        MemcachedServer next = nestedRun();

        if (first instanceof GivenServer) {
            assertThat(next).as("a given address is the user's: never stopped, never replaced").isSameAs(first);
        } else {
            assertThat(next).isNotSameAs(first);
            assertThat(new RawInspector(next.address()).version()).startsWith("1.6.");
        }
    }

    @Test
    void a_jvm_wide_server_that_a_client_of_an_earlier_run_still_uses_is_replaced() throws IOException {
        System.setProperty(MemcachedExtension.SHARED_PROPERTY, "jvm");
        MemcachedServer first = nestedRun();
        // a client someone forgot to shut down: its IO thread and its connection stay with the first server
        MemcachedClient leaked = new MemcachedClient(first.address());
        try {
            leaked.getVersions();
            MemcachedServer next = nestedRun();

            if (first instanceof GivenServer) {
                assertThat(next).as("a given address may have other clients: it is kept").isSameAs(first);
            } else {
                assertThat(next).as("the server after a run that left a client connected").isNotSameAs(first);
            }
        } finally {
            leaked.shutdown();
        }
    }

    @Test
    void an_unknown_lifetime_is_explained() {
        System.setProperty(MemcachedExtension.SHARED_PROPERTY, "forever");

        List<LauncherRun.Outcome> outcomes = LauncherRun.run(getClass().getClassLoader(),
                List.of(UsesTheSharedServer.class.getName()), Set.of(), Map.of());

        assertThat(outcomes).singleElement().satisfies(o -> assertThat(o.failure())
                .isInstanceOf(MemcachedUnavailableException.class)
                .hasMessageContaining("memcached.shared=forever is not a lifetime: use run"));
    }
}
