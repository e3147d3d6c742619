package kata.shared;

/**
 * A key holds something memcached's {@code incr}/{@code decr} cannot count: not decimal text (a Java Integer stored
 * with flags 512, a word, a negative number). Not a miss: the key exists, and counting on it is a bug to see.
 */
public class NotACounterException extends RuntimeException {

    public NotACounterException(String message) {
        super(message);
    }

    public NotACounterException(String message, Throwable cause) {
        super(message, cause);
    }
}
