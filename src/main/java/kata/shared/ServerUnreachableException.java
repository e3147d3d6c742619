package kata.shared;

import java.net.InetSocketAddress;
import java.time.Duration;

/** No memcached answered at an address within the time we were willing to wait. */
public class ServerUnreachableException extends RuntimeException {

    private final InetSocketAddress address;

    public ServerUnreachableException(InetSocketAddress address, Duration waited) {
        super("memcached at " + address.getHostString() + ":" + address.getPort() + " is unreachable: no answer within "
                + waited.toMillis() + " ms");
        this.address = address;
    }

    /** The address that did not answer. */
    public InetSocketAddress address() {
        return address;
    }
}
