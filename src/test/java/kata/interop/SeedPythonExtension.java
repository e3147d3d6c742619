package kata.interop;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs the cross-language checks only where the seed's Python can run, and gives them a {@link SeedPython}.
 *
 * <p>Without a Python that imports pymemcache the checks are skipped, and one line, printed once per run, says how to
 * enable them. CI must never skip them: its solutions step fails on any skipped test.
 */
public final class SeedPythonExtension implements ExecutionCondition, ParameterResolver {

    private static final SeedPython PYTHON = SeedPython.configured();
    /** Asked once per JVM: a Python start costs the better part of a second. */
    private static final Optional<String> UNAVAILABLE = PYTHON.unavailable();
    private static final AtomicBoolean TOLD = new AtomicBoolean();

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (UNAVAILABLE.isEmpty()) {
            return ConditionEvaluationResult.enabled(PYTHON.python() + " runs the seed's service with pymemcache");
        }
        String line = skipLine(UNAVAILABLE.get());
        if (TOLD.compareAndSet(false, true)) {
            System.out.println(line);
        }
        return ConditionEvaluationResult.disabled(line);
    }

    /** The one line a run without the seed's Python prints: what is missing, and how to get it. */
    static String skipLine(String why) {
        return "cross-language checks skipped: " + why + ". To run them, install pymemcache (apt install"
                + " python3-pymemcache, or pip install pymemcache) and name that Python with -D" + SeedPython.PROPERTY
                + "=… or " + SeedPython.ENVIRONMENT + " (default python3; Debian's is /usr/bin/python3)";
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SeedPython.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return PYTHON;
    }
}
