package kata.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks {@link MemcachedExtension} for a server of the test's own instead of the shared one.
 *
 * <pre>{@code
 * @Test
 * void evicts_when_memory_is_full(@Dedicated({"-m", "2"}) MemcachedServer tiny) { … }
 * }</pre>
 *
 * <p>The server lives as long as the method or class that declared the parameter, then it is closed.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface Dedicated {

    /** Extra memcached flags, e.g. {@code {"-m", "2"}} for 2 MB of item memory. */
    String[] value() default {};

    /**
     * SASL users as {@code "user:password"}: when there are any, the server starts with {@code -S} and lets in only
     * them (see {@link MemcachedServer#dedicatedWithSasl}).
     */
    String[] saslUsers() default {};
}
