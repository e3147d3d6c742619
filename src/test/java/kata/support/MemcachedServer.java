package kata.support;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * A running memcached server that a test can talk to.
 *
 * <p>Most tests share one server per run through {@link MemcachedExtension}. A kata that needs a server of its own
 * (tiny memory, a server it stops or pauses) asks for one with {@link #dedicated(String...)} or the
 * {@link Dedicated} parameter annotation; it is started the same way as the shared one (container or binary). One
 * that lets in only some users (SASL) comes from {@link #dedicatedWithSasl}.
 */
public interface MemcachedServer extends AutoCloseable {

    /**
     * The label on every container the support starts: the pid of the JVM that owns it, so whoever cleans up after a
     * killed JVM (Ryuk off: {@code .ci/remove-orphans}, the watch's guardian) finds exactly that JVM's containers.
     */
    String CONTAINER_OWNER_LABEL = "memcached-kata.owner-pid";

    /** Where the server listens. */
    InetSocketAddress address();

    /** One line saying what this server is, for failure messages: {@code "container memcached:1.6.39-alpine at …"}. */
    String description();

    /** Stops the server for good; clients then see connections refused. Only dedicated servers allow it. */
    void stop();

    /** Freezes the server (SIGSTOP or {@code docker pause}): connections stay open, nothing answers. */
    void pause();

    /** Undoes {@link #pause()}. */
    void resume();

    /** Releases the server. Safe to call twice. */
    @Override
    void close();

    /**
     * Starts a server only the caller uses, with extra memcached flags such as {@code "-m", "2"}.
     *
     * @throws MemcachedUnavailableException when neither Docker nor a {@code memcached} binary can start one
     */
    static MemcachedServer dedicated(String... flags) {
        return ServerLauncher.fromEnvironment().startDedicated(List.of(flags));
    }

    /**
     * Starts a server only the caller uses that accepts only these users ({@code -S}: SASL, PLAIN, over the binary
     * protocol; it no longer speaks the text protocol), with extra memcached flags. Needs sasl2-bin's
     * {@code saslpasswd2} on this machine to write the password database, in Docker mode too.
     *
     * @param passwordsByUser throwaway test credentials: memcached's user {@code nobody} must read them
     * @throws MemcachedUnavailableException when no way can start one, saying why (saslpasswd2 missing included)
     */
    static MemcachedServer dedicatedWithSasl(Map<String, String> passwordsByUser, String... flags) {
        return ServerLauncher.fromEnvironment().startDedicated(List.of(flags), SaslUsers.of(passwordsByUser));
    }
}
