package kata.k17_consistent_hashing;

import java.net.InetSocketAddress;
import java.util.List;

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

    private final List<InetSocketAddress> servers;

    /**
     * The continuum of {@code servers}, in any order.
     *
     * @throws IllegalArgumentException when there is no server
     */
    public Continuum(List<InetSocketAddress> servers) {
        this.servers = servers;
    }

    /**
     * The text hashed for the {@code repetition}-th digest of {@code server}'s points: the address as
     * {@code String.valueOf} prints it, without a leading {@code /}, then {@code -} and the repetition, e.g.
     * {@code 127.0.0.1:11211-0} or {@code localhost/127.0.0.1:40001-39}.
     */
    public static String nodeKey(InetSocketAddress server, int repetition) {
        throw new UnsupportedOperationException("k17_consistent_hashing, task 3: implement"
                + " Continuum.nodeKey(server, repetition) in exercises/kata/k17_consistent_hashing/Continuum.java");
    }

    /** A key's position on the ring: the first four bytes of the MD5 of its UTF-8 bytes, little-endian, unsigned. */
    public static long hash(String key) {
        throw new UnsupportedOperationException("k17_consistent_hashing, task 3: implement"
                + " Continuum.hash(key) in exercises/kata/k17_consistent_hashing/Continuum.java");
    }

    /**
     * The server's 160 points, digest by digest: points {@code 4i} to {@code 4i+3} are the four little-endian words of
     * the MD5 of {@code nodeKey(server, i)}, for {@code i} from 0 to 39.
     */
    public static List<Long> pointsOf(InetSocketAddress server) {
        throw new UnsupportedOperationException("k17_consistent_hashing, task 3: implement"
                + " Continuum.pointsOf(server) in exercises/kata/k17_consistent_hashing/Continuum.java");
    }

    /** The server that holds {@code key}: the owner of the first point at or after its hash, else of the first. */
    public InetSocketAddress serverFor(String key) {
        throw new UnsupportedOperationException("k17_consistent_hashing, task 4: implement"
                + " Continuum.serverFor(key) in exercises/kata/k17_consistent_hashing/Continuum.java");
    }

    /**
     * The fraction of the ring (0 to 1) that {@code server} owns: each of its points owns the positions after the point
     * before it, up to itself; its first point also owns those past the ring's last point.
     *
     * @throws IllegalArgumentException naming a server this continuum does not have
     */
    public double shareOf(InetSocketAddress server) {
        throw new UnsupportedOperationException("k17_consistent_hashing, task 4: implement"
                + " Continuum.shareOf(server) in exercises/kata/k17_consistent_hashing/Continuum.java");
    }
}
