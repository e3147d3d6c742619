package kata.k03_json;

import java.nio.charset.StandardCharsets;

/**
 * Builds namespaced keys such as {@code usuario:1}, and refuses ids that would make a key memcached rejects.
 *
 * <p>Task 1: {@link #key(String)} joins the namespace and the id with a colon; an id that is empty, holds a space
 * or a control character, or makes the key longer than 250 bytes in UTF-8 is an {@link IllegalArgumentException}
 * that says which id and which rule.
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
     * <p>The message of a rejection quotes the id and names the rule: "empty"; the key's length in bytes
     * ("252 bytes") and the limit 250; or the forbidden character's code point ("U+0020").
     *
     * @throws IllegalArgumentException when the id is empty, or the key would not be a valid memcached key
     */
    public String key(String id) {
        if (id.isEmpty()) {
            throw new IllegalArgumentException("the id for namespace " + namespace + " is empty: "
                    + namespace + ": alone would name the whole namespace, not one item");
        }
        // protocol.txt: no whitespace or control characters in a key; a CR LF would even start a new command
        id.codePoints().filter(c -> Character.isWhitespace(c) || Character.isISOControl(c)).findFirst()
                .ifPresent(c -> {
                    throw new IllegalArgumentException(String.format("id %s has U+%04X: memcached keys may not"
                            + " hold whitespace or control characters", quoted(id), c));
                });
        String key = namespace + ":" + id;
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > 250) {
            throw new IllegalArgumentException("id of " + id.length() + " characters makes the key " + bytes
                    + " bytes in UTF-8: memcached keys are at most 250 bytes");
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
