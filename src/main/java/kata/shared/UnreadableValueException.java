package kata.shared;

/** A value memcached holds that the reader cannot read as what it expects: another format, or not JSON at all. */
public class UnreadableValueException extends RuntimeException {

    public UnreadableValueException(String message) {
        super(message);
    }

    public UnreadableValueException(String message, Throwable cause) {
        super(message, cause);
    }
}
