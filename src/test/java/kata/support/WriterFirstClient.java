package kata.support;

import java.io.IOException;

import net.spy.memcached.MemcachedClient;
import net.spy.memcached.internal.OperationFuture;
import net.spy.memcached.transcoders.Transcoder;

/**
 * A client on which another writer always gets there first: just before any add or set of {@code key} is sent,
 * the other writer's value is stored under it. What happens in a real race, every time (k08's second writer, k10's
 * second creator of a counter).
 */
public final class WriterFirstClient extends MemcachedClient {

    private final RawInspector otherWriter;
    private final String key;
    private final byte[] theirs;

    /** A client of {@code server} on which {@code otherWriter} stores {@code theirs} under {@code key} first. */
    public WriterFirstClient(MemcachedServer server, RawInspector otherWriter, String key, byte[] theirs)
            throws IOException {
        super(server.address());
        this.otherWriter = otherWriter;
        this.key = key;
        this.theirs = theirs;
    }

    @Override
    public <T> OperationFuture<Boolean> add(String key, int exp, T o, Transcoder<T> tc) {
        theyWriteFirst(key);
        return super.add(key, exp, o, tc);
    }

    @Override
    public OperationFuture<Boolean> add(String key, int exp, Object o) {
        theyWriteFirst(key);
        return super.add(key, exp, o);
    }

    @Override
    public <T> OperationFuture<Boolean> set(String key, int exp, T o, Transcoder<T> tc) {
        theyWriteFirst(key);
        return super.set(key, exp, o, tc);
    }

    @Override
    public OperationFuture<Boolean> set(String key, int exp, Object o) {
        theyWriteFirst(key);
        return super.set(key, exp, o);
    }

    private void theyWriteFirst(String written) {
        if (written.equals(key)) {
            otherWriter.store(key, theirs, 0);
        }
    }
}
