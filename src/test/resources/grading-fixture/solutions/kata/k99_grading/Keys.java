package kata.k99_grading;

/**
 * The grading fixture's reference solution (see GradingKataTest).
 */
public final class Keys {

    private Keys() {
    }

    /** The key of user {@code id}. */
    public static String user(int id) {
        return "k99:user:" + id;
    }

    /** The key of session {@code name}; a blank name or one with whitespace is refused. */
    public static String session(String name) {
        if (name.isBlank()) {
            throw new IllegalArgumentException("a session name must not be blank");
        }
        if (name.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException("a session name must not hold whitespace or control characters");
        }
        return "k99:session:" + name;
    }
}
