package kata.support;

import java.net.InetSocketAddress;
import java.time.Duration;

/** A server the user runs and names with {@code memcached.address}: we use it, and never stop or flush it. */
final class GivenServer implements MemcachedServer {

    private final InetSocketAddress address;
    private final String version;

    private GivenServer(InetSocketAddress address, String version) {
        this.address = address;
        this.version = version;
    }

    static GivenServer connect(String hostAndPort) {
        InetSocketAddress address = ServerLauncher.parseAddress(hostAndPort);
        try {
            return new GivenServer(address, Readiness.awaitVersion(address, Duration.ofSeconds(2), () -> true));
        } catch (RuntimeException e) {
            throw new MemcachedUnavailableException("ENVIRONMENT, not your code: memcached.address=" + hostAndPort
                    + " was given, but nothing there answered 'version' within 2 s. Start memcached there"
                    + " (memcached -l 127.0.0.1 -p 11211 -U 0), fix the address, or unset it to let the katas start"
                    + " their own server with Docker or a memcached binary.");
        }
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public String description() {
        return "memcached " + version + " at " + address.getHostString() + ":" + address.getPort()
                + " (given by memcached.address)";
    }

    @Override
    public void stop() {
        throw refused("stop");
    }

    @Override
    public void pause() {
        throw refused("pause");
    }

    @Override
    public void resume() {
        throw refused("resume");
    }

    private IllegalStateException refused(String what) {
        return new IllegalStateException("cannot " + what + " a server we did not start (" + description()
                + "): ask for MemcachedServer.dedicated(...) instead");
    }

    @Override
    public void close() {
        // not ours to stop
    }
}
