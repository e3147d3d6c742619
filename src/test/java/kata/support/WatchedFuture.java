package kata.support;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import net.spy.memcached.internal.OperationFuture;
import net.spy.memcached.ops.OperationStatus;

/**
 * A spymemcached future that answers as the one it wraps and runs a hook each time its caller waits for the answer
 * ({@code get}, {@code get(timeout)}, {@code getStatus}): so a test can tell "confirmed" from "sent", or count the
 * sets sent before the first wait, without timing anything.
 *
 * <pre>{@code
 * @Override
 * public OperationFuture<Boolean> set(String key, int exp, Object value) {
 *     return new WatchedFuture<>(super.set(key, exp, value), getOperationTimeout(), () -> confirmed.add(key));
 * }
 * }</pre>
 */
public final class WatchedFuture<T> extends OperationFuture<T> {

    private final OperationFuture<T> sent;
    private final Runnable onWait;

    public WatchedFuture(OperationFuture<T> sent, long operationTimeoutMillis, Runnable onWait) {
        super(sent.getKey(), new CountDownLatch(1), operationTimeoutMillis, null);
        this.sent = sent;
        this.onWait = onWait;
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        onWait.run();
        return sent.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        onWait.run();
        return sent.get(timeout, unit);
    }

    @Override
    public OperationStatus getStatus() {
        onWait.run(); // spymemcached's getStatus waits for the answer too
        return sent.getStatus();
    }

    @Override
    public boolean isDone() {
        return sent.isDone();
    }

    @Override
    public boolean isCancelled() {
        return sent.isCancelled();
    }

    @Override
    public boolean cancel() {
        return sent.cancel();
    }
}
