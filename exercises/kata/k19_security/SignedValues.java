package kata.k19_security;

import java.util.Optional;

import net.spy.memcached.MemcachedClient;

/**
 * Values that carry proof of who wrote them: anyone who can reach memcached can write any key, so a value we did not
 * sign must not be believed.
 *
 * <p>Task 3: {@link #sign} is the text stored for {@code value} under {@code key}: the signature, a {@code '.'}, then
 * the value. The signature is HMAC-SHA256 ({@code javax.crypto.Mac}) with the secret, over the key's UTF-8 bytes, one
 * zero byte, and the value's UTF-8 bytes (the key is in it, so an entry copied to another key does not verify), in
 * base64url without padding (43 characters). {@link #put} stores that text (a String: flags 0, UTF-8) and waits for
 * the server's answer. {@link #get} gives the value back only when the signature verifies, compared in constant time
 * ({@code MessageDigest.isEqual}); a tampered, truncated, unsigned or forged entry reads as a miss and is counted in
 * {@link #rejected}. A plain miss is not a forgery, and is not counted.
 *
 * <p>The lesson, with hints: README.md in this folder.
 */
public final class SignedValues {

    /** 32 bytes, HMAC-SHA256's block of output: a shorter secret is easier to guess than the MAC is to forge. */
    public static final int MIN_SECRET_BYTES = 32;

    private final MemcachedClient client;
    private final byte[] secret;

    /**
     * Signs with {@code secret}, which must be at least {@value #MIN_SECRET_BYTES} bytes.
     *
     * @throws IllegalArgumentException for a shorter secret
     */
    public SignedValues(MemcachedClient client, byte[] secret) {
        this.client = client;
        this.secret = secret;
    }

    /** The text stored for {@code value} under {@code key}: {@code <43-character signature>.<value>}. */
    public static String sign(byte[] secret, String key, String value) {
        throw new UnsupportedOperationException("k19_security, task 3: implement SignedValues.sign(secret, key, value)"
                + " in exercises/kata/k19_security/SignedValues.java");
    }

    /**
     * Stores {@code value}, signed, under {@code key} for {@code ttlSeconds}.
     *
     * @throws IllegalStateException when the server did not store it
     */
    public void put(String key, String value, int ttlSeconds) {
        throw new UnsupportedOperationException("k19_security, task 3: implement"
                + " SignedValues.put(key, value, ttlSeconds) in exercises/kata/k19_security/SignedValues.java");
    }

    /** The value under {@code key} if we signed it for that key; empty for a miss and for anything else. */
    public Optional<String> get(String key) {
        throw new UnsupportedOperationException("k19_security, task 3: implement SignedValues.get(key)"
                + " in exercises/kata/k19_security/SignedValues.java");
    }

    /** How many entries {@link #get} found and refused to believe. */
    public long rejected() {
        throw new UnsupportedOperationException("k19_security, task 3: implement SignedValues.rejected()"
                + " in exercises/kata/k19_security/SignedValues.java");
    }
}
