package kata.support.watch;

import java.util.Set;
import java.util.TreeSet;

/**
 * Turns polled changes into reruns: a burst of saves (an IDE saving several files, an editor's write-then-rename)
 * becomes one rerun, made once no file has changed for a quiet period.
 */
final class Debounce<T extends Comparable<T>> {

    private final long quietNanos;
    private final Set<T> pending = new TreeSet<>();
    private long lastChange;

    Debounce(long quietNanos) {
        this.quietNanos = quietNanos;
    }

    /**
     * One poll's changes at time {@code now} (nanoseconds, any origin).
     *
     * @return every change of the burst once it has been quiet long enough; empty while it is still going on, or when
     *         nothing changed
     */
    Set<T> poll(Set<T> changes, long now) {
        if (!changes.isEmpty()) {
            pending.addAll(changes);
            lastChange = now;
            return Set.of();
        }
        if (pending.isEmpty() || now - lastChange < quietNanos) {
            return Set.of();
        }
        Set<T> burst = new TreeSet<>(pending);
        pending.clear();
        return burst;
    }
}
