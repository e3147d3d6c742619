// MISTAKE (task 4): gives each point the arc after it: a key goes to the point after it, so a point owns the arc before
package kata.k17_consistent_hashing;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Ketama's continuum, built as spymemcached's {@code KetamaNodeLocator} builds it: a ring of 2^32 positions where each
 * server has 160 points, and a key belongs to the first point at or after its hash.
 *
 * <p>Task 3: {@link #nodeKey} is the text a server's points are hashed from (what spymemcached's
 * {@code KetamaNodeKeyFormatter} gives); {@link #hash} is a key's position ({@code DefaultHashAlgorithm.KETAMA_HASH});
 * {@link #pointsOf} lists a server's 160 points, four from each of 40 MD5 digests.
 * <p>Task 4: {@link #serverFor} finds a key's server on the ring, as spymemcached does, wrapping past the last point
 * to the first; {@link #shareOf} is the part of the ring a server owns: the keys it gets, and the keys that move
 * when it goes.
 *
 * <p>The lesson, with hints: README.md in this folder.
 */
public final class Continuum {

    /** Points on the ring per server, as spymemcached's {@code DefaultKetamaNodeLocatorConfiguration} has it. */
    public static final int POINTS_PER_SERVER = 160;

    /** Positions on the ring: hashes are unsigned 32-bit numbers. */
    private static final long RING = 1L << 32;

    private final List<InetSocketAddress> servers;
    private final TreeMap<Long, InetSocketAddress> ring = new TreeMap<>();

    /**
     * The continuum of {@code servers}, in any order.
     *
     * @throws IllegalArgumentException when there is no server
     */
    public Continuum(List<InetSocketAddress> servers) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("a continuum needs at least one server");
        }
        this.servers = List.copyOf(servers);
        for (InetSocketAddress server : this.servers) {
            for (long point : pointsOf(server)) {
                ring.put(point, server);
            }
        }
    }

    /**
     * The text hashed for the {@code repetition}-th digest of {@code server}'s points: the address as
     * {@code String.valueOf} prints it, without a leading {@code /}, then {@code -} and the repetition, e.g.
     * {@code 127.0.0.1:11211-0} or {@code localhost/127.0.0.1:40001-39}.
     */
    public static String nodeKey(InetSocketAddress server, int repetition) {
        String address = String.valueOf(server);
        return (address.startsWith("/") ? address.substring(1) : address) + "-" + repetition;
    }

    /** A key's position on the ring: the first four bytes of the MD5 of its UTF-8 bytes, little-endian, unsigned. */
    public static long hash(String key) {
        return word(md5(key), 0);
    }

    /**
     * The server's 160 points, digest by digest: points {@code 4i} to {@code 4i+3} are the four little-endian words of
     * the MD5 of {@code nodeKey(server, i)}, for {@code i} from 0 to 39.
     */
    public static List<Long> pointsOf(InetSocketAddress server) {
        List<Long> points = new ArrayList<>(POINTS_PER_SERVER);
        for (int repetition = 0; repetition < POINTS_PER_SERVER / 4; repetition++) {
            byte[] digest = md5(nodeKey(server, repetition));
            for (int word = 0; word < 4; word++) {
                points.add(word(digest, word * 4));
            }
        }
        return points;
    }

    /** The server that holds {@code key}: the owner of the first point at or after its hash, else of the first. */
    public InetSocketAddress serverFor(String key) {
        Map.Entry<Long, InetSocketAddress> next = ring.ceilingEntry(hash(key));
        return (next != null ? next : ring.firstEntry()).getValue();
    }

    /**
     * The fraction of the ring (0 to 1) that {@code server} owns: each of its points owns the positions after the point
     * before it, up to itself; its first point also owns those past the ring's last point.
     *
     * @throws IllegalArgumentException naming a server this continuum does not have
     */
    public double shareOf(InetSocketAddress server) {
        if (!servers.contains(server)) {
            throw new IllegalArgumentException(server + " is not one of this continuum's servers " + servers);
        }
        long owned = 0;
        for (Map.Entry<Long, InetSocketAddress> point : ring.entrySet()) {
            if (point.getValue().equals(server)) {
                Long next = ring.higherKey(point.getKey());
                owned += (next != null ? next : ring.firstKey() + RING) - point.getKey();
            }
        }
        return (double) owned / RING;
    }

    private static long word(byte[] digest, int from) {
        return (long) (digest[from + 3] & 0xFF) << 24
                | (long) (digest[from + 2] & 0xFF) << 16
                | (long) (digest[from + 1] & 0xFF) << 8
                | digest[from] & 0xFF;
    }

    private static byte[] md5(String text) {
        try {
            return MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
    }
}
