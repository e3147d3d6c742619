package kata.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class ConcurrentlyTest {

    @Test
    void every_task_runs_on_its_own_thread_and_their_results_come_back_in_order() {
        List<String> results = Concurrently.run(8, Duration.ofSeconds(20),
                i -> i + " " + Thread.currentThread().getName());

        assertThat(results).hasSize(8);
        for (int i = 0; i < 8; i++) {
            assertThat(results.get(i)).startsWith(i + " kata-concurrently");
        }
    }

    @Test
    void the_tasks_overlap_so_each_sees_all_the_others_started() {
        CountDownLatch all = new CountDownLatch(4);

        List<Boolean> met = Concurrently.run(4, Duration.ofSeconds(20), i -> {
            all.countDown();
            try {
                return all.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(met).containsOnly(true);
    }

    @Test
    void a_task_that_throws_fails_the_run_with_its_exception_as_the_cause() {
        assertThatThrownBy(() -> Concurrently.runAll(3, Duration.ofSeconds(20), i -> {
            if (i == 2) {
                throw new IllegalStateException("boom in 2");
            }
        })).isInstanceOf(AssertionError.class).hasMessageStartingWith("task 2 of 3 threw")
                .hasCauseInstanceOf(IllegalStateException.class).hasRootCauseMessage("boom in 2");
    }

    @Test
    void a_task_that_never_ends_fails_the_run_at_the_bound() {
        CountDownLatch never = new CountDownLatch(1);

        assertThatThrownBy(() -> Concurrently.runAll(2, Duration.ofMillis(300), i -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })).isInstanceOf(AssertionError.class).hasMessageContaining("had not finished after PT0.3S");
    }

    @Test
    void no_threads_is_refused() {
        assertThatThrownBy(() -> Concurrently.run(0, Duration.ofSeconds(1), i -> i))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("threads must be at least 1, not 0");
    }
}
