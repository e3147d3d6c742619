package kata.shared;

import java.net.InetSocketAddress;

/**
 * memcached refused a SASL login: a wrong password or a user it does not know (it does not say which, and neither do
 * we). Names the user and the server, never the password.
 */
public class AuthenticationFailedException extends RuntimeException {

    private final String user;
    private final InetSocketAddress server;

    public AuthenticationFailedException(String user, InetSocketAddress server) {
        super("memcached at " + server.getHostString() + ":" + server.getPort() + " refused SASL user '" + user
                + "': wrong password, or no such user");
        this.user = user;
        this.server = server;
    }

    /** The user that was refused. */
    public String user() {
        return user;
    }

    /** The server that refused it. */
    public InetSocketAddress server() {
        return server;
    }
}
