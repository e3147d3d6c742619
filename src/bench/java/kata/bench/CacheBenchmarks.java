package kata.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import net.spy.memcached.MemcachedClient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The operations the katas teach, timed with spymemcached against a real memcached: the server {@link BenchMain}
 * started, whose address reaches each forked JVM as {@value #ADDRESS_PROPERTY}.
 *
 * <p>One call of a benchmark is one operation as the caller sees it: a get, or a batch of {@value #BATCH} keys.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CacheBenchmarks {

    /** {@code host:port} of the server to measure. */
    public static final String ADDRESS_PROPERTY = "bench.memcached";
    /** Keys in a batch: {@code getBulk(100)} against 100 gets, 100 sets awaited one by one against pipelined. */
    public static final int BATCH = 100;

    private static final String HIT = "bench:hit";
    /** A small value, like the seed's users: {"id": 1, "nome": "João"}. */
    private static final String VALUE = "{\"id\": 1, \"nome\": \"Jo\\u00e3o\"}";

    private MemcachedClient client;
    private List<String> keys;

    @Setup(Level.Trial)
    public void connect() throws IOException, InterruptedException, ExecutionException {
        client = new MemcachedClient(address(System.getProperty(ADDRESS_PROPERTY)));
        keys = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            keys.add("bench:bulk:" + i);
        }
        List<Future<Boolean>> stored = new ArrayList<>();
        stored.add(client.set(HIT, 0, VALUE));
        for (String key : keys) {
            stored.add(client.set(key, 0, VALUE));
        }
        for (Future<Boolean> future : stored) {
            if (!future.get()) {
                throw new IllegalStateException("memcached refused the benchmark's set: is it full or read-only?");
            }
        }
    }

    @TearDown(Level.Trial)
    public void disconnect() {
        client.shutdown();
    }

    @Benchmark
    public Object getHit() {
        return client.get(HIT);
    }

    @Benchmark
    public void get100OneByOne(Blackhole values) {
        for (String key : keys) {
            values.consume(client.get(key));
        }
    }

    @Benchmark
    public Map<String, Object> getBulk100() {
        return client.getBulk(keys);
    }

    @Benchmark
    public void set100Awaited() throws InterruptedException, ExecutionException {
        for (String key : keys) {
            client.set(key, 0, VALUE).get();
        }
    }

    @Benchmark
    public void set100Pipelined() throws InterruptedException, ExecutionException {
        // every set is on the wire before the first answer is awaited: one connection, many commands in flight
        List<Future<Boolean>> futures = new ArrayList<>(BATCH);
        for (String key : keys) {
            futures.add(client.set(key, 0, VALUE));
        }
        for (Future<Boolean> future : futures) {
            future.get();
        }
    }

    static InetSocketAddress address(String hostAndPort) {
        if (hostAndPort == null || hostAndPort.lastIndexOf(':') < 1) {
            throw new IllegalStateException("-D" + ADDRESS_PROPERTY + "=host:port is not set: run the benchmarks with"
                    + " mvn -Pbench, which starts memcached and passes its address on");
        }
        int colon = hostAndPort.lastIndexOf(':');
        return new InetSocketAddress(hostAndPort.substring(0, colon),
                Integer.parseInt(hostAndPort.substring(colon + 1)));
    }
}
