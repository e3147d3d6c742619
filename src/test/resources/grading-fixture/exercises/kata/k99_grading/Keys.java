package kata.k99_grading;

/**
 * The grading fixture's stub (see GradingKataTest).
 *
 * <p>Task 1: {@link #user} builds a user's key.
 * <p>Task 2: {@link #session} builds a session's key; task 3: it refuses names memcached cannot store.
 */
public final class Keys {

    private Keys() {
    }

    /** The key of user {@code id}. */
    public static String user(int id) {
        throw new UnsupportedOperationException(
                "k99_grading, task 1: implement Keys.user(id) in exercises/kata/k99_grading/Keys.java");
    }

    /** The key of session {@code name}; a blank name or one with whitespace is refused. */
    public static String session(String name) {
        throw new UnsupportedOperationException(
                "k99_grading, task 2: implement Keys.session(name) in exercises/kata/k99_grading/Keys.java");
    }
}
