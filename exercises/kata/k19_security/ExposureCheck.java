package kata.k19_security;

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
        throw new UnsupportedOperationException("k19_security, task 1: implement ExposureCheck.settings(client)"
                + " in exercises/kata/k19_security/ExposureCheck.java");
    }

    /**
     * What these settings leave open: empty for a server on loopback only, with UDP off and authentication on.
     *
     * @throws IllegalArgumentException naming {@code udpport} or {@code inter} when it is missing
     */
    public static Set<Exposure> exposures(Map<String, String> settings) {
        throw new UnsupportedOperationException("k19_security, task 1: implement ExposureCheck.exposures(settings)"
                + " in exercises/kata/k19_security/ExposureCheck.java");
    }
}
