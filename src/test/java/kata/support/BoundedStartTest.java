package kata.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import kata.support.ServerLauncherTest.FakeServer;
import org.junit.jupiter.api.Test;

/** A start on a thread of its own: a line once it waits long, a {@link BoundedStart.Hung} at the deadline. */
class BoundedStartTest {

    private final List<String> said = new CopyOnWriteArrayList<>();

    @Test
    void a_quick_start_returns_its_server_and_says_nothing() {
        FakeServer server = BoundedStart.within("memcached", "it to start", Duration.ofSeconds(10),
                Duration.ofSeconds(5), said::add, stage -> new FakeServer(List.of()));

        assertThat(server.closed).hasValue(0);
        assertThat(said).isEmpty();
    }

    @Test
    void a_wait_past_the_quiet_time_says_what_it_waits_for_and_each_later_stage() {
        CountDownLatch secondStage = new CountDownLatch(1);

        BoundedStart.within("memcached in Docker", "an engine", Duration.ofSeconds(20), Duration.ofMillis(50),
                said::add, stage -> {
                    await().atMost(Duration.ofSeconds(10)).until(() -> !said.isEmpty());
                    stage.now("the image");
                    await().atMost(Duration.ofSeconds(10)).until(() -> said.size() == 2);
                    secondStage.countDown();
                    return new FakeServer(List.of());
                });

        assertThat(said).containsExactly("memcached: starting memcached in Docker... waiting for an engine (gives up"
                + " after 20 s: memcached.startTimeout)", "memcached: ... now waiting for the image");
        assertThat(secondStage.getCount()).isZero();
    }

    @Test
    void at_the_deadline_it_gives_up_naming_the_stage_and_where_the_start_was_stuck() {
        CountDownLatch never = new CountDownLatch(1);

        BoundedStart.Hung hung = catchThrowableOfType(BoundedStart.Hung.class, () -> BoundedStart.within("memcached",
                "an engine", Duration.ofSeconds(1), Duration.ofSeconds(5), said::add, stage -> {
                    stage.now("the image");
                    never.await(1, TimeUnit.MINUTES);
                    return new FakeServer(List.of());
                }));

        // a second is ample for the start's thread to name its stage and block, even on a loaded machine
        assertThat(hung).hasMessage("gave up after 1 s waiting for the image");
        assertThat(hung.stage()).isEqualTo("the image");
        assertThat(hung.waited()).isEqualTo(Duration.ofSeconds(1));
        assertThat(hung.stuckIn()).anyMatch(frame -> frame.getClassName().equals(CountDownLatch.class.getName()));
    }

    @Test
    void a_start_that_finishes_after_the_deadline_closes_the_server_nobody_will_use() {
        CountDownLatch release = new CountDownLatch(1);
        FakeServer late = new FakeServer(List.of());

        assertThatThrownBy(() -> BoundedStart.within("memcached", "it", Duration.ofMillis(100), Duration.ofSeconds(5),
                said::add, stage -> {
                    boolean released = false;
                    while (!released) {
                        try {
                            released = release.await(1, TimeUnit.MINUTES);
                        } catch (InterruptedException interrupted) {
                            // as Testcontainers in a socket read: the interrupt does not stop it
                        }
                    }
                    return late;
                })).isInstanceOf(BoundedStart.Hung.class);

        assertThat(late.closed).hasValue(0);
        release.countDown();
        await("the abandoned start to close its server").atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(late.closed).hasValue(1));
    }

    @Test
    void what_the_start_throws_reaches_the_caller() {
        assertThatThrownBy(() -> BoundedStart.within("memcached", "it", Duration.ofSeconds(10), Duration.ofSeconds(5),
                said::add, stage -> {
                    throw new IllegalStateException("memcached exited with 64");
                })).isInstanceOf(IllegalStateException.class).hasMessage("memcached exited with 64");
    }

    @Test
    void seconds_read_as_a_person_writes_them() {
        assertThat(BoundedStart.seconds(Duration.ofSeconds(30))).isEqualTo("30 s");
        assertThat(BoundedStart.seconds(Duration.ofMillis(1500))).isEqualTo("1.5 s");
    }
}
