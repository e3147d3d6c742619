package kata.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;

import net.spy.memcached.MemcachedClient;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a real memcached: a {@link MemcachedServer} parameter, or a ready {@link MemcachedClient}.
 *
 * <p>One shared server per test run, created on first use and kept in the root store, which closes it when the run
 * ends. A parameter annotated {@link Dedicated} gets a server of its own instead. A client parameter is connected to
 * the shared server and shut down after the method or class that asked for it.
 *
 * <p>Tools that run many test runs in one JVM (PIT's test JVMs, the mistakes checker, a watch mode) set
 * {@value #SHARED_PROPERTY}{@code =jvm} ({@code MEMCACHED_SHARED=jvm}): then one shared server serves every run in
 * the JVM, a run that finds it dead (or still used by a client an earlier run left open) gets a fresh one, and a
 * shutdown hook closes it when the JVM exits.
 * The default, {@code run}, is one server per run.
 *
 * <p>When no server can be had, the first attempt's explanation is kept and every later test class fails with that
 * same short {@link MemcachedUnavailableException}, at once: no retries, no hang, one message per class instead of
 * one per test. The attempt itself is bounded: {@link ServerLauncher} gives each way {@code memcached.startTimeout}.
 */
public final class MemcachedExtension implements BeforeAllCallback, ParameterResolver {

    private static final Namespace NAMESPACE = Namespace.create(MemcachedExtension.class);

    /** {@code run} (the default): a shared server per test run; {@code jvm}: one for every run in this JVM. */
    public static final String SHARED_PROPERTY = "memcached.shared";

    @Override
    public void beforeAll(ExtensionContext context) {
        sharedServer(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == MemcachedServer.class || type == MemcachedClient.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (parameter.getParameter().getType() == MemcachedClient.class) {
            return context.getStore(NAMESPACE).getOrComputeIfAbsent(parameter.getParameter(),
                    key -> new ClosingClient(connect(sharedServer(context))), ClosingClient.class).client();
        }
        return parameter.findAnnotation(Dedicated.class)
                .map(dedicated -> dedicatedServer(parameter, context, dedicated))
                .orElseGet(() -> sharedServer(context));
    }

    /** The run's one shared server. */
    public static MemcachedServer sharedServer(ExtensionContext context) {
        // Root store: created once per run, even when test classes run in parallel.
        SharedServer shared = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SharedServer.class, key -> perJvm() ? JvmShared.acquire() : SharedServer.start(),
                        SharedServer.class);
        return shared.get();
    }

    private static boolean perJvm() {
        String value = ServerLauncher.setting(SHARED_PROPERTY).orElse("run");
        if (!value.equals("run") && !value.equals("jvm")) {
            throw new MemcachedUnavailableException(SHARED_PROPERTY + "=" + value
                    + " is not a lifetime: use run (a server per test run, the default) or jvm (one for the JVM).");
        }
        return value.equals("jvm");
    }

    private static MemcachedServer dedicatedServer(ParameterContext parameter, ExtensionContext context,
                                                   Dedicated dedicated) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(parameter.getParameter(),
                key -> ServerLauncher.fromEnvironment().startDedicated(List.of(dedicated.value()),
                        SaslUsers.parse(dedicated.saslUsers())), MemcachedServer.class);
    }

    private static MemcachedClient connect(MemcachedServer server) {
        try {
            return new MemcachedClient(server.address());
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a client for " + server.description(), e);
        }
    }

    /** The shared server, or the reason there is none, decided once per run. */
    private static final class SharedServer implements AutoCloseable {

        private final MemcachedServer server;
        private final String unavailable;
        /** False for the JVM's server lent to one run: the run's end must not close it. */
        private final boolean owned;
        /** {@code curr_connections} with no client but the asking one (listeners count in some builds). */
        private long idleConnections = -1;

        private SharedServer(MemcachedServer server, String unavailable, boolean owned) {
            this.server = server;
            this.unavailable = unavailable;
            this.owned = owned;
        }

        SharedServer lent() {
            SharedServer lent = new SharedServer(server, unavailable, false);
            lent.idleConnections = idleConnections;
            return lent;
        }

        /**
         * It still answers, and no client of an earlier run is still connected: a client someone forgot to shut down
         * keeps its IO thread and its keys on this server, and would make the next run's checks see them.
         */
        boolean reusable() {
            RawInspector inspector = inspector();
            try {
                if (server instanceof GivenServer) {
                    inspector.version(); // the user's server: others may use it too, and it cannot be replaced
                    return true;
                }
                // a client that just shut down may take the server a moment to notice; a leaked one stays
                await("no client of an earlier run connected to " + server.description())
                        .atMost(Duration.ofMillis(500)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                        .until(() -> connections(inspector) <= idleConnections);
                return true;
            } catch (ConditionTimeoutException leaked) {
                System.out.println("memcached for this JVM: replacing " + server.description()
                        + ": a client of an earlier run is still connected to it");
                return false;
            } catch (RuntimeException dead) {
                System.out.println("memcached for this JVM: replacing " + server.description() + ": it no longer"
                        + " answers (" + dead.getMessage() + ")");
                return false;
            }
        }

        static SharedServer start() {
            try {
                long begin = System.nanoTime();
                MemcachedServer server = ServerLauncher.fromEnvironment().startShared();
                long sinceJvmStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
                // one line per run: which server the katas talk to is the first thing to know when something is odd
                System.out.printf("memcached for this %s: %s (ready in %d ms, %d ms after the JVM started)%n",
                        perJvm() ? "JVM" : "run", server.description(), (System.nanoTime() - begin) / 1_000_000,
                        sinceJvmStart);
                return new SharedServer(server, null, true);
            } catch (MemcachedUnavailableException e) {
                return new SharedServer(null, e.getMessage(), true);
            }
        }

        /** Notes how many connections the fresh server counts with only the inspector's, the least of a few looks. */
        SharedServer measureIdle() {
            if (server != null && !(server instanceof GivenServer)) {
                RawInspector inspector = inspector();
                long least = Long.MAX_VALUE;
                for (int look = 0; look < 3; look++) {
                    least = Math.min(least, connections(inspector));
                }
                idleConnections = least;
            }
            return this;
        }

        private RawInspector inspector() {
            return new RawInspector(server.address(), Duration.ofSeconds(1));
        }

        private static long connections(RawInspector inspector) {
            return Long.parseLong(inspector.stats().getOrDefault("curr_connections", "0"));
        }

        MemcachedServer get() {
            if (server == null) {
                throw new MemcachedUnavailableException(unavailable);
            }
            return server;
        }

        @Override
        public void close() {
            if (server != null && owned) {
                server.close();
            }
        }
    }

    /** The JVM's one shared server ({@value #SHARED_PROPERTY}{@code =jvm}), lent to each run. */
    private static final class JvmShared {

        private static SharedServer current;
        private static boolean hooked;

        private JvmShared() {
        }

        /**
         * The JVM's server, started when there is none, replaced when it no longer answers or a client of an earlier
         * run is still connected. When none can be had, the reason is this run's alone: the next run tries again.
         */
        static synchronized SharedServer acquire() {
            if (current == null || !current.reusable()) {
                if (current != null) {
                    current.close();
                }
                SharedServer started = SharedServer.start().measureIdle();
                if (started.server == null) {
                    current = null;
                    return started;
                }
                current = started;
                if (!hooked) {
                    Runtime.getRuntime().addShutdownHook(new Thread(JvmShared::release, "memcached-kata server"));
                    hooked = true;
                }
            }
            return current.lent();
        }

        private static synchronized void release() {
            if (current != null) {
                current.close();
                current = null;
            }
        }
    }

    /** spymemcached's IO thread is not a daemon: a client left open keeps the JVM alive. */
    private record ClosingClient(MemcachedClient client) implements AutoCloseable {

        @Override
        public void close() {
            client.shutdown();
        }
    }
}
