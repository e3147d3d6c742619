// MISTAKE (task 2): any failed login is reported as a wrong password, a server that is down included.
package kata.k19_security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kata.shared.AuthenticationFailedException;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.ConnectionFactoryBuilder.Protocol;
import net.spy.memcached.ConnectionObserver;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.auth.AuthDescriptor;
import net.spy.memcached.auth.PlainCallbackHandler;

/**
 * Logs in to a memcached started with {@code -S}: SASL, mechanism PLAIN, over the binary protocol.
 *
 * <p>Task 2: {@link #connect} returns a client only once the server has accepted the user: a refused login is an
 * {@link AuthenticationFailedException} within {@code within}, never spymemcached's endless reconnecting and a
 * timeout on the first operation. A server that does not answer at all is a
 * {@link kata.shared.ServerUnreachableException} instead: the two need different fixes. Either way, the client made
 * for the attempt is shut down.
 *
 * <p>The lesson, with hints: README.md in this folder.
 */
public final class SaslLogin {

    /** Read by the login check only: a miss proves the server answered an operation that needs authentication. */
    static final String PROBE_KEY = "k19:login-probe";

    private SaslLogin() {
    }

    /**
     * A client of {@code server} logged in as {@code user}.
     *
     * @throws AuthenticationFailedException when the server refused the user or the password
     * @throws kata.shared.ServerUnreachableException when the server did not answer within {@code within}
     * @throws InterruptedException when the thread was interrupted while it waited for the server
     */
    public static MemcachedClient connect(InetSocketAddress server, String user, String password, Duration within)
            throws InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        CountDownLatch dropped = new CountDownLatch(1);
        ConnectionObserver observer = new ConnectionObserver() {
            @Override
            public void connectionEstablished(SocketAddress address, int reconnectCount) {
                connected.countDown();
            }

            @Override
            public void connectionLost(SocketAddress address) {
                if (connected.getCount() == 0) {
                    dropped.countDown();
                }
            }
        };
        MemcachedClient client;
        try {
            client = new MemcachedClient(new ConnectionFactoryBuilder()
                    .setProtocol(Protocol.BINARY)
                    // PLAIN only: AuthDescriptor.typical asks for CRAM-MD5 first, which the server does not offer
                    .setAuthDescriptor(new AuthDescriptor(new String[] {"PLAIN"},
                            new PlainCallbackHandler(user, password)))
                    .setOpTimeout(within.toMillis())
                    .setAuthWaitTime(within.toMillis())
                    .setInitialObservers(List.of(observer))
                    .build(), List.of(server));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return provenLogin(client, connected, dropped, server, user, within);
        } catch (RuntimeException | InterruptedException notLoggedIn) {
            client.shutdown(); // its IO thread would go on reconnecting, and keep the JVM alive
            throw notLoggedIn;
        }
    }

    /** {@code client} once a get went through; else why not, from what {@code connected} and {@code dropped} saw. */
    private static MemcachedClient provenLogin(MemcachedClient client, CountDownLatch connected, CountDownLatch dropped,
                                               InetSocketAddress server, String user, Duration within)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        try {
            // asyncGet itself may wait for the login (setAuthWaitTime): the get has what is left of within
            client.asyncGet(PROBE_KEY).get(Duration.between(Instant.now(), deadline).toNanos(), TimeUnit.NANOSECONDS);
            return client;
        } catch (ExecutionException | TimeoutException | RuntimeException refusedOrSilent) {
            // spymemcached drops the connection when the server answers "Auth failure", then tries again forever;
            // a server that took the connection may still be about to refuse: give it the same time once more
            throw new AuthenticationFailedException(user, server);
        }
    }
}
