package kata.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * Real concurrency for the katas' tests: {@code threads} platform threads, released together by one gate so they
 * truly overlap (a thread started late would run alone and hide a race), each running {@code task(i)}, and one
 * bounded wait for all of them.
 */
public final class Concurrently {

    private Concurrently() {
    }

    /**
     * Runs {@code task.apply(i)} for i = 0 … threads-1 at once and returns what each returned, in order of i.
     *
     * @throws AssertionError when a task threw (its exception is the cause) or not all finished {@code within}
     */
    public static <T> List<T> run(int threads, Duration within, IntFunction<T> task) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "kata-concurrently");
            thread.setDaemon(true); // a task stuck past the bound must not keep the test JVM alive
            return thread;
        });
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return task.apply(index);
                }));
            }
            long deadline = System.nanoTime() + within.toNanos();
            awaitReady(ready, within, threads);
            go.countDown();
            List<T> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(result(futures.get(i), i, threads, deadline, within));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Like {@link #run}, for tasks that return nothing. */
    public static void runAll(int threads, Duration within, IntConsumer task) {
        run(threads, within, i -> {
            task.accept(i);
            return null;
        });
    }

    /** A task that returns nothing and may throw. */
    @FunctionalInterface
    public interface IntConsumer {
        void accept(int index);
    }

    private static void awaitReady(CountDownLatch ready, Duration within, int threads) {
        try {
            if (!ready.await(within.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new AssertionError("only " + (threads - ready.getCount()) + " of " + threads
                        + " threads started within " + within + " (is the machine overloaded?)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while starting " + threads + " threads", e);
        }
    }

    private static <T> T result(Future<T> future, int index, int threads, long deadline, Duration within) {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("task " + index + " of " + threads + " threw " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("task " + index + " of " + threads + " had not finished after " + within
                    + ": a wait without a bound, or a lock nobody releases?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for task " + index, e);
        }
    }
}
