package kata.k19_security;

import java.net.InetSocketAddress;
import java.time.Duration;

import kata.shared.AuthenticationFailedException;
import net.spy.memcached.MemcachedClient;

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
        throw new UnsupportedOperationException("k19_security, task 2: implement"
                + " SaslLogin.connect(server, user, password, within) in exercises/kata/k19_security/SaslLogin.java");
    }
}
