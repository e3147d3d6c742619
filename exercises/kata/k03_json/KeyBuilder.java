package kata.k03_json;

/**
 * Builds namespaced keys such as {@code usuario:1}, and refuses ids that would make a key memcached rejects.
 *
 * <p>Task 1: {@link #key(String)} joins the namespace and the id with a colon. An id must be printable ASCII
 * (U+0021 to U+007E), the keys every client accepts: memcached refuses spaces and control characters, and the seed's
 * Python client (pymemcache) refuses anything outside ASCII. An id that is empty, breaks that rule, or makes the key
 * longer than 250 bytes is an {@link IllegalArgumentException} that says which id and which rule.
 *
 * <p>The lesson, with hints: README.md in this folder.
 */
public final class KeyBuilder {

    private final String namespace;

    /** A builder for keys {@code <namespace>:<id>}, e.g. {@code new KeyBuilder("k03:usuario")}. */
    public KeyBuilder(String namespace) {
        this.namespace = namespace;
    }

    /**
     * Returns {@code <namespace>:<id>}.
     *
     * <p>The message of a rejection quotes the id on one line (its control characters escaped, so a CR LF cannot
     * split it) and names the rule: "empty"; the key's length in bytes ("251 bytes") and the limit 250; or the first
     * character that is not "printable ASCII", by its code point ("U+0020", "U+00E3", "U+1F44B"), saying why:
     * memcached refuses spaces and control characters, "pymemcache" refuses non-ASCII keys by default.
     *
     * @throws IllegalArgumentException when the id is empty, holds a character outside printable ASCII, or makes a key
     *                                  over 250 bytes
     */
    public String key(String id) {
        throw new UnsupportedOperationException("k03_json, task 1: implement KeyBuilder.key(id)"
                + " in exercises/kata/k03_json/KeyBuilder.java");
    }

    /** Returns {@code <namespace>:<id>} for a numeric id, such as a {@code User}'s. */
    public String key(long id) {
        throw new UnsupportedOperationException("k03_json, task 1: implement KeyBuilder.key(id)"
                + " in exercises/kata/k03_json/KeyBuilder.java");
    }
}
