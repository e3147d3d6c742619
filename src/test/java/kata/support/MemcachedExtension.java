package kata.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;

import net.spy.memcached.MemcachedClient;
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
 * <p>When no server can be had, the first attempt's explanation is kept and every later test class fails with that
 * same short {@link MemcachedUnavailableException}, at once: no retries, no hang, one message per class instead of
 * one per test.
 */
public final class MemcachedExtension implements BeforeAllCallback, ParameterResolver {

    private static final Namespace NAMESPACE = Namespace.create(MemcachedExtension.class);

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
                .map(dedicated -> dedicatedServer(parameter, context, dedicated.value()))
                .orElseGet(() -> sharedServer(context));
    }

    /** The run's one shared server. */
    public static MemcachedServer sharedServer(ExtensionContext context) {
        // Root store: created once per run, even when test classes run in parallel.
        SharedServer shared = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SharedServer.class, key -> SharedServer.start(), SharedServer.class);
        return shared.get();
    }

    private static MemcachedServer dedicatedServer(ParameterContext parameter, ExtensionContext context, String[] flags) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(parameter.getParameter(),
                key -> MemcachedServer.dedicated(flags), MemcachedServer.class);
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

        private SharedServer(MemcachedServer server, String unavailable) {
            this.server = server;
            this.unavailable = unavailable;
        }

        static SharedServer start() {
            try {
                long begin = System.nanoTime();
                MemcachedServer server = ServerLauncher.fromEnvironment().startShared();
                long sinceJvmStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
                // one line per run: which server the katas talk to is the first thing to know when something is odd
                System.out.printf("memcached for this run: %s (ready in %d ms, %d ms after the JVM started)%n",
                        server.description(), (System.nanoTime() - begin) / 1_000_000, sinceJvmStart);
                return new SharedServer(server, null);
            } catch (MemcachedUnavailableException e) {
                return new SharedServer(null, e.getMessage());
            }
        }

        MemcachedServer get() {
            if (server == null) {
                throw new MemcachedUnavailableException(unavailable);
            }
            return server;
        }

        @Override
        public void close() {
            if (server != null) {
                server.close();
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
