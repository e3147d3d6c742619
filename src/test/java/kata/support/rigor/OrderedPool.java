package kata.support.rigor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs one job per item on at most a given number of threads, and hands the results on in the items' order.
 *
 * <p>An item's results are handed on once it and every item before it are done: the work overlaps, the report reads
 * as if it had run one item after another. A job that throws stops the hand-over there, and its exception is
 * rethrown to the caller as it was thrown (the jobs not yet started are not run).
 */
final class OrderedPool {

    private OrderedPool() {
    }

    static <T, R> void run(List<T> items, int threads, Function<T, List<R>> job, Consumer<R> out) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        AtomicInteger made = new AtomicInteger();
        // daemon threads: a job's leftovers must not keep the JVM alive once the caller is done
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, items.size())), task -> {
            Thread thread = new Thread(task, "ordered-pool-" + made.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<List<R>>> results = new ArrayList<>();
            for (T item : items) {
                results.add(pool.submit(() -> job.apply(item)));
            }
            for (Future<List<R>> result : results) {
                result.get().forEach(out);
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the jobs", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
