package kata.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import net.spy.memcached.MemcachedClient;
import net.spy.memcached.internal.OperationFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The watched future answers as the one it wraps, and counts each wait. */
@ExtendWith(MemcachedExtension.class)
class WatchedFutureTest {

    @Test
    void each_wait_runs_the_hook_and_gives_the_wrapped_answer(MemcachedClient client) throws Exception {
        OperationFuture<Boolean> sent = client.set("support:watched", 10, "v");
        AtomicInteger waits = new AtomicInteger();
        WatchedFuture<Boolean> watched = new WatchedFuture<>(sent, 1000, waits::incrementAndGet);

        assertThat(watched.get()).isTrue();
        assertThat(watched.get(1, TimeUnit.SECONDS)).isTrue();
        assertThat(watched.getStatus().isSuccess()).isTrue();
        assertThat(waits).as("waits after get(), get(timeout) and getStatus()").hasValue(3);
        assertThat(watched.isDone()).as("isDone, which is no wait").isTrue();
        assertThat(watched.isCancelled()).isFalse();
        assertThat(waits).as("waits after isDone and isCancelled too").hasValue(3);
        assertThat(watched.getKey()).isEqualTo("support:watched");
    }

    @Test
    void cancelling_it_cancels_the_wrapped_future(@Dedicated MemcachedServer server) throws Exception {
        MemcachedClient client = new MemcachedClient(server.address());
        try {
            client.set("support:warm", 10, "v").get(); // connected before the pause
            server.pause();
            OperationFuture<Boolean> sent = client.set("support:unanswered", 10, "v");
            WatchedFuture<Boolean> watched = new WatchedFuture<>(sent, 1000, () -> { });

            assertThat(watched.isDone()).as("isDone with memcached paused").isFalse();
            watched.cancel(); // true only while still queued, before its bytes went out: not asserted
            assertThat(sent.isCancelled()).as("the wrapped future, after cancel() on the watched one").isTrue();
            assertThat(watched.isCancelled()).isTrue();
        } finally {
            server.resume();
            client.shutdown();
        }
    }
}
