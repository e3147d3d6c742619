// MISTAKE (task 1): only inter NULL (no -l) counts as listening beyond loopback; -l 0.0.0.0 or a LAN address passes as
// safe.
package kata.k19_security;

import java.net.SocketAddress;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import kata.shared.Exposure;
import net.spy.memcached.MemcachedClient;

/**
 * Who can reach this memcached, and who may use it once there? Its own {@code stats settings} say.
 *
 * <p>Task 1: {@link #settings} asks the client's one server for {@code stats settings}
 * ({@code client.getStats("settings")}). {@link #exposures} reads three of them: {@code udpport} (not {@code 0}: UDP
 * is on, {@link Exposure#UDP_ON}), {@code inter} ({@code NULL}, every interface, or any address that is not loopback:
 * {@link Exposure#LISTENS_BEYOND_LOOPBACK}) and {@code auth_enabled_sasl} / {@code auth_enabled_ascii} (neither
 * {@code yes}: {@link Exposure#NO_AUTHENTICATION}). A map without {@code udpport} or {@code inter} is not memcached's
 * settings: an {@link IllegalArgumentException} naming the one missing.
 *
 * <p>The lesson, with hints: README.md in this folder.
 */
public final class ExposureCheck {

    private ExposureCheck() {
    }

    /**
     * The {@code stats settings} of the one server {@code client} talks to.
     *
     * @throws IllegalStateException when no server answered
     */
    public static Map<String, String> settings(MemcachedClient client) {
        Map<SocketAddress, Map<String, String>> byServer = client.getStats("settings");
        return byServer.values().stream().filter(settings -> !settings.isEmpty()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no memcached answered 'stats settings' (servers: "
                        + byServer.keySet() + ")"));
    }

    /**
     * What these settings leave open: empty for a server on loopback only, with UDP off and authentication on.
     *
     * @throws IllegalArgumentException naming {@code udpport} or {@code inter} when it is missing
     */
    public static Set<Exposure> exposures(Map<String, String> settings) {
        Set<Exposure> open = EnumSet.noneOf(Exposure.class);
        if (!required(settings, "udpport").equals("0")) {
            open.add(Exposure.UDP_ON);
        }
        String inter = required(settings, "inter");
        if (inter.equals("NULL")) {
            open.add(Exposure.LISTENS_BEYOND_LOOPBACK);
        }
        if (!"yes".equals(settings.get("auth_enabled_sasl")) && !"yes".equals(settings.get("auth_enabled_ascii"))) {
            open.add(Exposure.NO_AUTHENTICATION);
        }
        return open;
    }

    private static String required(Map<String, String> settings, String name) {
        String value = settings.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no '" + name + "' in these settings: not memcached's stats settings");
        }
        return value;
    }

    /** {@code -l} takes a comma-separated list: every address in it must be loopback. */
    private static boolean allLoopback(String inter) {
        for (String address : inter.split(",")) {
            String host = address.strip();
            if (!(host.startsWith("127.") || host.equals("::1") || host.equals("localhost"))) {
                return false;
            }
        }
        return true;
    }
}
