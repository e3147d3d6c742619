package kata.support.rigor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class OrderedPoolTest {

    @Test
    void results_come_in_the_items_order_even_when_a_later_item_finishes_first() {
        CountDownLatch secondDone = new CountDownLatch(1);
        List<String> out = new ArrayList<>();

        OrderedPool.run(List.of("a", "b", "c"), 2, item -> {
            if (item.equals("a")) {
                await(secondDone); // "a" ends only after "b": without the order, "b" would be handed on first
            }
            if (item.equals("b")) {
                secondDone.countDown();
            }
            return List.of(item + "1", item + "2");
        }, out::add);

        assertThat(out).containsExactly("a1", "a2", "b1", "b2", "c1", "c2");
    }

    @Test
    void no_more_jobs_run_at_once_than_there_are_threads() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch twoStarted = new CountDownLatch(2);

        OrderedPool.run(List.of(1, 2, 3, 4, 5, 6), 2, item -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            twoStarted.countDown();
            await(twoStarted); // the first two overlap for sure: a pool of one would hang here (and fail the bound)
            running.decrementAndGet();
            return List.of(item);
        }, item -> { });

        assertThat(most.get()).as("jobs running at once with 2 threads").isEqualTo(2);
    }

    @Test
    void one_thread_runs_the_jobs_one_after_another() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Integer> out = new ArrayList<>();

        OrderedPool.run(List.of(1, 2, 3), 1, item -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            running.decrementAndGet();
            return List.of(item * 10);
        }, out::add);

        assertThat(out).containsExactly(10, 20, 30);
        assertThat(most.get()).as("jobs running at once with 1 thread").isEqualTo(1);
    }

    @Test
    void a_job_that_throws_hands_on_what_came_before_it_and_rethrows_its_exception() {
        List<String> out = new ArrayList<>();

        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() ->
                OrderedPool.run(List.of("a", "b", "c"), 2, item -> {
                    if (item.equals("b")) {
                        throw new IllegalStateException("b broke");
                    }
                    return List.of(item);
                }, out::add)).withMessage("b broke");
        assertThat(out).containsExactly("a");
    }

    @Test
    void fewer_than_one_thread_is_refused() {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> OrderedPool.run(List.of(1), 0, List::of, item -> { }))
                .withMessage("threads must be at least 1, not 0");
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(20, TimeUnit.SECONDS)).as("the other job reached the latch within 20 s").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
