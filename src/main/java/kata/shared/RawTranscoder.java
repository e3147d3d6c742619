package kata.shared;

import net.spy.memcached.CachedData;
import net.spy.memcached.transcoders.Transcoder;

/**
 * Hands an item's bytes and flags to spymemcached, and back, exactly as they are: no serialization, no compression,
 * no size check of its own (the caller decides what fits).
 */
public enum RawTranscoder implements Transcoder<CachedData> {
    INSTANCE;

    @Override
    public boolean asyncDecode(CachedData data) {
        // handing the bytes back is no work: spymemcached's decoding thread pool would gain nothing
        return false;
    }

    @Override
    public CachedData encode(CachedData item) {
        return item;
    }

    @Override
    public CachedData decode(CachedData item) {
        return item;
    }

    @Override
    public int getMaxSize() {
        // CachedData refuses data over this: let the caller's own, clearer check be the one that speaks
        return Integer.MAX_VALUE;
    }
}
