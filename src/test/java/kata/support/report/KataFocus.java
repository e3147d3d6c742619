package kata.support.report;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.PostDiscoveryFilter;

/**
 * Runs one kata only: {@code mvn test -Dkata=04}, {@code -Dkata=expiry}, {@code -Dkata=k04_expiry}, or several
 * separated by commas.
 *
 * <p>Registered through {@code META-INF/services}, so it applies under Maven, an IDE or any JUnit Platform launcher.
 * It also notes every kata it sees, so that a {@code -Dkata} that matches none can list the ones there are.
 */
public final class KataFocus implements PostDiscoveryFilter {

    /** The system property the pom passes on from {@code -Dkata=…}; empty or absent runs every kata. */
    public static final String PROPERTY = "kata";

    /** Every kata discovered in this JVM, by package name, with its class's display name. */
    private static final Map<String, String> SEEN = new ConcurrentSkipListMap<>();

    @Override
    public FilterResult apply(TestDescriptor descriptor) {
        Optional<String> className = descriptor.getSource().map(KataFocus::className);
        if (className.isEmpty()) {
            return FilterResult.included("not a test class or method");
        }
        String kata = TestResult.kataOf(className.get());
        if (!"other".equals(kata) && descriptor.getSource().get() instanceof ClassSource) {
            SEEN.putIfAbsent(kata, descriptor.getDisplayName());
        }
        Optional<String> focus = focus();
        if (focus.isEmpty() || matches(focus.get(), kata)) {
            return FilterResult.included("in focus");
        }
        return FilterResult.excluded("-D" + PROPERTY + "=" + focus.get() + " leaves out " + kata);
    }

    /** The {@code -Dkata} value, when one was given. */
    public static Optional<String> focus() {
        String value = System.getProperty(PROPERTY);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** The katas discovered in this JVM (package name to display name), in kata order. */
    public static Map<String, String> seen() {
        return Map.copyOf(SEEN);
    }

    /**
     * Whether {@code focus} names {@code kata} ({@code "k04_expiry"}) by number ({@code 04}, {@code 4},
     * {@code k04}), by topic ({@code expiry}, {@code cache-aside}) or in full; commas separate several.
     */
    public static boolean matches(String focus, String kata) {
        if ("other".equals(kata)) {
            return false;
        }
        String topic = kata.substring(kata.indexOf('_') + 1);
        for (String part : focus.split(",")) {
            String wanted = part.trim().toLowerCase(Locale.ROOT).replace('-', '_');
            if (wanted.matches("k\\d.*")) {
                wanted = wanted.substring(1);
            }
            boolean byNumber = wanted.matches("\\d{1,3}") && Integer.parseInt(wanted) == number(kata);
            if (byNumber || wanted.equals(topic) || wanted.equals(kata.substring(1))) {
                return true;
            }
        }
        return false;
    }

    /** {@code "k04_expiry"} is kata 4. */
    static int number(String kata) {
        return Integer.parseInt(kata.substring(1, kata.indexOf('_')));
    }

    private static String className(TestSource source) {
        if (source instanceof ClassSource classSource) {
            return classSource.getClassName();
        }
        if (source instanceof MethodSource methodSource) {
            return methodSource.getClassName();
        }
        return null;
    }
}
