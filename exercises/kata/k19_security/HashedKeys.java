package kata.k19_security;

/**
 * Keys made from user input (an e-mail, a search, a token) without putting the input in the key.
 *
 * <p>Task 4: {@link #of} is {@code prefix} followed by the SHA-256 of the input's UTF-8 bytes in base64url without
 * padding: always 43 characters of {@code A-Z a-z 0-9 - _}, whatever the input (CR LF, spaces, emoji, 10 KB). The
 * input's personal data is not in the key (nor in {@code stats cachedump} or a log line), no byte of it reaches the
 * protocol, and no key is too long. The prefix is ours, not the user's: printable ASCII without spaces, 1 to
 * {@value #MAX_PREFIX_BYTES} characters (250 minus the 43), else an {@link IllegalArgumentException} saying which rule.
 *
 * <p>The lesson, with hints: README.md in this folder.
 */
public final class HashedKeys {

    /** memcached's 250-byte key limit minus the 43 characters of the hash. */
    public static final int MAX_PREFIX_BYTES = 250 - 43;

    private HashedKeys() {
    }

    /**
     * {@code prefix + base64url(SHA-256(utf8(input)))}, without padding.
     *
     * @throws IllegalArgumentException for a prefix that is empty, too long, or holds a space or a control character
     */
    public static String of(String prefix, String input) {
        throw new UnsupportedOperationException("k19_security, task 4: implement HashedKeys.of(prefix, input)"
                + " in exercises/kata/k19_security/HashedKeys.java");
    }
}
