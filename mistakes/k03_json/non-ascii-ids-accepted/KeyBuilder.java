// MISTAKE (task 1): only memcached's own rule (no whitespace or control characters): "joão" passes, and pymemcache cannot ask for the key
package kata.k03_json;

import java.nio.charset.StandardCharsets;

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

    private static final int MAX_KEY_BYTES = 250;
    private static final int FIRST_PRINTABLE = '!';
    private static final int LAST_PRINTABLE = '~';
    // protocol.txt, "Keys": no control characters or whitespace; a CR LF would even start a new command
    private static final String SPACE_OR_CONTROL = "since memcached refuses whitespace and control characters in a key";
    // a key one service can write and the other cannot even ask for breaks the shared cache
    private static final String NON_ASCII = "since pymemcache, the seed's client, refuses non-ASCII keys by default"
            + " (MemcacheIllegalInputError: Non-ASCII key)";

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
        if (id.isEmpty()) {
            throw new IllegalArgumentException("the id for namespace " + namespace + " is empty: "
                    + namespace + ": alone would name the whole namespace, not one item");
        }
        id.codePoints().filter(c -> Character.isWhitespace(c) || Character.isISOControl(c)).findFirst().ifPresent(c -> {
            throw new IllegalArgumentException(String.format("id %s has U+%04X: keys must be printable ASCII (U+0021"
                    + " to U+007E), %s", quoted(id), c, c > 0x7F ? NON_ASCII : SPACE_OR_CONTROL));
        });
        String key = namespace + ":" + id;
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("id of " + id.length() + " characters makes the key " + bytes
                    + " bytes: memcached keys are at most " + MAX_KEY_BYTES + " bytes");
        }
        return key;
    }

    /** Returns {@code <namespace>:<id>} for a numeric id, such as a {@code User}'s. */
    public String key(long id) {
        return key(Long.toString(id));
    }

    /** The id in quotes, its control characters escaped, so the message stays on one line. */
    private static String quoted(String id) {
        StringBuilder shown = new StringBuilder("\"");
        id.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                shown.append(String.format("\\u%04X", c));
            } else {
                shown.appendCodePoint(c);
            }
        });
        return shown.append('"').toString();
    }
}
