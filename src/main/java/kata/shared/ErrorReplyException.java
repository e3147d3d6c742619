package kata.shared;

/**
 * memcached answered a command with an error ({@code ERROR}, {@code CLIENT_ERROR …}, {@code SERVER_ERROR …}) or
 * with a line the command does not expect. Not a miss: the command did not do what it was sent for.
 */
public class ErrorReplyException extends RuntimeException {

    private final String command;
    private final String reply;

    /**
     * @param command the command line sent, without its CRLF and without any data block
     * @param reply   the line memcached answered, without its CRLF
     */
    public ErrorReplyException(String command, String reply) {
        super("memcached answered '" + command + "' with '" + reply + "'");
        this.command = command;
        this.reply = reply;
    }

    /** The command line sent, without its CRLF and without any data block. */
    public String command() {
        return command;
    }

    /** The line memcached answered, without its CRLF: {@code "CLIENT_ERROR bad data chunk"}. */
    public String reply() {
        return reply;
    }
}
