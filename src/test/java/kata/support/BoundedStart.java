package kata.support;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs one way of starting a server on a thread of its own, and stops waiting for it at a deadline.
 *
 * <p>Testcontainers' search for a Docker engine, its Ryuk container and image pulls can block for minutes in calls
 * that no interrupt ends (a socket read, a retried pull): measured here, 6 min 55 s before a learner saw anything.
 * So the start runs on a daemon thread, a line says what it waits for once the wait passes {@code quiet}, and at
 * the deadline the caller gets a {@link Hung} naming the stage and the frames the start was stuck in. An abandoned
 * start that finishes later closes its server: nobody will use it, and it must not outlive the run.
 */
final class BoundedStart {

    /** What the start waits for now: the start names each stage before it enters it. */
    static final class Stage {

        private volatile String now;

        Stage(String first) {
            now = first;
        }

        /** {@code "the image memcached:1.6.39-alpine (looking it up, pulling it if missing)"}. */
        void now(String waitingFor) {
            now = waitingFor;
        }

        String now() {
            return now;
        }
    }

    /** The start a {@link BoundedStart} runs. */
    interface Start<S extends AutoCloseable> {
        S start(Stage stage) throws Exception;
    }

    /** The deadline passed: the start was abandoned while it waited for {@link #stage()}. */
    static final class Hung extends RuntimeException {

        private final String stage;
        private final Duration waited;
        private final transient StackTraceElement[] stuckIn;

        Hung(String stage, Duration waited, StackTraceElement[] stuckIn) {
            super("gave up after " + seconds(waited) + " waiting for " + stage, null, false, false);
            this.stage = stage;
            this.waited = waited;
            this.stuckIn = stuckIn.clone();
        }

        String stage() {
            return stage;
        }

        Duration waited() {
            return waited;
        }

        /** The start's thread's frames at the deadline, innermost first: where it was stuck. */
        StackTraceElement[] stuckIn() {
            return stuckIn.clone();
        }
    }

    private BoundedStart() {
    }

    /**
     * Starts {@code what} (for the lines: {@code "memcached in Docker"}) within {@code deadline}.
     *
     * @param firstStage what the start waits for until it names another stage
     * @param quiet      how long a wait stays silent before {@code say} gets a line naming the stage, and another
     *                   for each later stage
     * @throws Hung when the deadline passes first
     * @throws RuntimeException what the start threw (a checked exception wrapped)
     */
    static <S extends AutoCloseable> S within(String what, String firstStage, Duration deadline, Duration quiet,
                                              Consumer<String> say, Start<S> start) {
        Stage stage = new Stage(firstStage);
        CompletableFuture<S> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                S server = start.start(stage);
                if (!result.complete(server)) {
                    closeQuietly(server); // abandoned at the deadline: the caller has moved on without it
                }
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "memcached-kata start: " + what);
        thread.setDaemon(true); // a start stuck in a socket read must not keep the JVM alive
        long begin = System.nanoTime();
        long end = begin + deadline.toNanos();
        thread.start();
        String said = null;
        while (true) {
            long now = System.nanoTime();
            long untilQuietEnds = begin + quiet.toNanos() - now;
            long wait = said == null && untilQuietEnds > 0 ? Math.min(untilQuietEnds, end - now)
                    : Math.min(Duration.ofMillis(200).toNanos(), end - now);
            try {
                return result.get(Math.max(wait, 0), TimeUnit.NANOSECONDS);
            } catch (TimeoutException stillWaiting) {
                String current = stage.now();
                if (System.nanoTime() - end >= 0) {
                    StackTraceElement[] stuckIn = thread.getStackTrace();
                    if (result.cancel(false)) {
                        thread.interrupt(); // frees what an interrupt can free; the rest stays with a daemon
                        throw new Hung(current, deadline, stuckIn);
                    }
                    continue; // it finished just now: take its result
                }
                if (System.nanoTime() - begin >= quiet.toNanos() && !current.equals(said)) {
                    say.accept(said == null
                            ? "memcached: starting " + what + "... waiting for " + current + " (gives up after "
                            + seconds(deadline) + ": memcached.startTimeout)"
                            : "memcached: ... now waiting for " + current);
                    said = current;
                }
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (cause instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException(cause.getMessage(), cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                result.cancel(false);
                thread.interrupt();
                throw new IllegalStateException("interrupted while starting " + what, e);
            }
        }
    }

    /** {@code "30 s"}, {@code "1.5 s"}. */
    static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static void closeQuietly(AutoCloseable server) {
        try {
            server.close();
        } catch (Exception ignored) {
            // the best we can do for a server nobody asked for any more
        }
    }
}
