// MISTAKE (task 3): a plain miss is counted in rejected(), so the forgery count grows with every cold key.
package kata.k19_security;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import net.spy.memcached.MemcachedClient;
import net.spy.memcached.ops.OperationStatus;

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
    private static final String ALGORITHM = "HmacSHA256";
    private static final int SIGNATURE_CHARS = 43;

    private final MemcachedClient client;
    private final byte[] secret;
    private final AtomicLong rejected = new AtomicLong();

    /**
     * Signs with {@code secret}, which must be at least {@value #MIN_SECRET_BYTES} bytes.
     *
     * @throws IllegalArgumentException for a shorter secret
     */
    public SignedValues(MemcachedClient client, byte[] secret) {
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the secret has " + secret.length + " bytes: HMAC-SHA256 wants at least "
                    + MIN_SECRET_BYTES + " random ones");
        }
        this.client = client;
        this.secret = secret.clone();
    }

    /** The text stored for {@code value} under {@code key}: {@code <43-character signature>.<value>}. */
    public static String sign(byte[] secret, String key, String value) {
        return signature(secret, key, value) + "." + value;
    }

    /**
     * Stores {@code value}, signed, under {@code key} for {@code ttlSeconds}.
     *
     * @throws IllegalStateException when the server did not store it
     */
    public void put(String key, String value, int ttlSeconds) {
        OperationStatus status = client.set(key, ttlSeconds, sign(secret, key, value)).getStatus();
        if (!status.isSuccess()) {
            throw new IllegalStateException("memcached did not store " + key + ": " + status.getMessage());
        }
    }

    /** The value under {@code key} if we signed it for that key; empty for a miss and for anything else. */
    public Optional<String> get(String key) {
        Object stored = client.get(key);
        if (stored == null) {
            rejected.incrementAndGet();
            return Optional.empty();
        }
        if (stored instanceof String text && text.length() > SIGNATURE_CHARS
                && text.charAt(SIGNATURE_CHARS) == '.') {
            String value = text.substring(SIGNATURE_CHARS + 1);
            byte[] expected = signature(secret, key, value).getBytes(StandardCharsets.US_ASCII);
            byte[] found = text.substring(0, SIGNATURE_CHARS).getBytes(StandardCharsets.US_ASCII);
            if (MessageDigest.isEqual(expected, found)) {
                return Optional.of(value);
            }
        }
        rejected.incrementAndGet();
        return Optional.empty();
    }

    /** How many entries {@link #get} found and refused to believe. */
    public long rejected() {
        return rejected.get();
    }

    private static String signature(byte[] secret, String key, String value) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            mac.update(key.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(value.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal());
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java 17 has " + ALGORITHM, e);
        }
    }
}
