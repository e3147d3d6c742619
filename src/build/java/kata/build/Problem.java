package kata.build;

/**
 * One compiler error, as a learner reads it.
 *
 * @param file    the source file, relative to the project and with forward slashes, or null when javac named none
 * @param line    its line (1-based), or 0 when unknown
 * @param column  its column (1-based), or 0 when unknown
 * @param message javac's message on one line (its "symbol:" and "location:" lines joined with "; ")
 * @param code    the source line it points at, stripped, or null
 */
public record Problem(String file, long line, long column, String message, String code) {

    /** {@code exercises/kata/k06_sessions/SessionStore.java:41: ';' expected}, as javac prints its first line. */
    public String headline() {
        String where = file == null ? "" : line > 0 ? file + ":" + line + ": " : file + ": ";
        return where + message;
    }

    /** {@code file:line}, or the file alone, or null. */
    public String location() {
        return file == null ? null : line > 0 ? file + ":" + line : file;
    }
}
