package kata.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.ConnectionFactoryBuilder.Protocol;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.auth.AuthDescriptor;
import net.spy.memcached.auth.PlainCallbackHandler;

/**
 * The users a dedicated server started with {@code -S} (SASL) accepts, and the files that tell memcached so.
 *
 * <p>memcached's SASL goes through Cyrus SASL: {@code SASL_CONF_PATH} names a directory whose {@code memcached.conf}
 * says which mechanisms to offer ({@code mech_list: plain}) and where the password database is
 * ({@code sasldb_path}). The database is Berkeley DB, written by sasl2-bin's {@code saslpasswd2}; memcached's own
 * plain-text {@code MEMCACHED_SASL_PWDB} is not honoured by Debian's build (tried here). memcached runs as
 * {@code nobody}, so both files must be readable by everyone: these are throwaway test credentials, never real ones.
 *
 * <p>The database keys each user by realm, and memcached looks users up in its host name's realm: a database written
 * on this machine names this machine's, so a container is given {@link #CONTAINER_HOST_NAME} as its host name and
 * the users are written in that realm.
 */
final class SaslUsers {

    /** Where the directory is mounted inside a container. */
    static final String CONTAINER_DIR = "/tmp/memcached-kata-sasl";
    /** A container's host name, and so the realm of its users. */
    static final String CONTAINER_HOST_NAME = "memcached-kata-sasl";
    static final String CONFIG_FILE = "memcached.conf";
    static final String DATABASE_FILE = "sasldb2";
    static final String CONF_PATH_VARIABLE = "SASL_CONF_PATH";
    static final String INSTALL_SASLPASSWD2 = "install saslpasswd2, from Cyrus SASL (Debian and Ubuntu: apt-get"
            + " install sasl2-bin)";
    /** What a server that refuses the check's login needs. */
    static final String SASL_IMAGE = "use an image whose memcached has Cyrus SASL with the PLAIN plugin and reads"
            + " this machine's sasldb (bash .ci/build-memcached-image builds one), or memcached.mode=binary";

    private static final SaslUsers NONE = new SaslUsers(Map.of());

    private final Map<String, String> passwordsByUser;

    private SaslUsers(Map<String, String> passwordsByUser) {
        this.passwordsByUser = passwordsByUser;
    }

    /** A server without SASL: anyone who reaches it may use it. */
    static SaslUsers none() {
        return NONE;
    }

    /**
     * These users with these passwords.
     *
     * @throws IllegalArgumentException for an empty user name or password, or one saslpasswd2 would not take
     */
    static SaslUsers of(Map<String, String> passwordsByUser) {
        Map<String, String> users = new LinkedHashMap<>();
        passwordsByUser.forEach((user, password) -> {
            if (user.isEmpty() || !user.chars().allMatch(c -> c > ' ' && c < 127 && c != ':' && c != '@')) {
                throw new IllegalArgumentException("SASL user '" + user + "': use printable ASCII without spaces,"
                        + " ':' or '@' (saslpasswd2 reads '@' as a realm)");
            }
            if (password.isEmpty() || password.contains("\n")) {
                throw new IllegalArgumentException("SASL user '" + user + "': the password must be one non-empty"
                        + " line");
            }
            users.put(user, password);
        });
        return users.isEmpty() ? NONE : new SaslUsers(Map.copyOf(users));
    }

    /** {@code "alice:secret"} pairs, as {@link Dedicated#saslUsers()} gives them. */
    static SaslUsers parse(String... userColonPassword) {
        Map<String, String> users = new LinkedHashMap<>();
        for (String pair : userColonPassword) {
            int colon = pair.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("SASL user '" + pair + "' has no password: write user:password");
            }
            users.put(pair.substring(0, colon), pair.substring(colon + 1));
        }
        return of(users);
    }

    boolean enabled() {
        return !passwordsByUser.isEmpty();
    }

    /** The flags that turn SASL on ({@code -S}), or none. */
    List<String> flags() {
        return enabled() ? List.of("-S") : List.of();
    }

    /** The user names, for a server's description (never the passwords). */
    String describe() {
        return enabled() ? " with SASL users " + String.join(", ", passwordsByUser.keySet().stream().sorted().toList())
                : "";
    }

    /**
     * Logs in as the first user and reads a key: proof that the server can read the files written for it. A server
     * whose Cyrus SASL lacks the PLAIN plugin, or reads another database format than this machine's saslpasswd2
     * writes (an image built elsewhere), starts and answers {@code version}, then refuses every login.
     *
     * @throws IllegalStateException when the login does not work within {@code timeout}, saying why that may be
     */
    void checkLogin(InetSocketAddress address, String server, Duration timeout) {
        Map.Entry<String, String> first = passwordsByUser.entrySet().iterator().next();
        MemcachedClient client;
        try {
            client = new MemcachedClient(new ConnectionFactoryBuilder().setProtocol(Protocol.BINARY)
                    .setAuthDescriptor(new AuthDescriptor(new String[] {"PLAIN"},
                            new PlainCallbackHandler(first.getKey(), first.getValue())))
                    .setOpTimeout(timeout.toMillis()).setAuthWaitTime(timeout.toMillis()).build(), List.of(address));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            client.asyncGet("support:sasl-check").get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the SASL login of " + server, e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // no cause: the launcher reports a failure by its root cause, and spymemcached's says only "timed out"
            throw new IllegalStateException(server + " started with -S but did not let SASL user '" + first.getKey()
                    + "' in within " + timeout.toMillis() + " ms (" + e + "): its Cyrus SASL cannot use the PLAIN"
                    + " plugin or the password database saslpasswd2 wrote on this machine");
        } finally {
            client.shutdown();
        }
    }

    /** saslpasswd2 on PATH, or in /usr/sbin, which a user's PATH often leaves out. */
    static Optional<Path> findSaslpasswd2() {
        return ServerLauncher.findOnPath("saslpasswd2").or(() -> Optional.of(Path.of("/usr/sbin/saslpasswd2"))
                .filter(Files::isExecutable));
    }

    /** What {@code memcached.conf} says for a server that sees the directory at {@code serverDir}. */
    static String config(String serverDir) {
        return "mech_list: plain\nsasldb_path: " + serverDir + "/" + DATABASE_FILE + "\n";
    }

    /**
     * Writes {@code memcached.conf} and the password database into {@code dir}, for a server that sees that directory
     * at {@code serverDir} (the same path for a local process, another inside a container).
     *
     * @param realm       the server's host name, when it is not this machine's
     * @param saslpasswd2 the tool on PATH, if any
     * @throws IllegalStateException when saslpasswd2 is missing or fails, saying how to get it
     */
    void writeTo(Path dir, String serverDir, Optional<String> realm, Optional<Path> saslpasswd2) {
        Path tool = saslpasswd2.orElseThrow(() -> new IllegalStateException(
                "a server with SASL users needs saslpasswd2 to write its password database, and none is on PATH: "
                        + INSTALL_SASLPASSWD2));
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path database = dir.resolve(DATABASE_FILE);
            for (Map.Entry<String, String> user : passwordsByUser.entrySet()) {
                // -p: the password on stdin; -a memcached: the application name memcached asks Cyrus SASL for
                List<String> command = new ArrayList<>(List.of(tool.toString(), "-p", "-c", "-a", "memcached", "-f",
                        database.toString()));
                realm.ifPresent(name -> command.addAll(List.of("-u", name)));
                command.add(user.getKey());
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                process.getOutputStream().write(user.getValue().getBytes(StandardCharsets.UTF_8));
                process.getOutputStream().close();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(tool + " did not finish within 10 s");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(tool + " exited with " + process.exitValue() + ": "
                            + new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
                }
            }
            Files.writeString(dir.resolve(CONFIG_FILE), config(serverDir), StandardCharsets.US_ASCII);
            for (String file : List.of(DATABASE_FILE, CONFIG_FILE)) {
                Files.setPosixFilePermissions(dir.resolve(file), PosixFilePermissions.fromString("rw-r--r--"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the SASL files into " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the SASL password database", e);
        }
    }
}
