// MISTAKE (task 2): counts the keys still found: the fraction that stayed, not the one that moved
package kata.k17_consistent_hashing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import net.spy.memcached.MemcachedClient;

/**
 * Measures, on real servers, how many keys a change of cluster sends to another server.
 *
 * <p>Task 2: {@link #write} stores each key with its own name as its value (a String, flags 0) through the client of
 * the cluster as it was, and returns once memcached has answered every set. {@link #movedFraction} reads the same
 * keys through a client of the cluster as it is now, each with a get of its own ({@code getBulk} sends the keys of a
 * server it has not connected to yet to another server, whatever the failure mode): a key that now misses (or reads
 * anything but its name) lives on another server than before. It answers the fraction of all the keys that moved.
 *
 * <p>The lesson, with hints: README.md in this folder.
 */
public final class Remapping {

    /** How long the measured keys live: long enough for any measurement, short enough to clean up after itself. */
    public static final int TTL_SECONDS = 300;

    private Remapping() {
    }

    /**
     * Stores every key, its value its own name, through {@code cluster}, and waits for each answer.
     *
     * @throws IllegalStateException naming a key memcached did not store
     */
    public static void write(MemcachedClient cluster, List<String> keys)
            throws InterruptedException, ExecutionException {
        List<Future<Boolean>> sets = new ArrayList<>(keys.size());
        for (String key : keys) {
            sets.add(cluster.set(key, TTL_SECONDS, key));
        }
        for (int i = 0; i < keys.size(); i++) {
            if (!sets.get(i).get()) {
                throw new IllegalStateException("set(" + keys.get(i) + ") was not stored: the measurement needs"
                        + " every key written");
            }
        }
    }

    /**
     * The fraction of {@code keys} (0 to 1) that {@code cluster} no longer finds with their own name as value.
     *
     * @throws IllegalArgumentException when there are no keys to measure
     */
    public static double movedFraction(MemcachedClient cluster, List<String> keys)
            throws InterruptedException, ExecutionException {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no keys to measure: movedFraction needs at least one key");
        }
        List<Future<Object>> reads = new ArrayList<>(keys.size());
        for (String key : keys) {
            reads.add(cluster.asyncGet(key));
        }
        int moved = 0;
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i).equals(reads.get(i).get())) {
                moved++;
            }
        }
        return (double) moved / keys.size();
    }
}
