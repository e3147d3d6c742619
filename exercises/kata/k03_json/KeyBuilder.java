package kata.k03_json;

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
        throw new UnsupportedOperationException("k03_json, task 1: implement KeyBuilder.key(id)"
                + " in exercises/kata/k03_json/KeyBuilder.java");
    }

    /** Returns {@code <namespace>:<id>} for a numeric id, such as a {@code User}'s. */
    public String key(long id) {
        throw new UnsupportedOperationException("k03_json, task 1: implement KeyBuilder.key(id)"
                + " in exercises/kata/k03_json/KeyBuilder.java");
    }
}
