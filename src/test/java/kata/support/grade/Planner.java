package kata.support.grade;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathRoots;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import kata.support.report.KataFocus;
import kata.support.report.TestResult;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherConstants;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The plan a grade is out of, from the JUnit Platform's own discovery over the pristine kata's compiled tests.
 *
 * <p>A planned test is every method JUnit discovers in a kata package: a {@code @Test}, or a
 * {@code @ParameterizedTest}, {@code @RepeatedTest} or {@code @TestTemplate} as one test whose invocations' worst
 * outcome counts, so a parameterized test is worth its points once, however many cases it has. {@code @Nested}
 * classes are walked like any other. Its task is the {@code task:N} tag nearest to it (the method's own, else its
 * class's, else an enclosing class's), its points the nearest {@code points:N} tag, else 1. Two different tags at
 * the same level are a kata's mistake and fail the plan, as does any test JUnit reports a discovery issue about: a
 * test that would silently not run must turn CI red, not go unscored.
 *
 * <p>The plan lists tests in the order they are written in (by source file, then line), which is the order a kata
 * teaches in.
 */
public final class Planner {

    private static final Pattern TASK = Pattern.compile("task:(\\d+)");
    private static final Pattern POINTS = Pattern.compile("points:(\\d+)");
    /** Between a {@code @Nested} class's display name and the method's in a test's name. */
    private static final String NESTING = " › ";

    private Planner() {
    }

    /**
     * Discovers every kata test under {@code testClasses} (a classpath root the current class loader can load),
     * limited to the katas {@code katas} names (as {@code -Dkata} does, see {@link KataFocus}) when it is present.
     */
    public static List<PlannedTest> plan(Path testClasses, Optional<String> katas) {
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                // the plan must not depend on what the classpath registers: only the engines count
                .enableLauncherSessionListenerAutoRegistration(false)
                .enableLauncherDiscoveryListenerAutoRegistration(false)
                .enablePostDiscoveryFilterAutoRegistration(false)
                .enableTestExecutionListenerAutoRegistration(false)
                .build());
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClasspathRoots(Set.of(testClasses)))
                .configurationParameter(LauncherConstants.CRITICAL_DISCOVERY_ISSUE_SEVERITY_PROPERTY_NAME, "WARNING")
                .configurationParameter(LauncherConstants.DISCOVERY_ISSUE_FAILURE_PHASE_PROPERTY_NAME, "discovery");
        if (katas.isEmpty()) {
            return plan(launcher.discover(request.build()));
        }
        // KataFocus is the filter -Dkata applies in the test JVM; it reads the same property here
        String before = System.getProperty(KataFocus.PROPERTY);
        System.setProperty(KataFocus.PROPERTY, katas.get());
        try {
            return plan(launcher.discover(request.filters(new KataFocus()).build()));
        } finally {
            if (before == null) {
                System.clearProperty(KataFocus.PROPERTY);
            } else {
                System.setProperty(KataFocus.PROPERTY, before);
            }
        }
    }

    private static List<PlannedTest> plan(TestPlan plan) {
        Map<PlannedTest, Position> positions = new HashMap<>();
        List<PlannedTest> tests = new ArrayList<>();
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier node : plan.getDescendants(root)) {
                Optional<MethodSource> source = node.getSource()
                        .filter(MethodSource.class::isInstance).map(MethodSource.class::cast);
                if (source.isEmpty() || TestResult.kataOf(source.get().getClassName()).equals("other")) {
                    continue;
                }
                PlannedTest test = planned(plan, node, source.get());
                positions.put(test, position(source.get()));
                tests.add(test);
            }
        }
        tests.sort(Comparator.comparing(positions::get));
        return List.copyOf(tests);
    }

    private static PlannedTest planned(TestPlan plan, TestIdentifier node, MethodSource source) {
        Class<?> suite = source.getJavaClass();
        while (suite.getEnclosingClass() != null) {
            suite = suite.getEnclosingClass();
        }
        String test = source.getClassName() + "#" + source.getMethodName();
        List<String> names = new ArrayList<>();
        names.add(methodName(node.getDisplayName(), source.getJavaMethod()));
        for (TestIdentifier parent = plan.getParent(node).orElse(null); parent != null && nested(parent, suite);
                parent = plan.getParent(parent).orElse(null)) {
            names.add(0, parent.getDisplayName());
        }
        return new PlannedTest(TestResult.kataOf(source.getClassName()), suite.getName(), test,
                source.getMethodName(), String.join(NESTING, names),
                nearest(plan, node, TASK, test).orElse(0), nearest(plan, node, POINTS, test).orElse(1));
    }

    /** A class between the method and the top-level test class: a {@code @Nested} one. */
    private static boolean nested(TestIdentifier node, Class<?> suite) {
        return node.getSource().filter(ClassSource.class::isInstance).map(ClassSource.class::cast)
                .filter(source -> !source.getClassName().equals(suite.getName())).isPresent();
    }

    /**
     * The method's display name without the parameter types JUnit appends to a generated one: the plan names the
     * method, not one of its invocations.
     */
    static String methodName(String displayName, Method method) {
        if (method.getParameterCount() == 0) {
            return displayName;
        }
        String types = Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName)
                .collect(Collectors.joining(", ", " (", ")"));
        return displayName.endsWith(types) ? displayName.substring(0, displayName.length() - types.length())
                : displayName;
    }

    /**
     * The value of the tag matching {@code pattern} nearest to {@code node}: each level's own tags are its tags less
     * its parent's (JUnit gives a node its own tags plus everything it inherits).
     */
    private static OptionalInt nearest(TestPlan plan, TestIdentifier node, Pattern pattern, String test) {
        for (TestIdentifier level = node; level != null; level = plan.getParent(level).orElse(null)) {
            Set<TestTag> inherited = plan.getParent(level).map(TestIdentifier::getTags).orElse(Set.of());
            Set<Integer> values = new TreeSet<>();
            for (TestTag tag : level.getTags()) {
                Matcher matcher = pattern.matcher(tag.getName());
                if (!inherited.contains(tag) && matcher.matches()) {
                    values.add(Integer.parseInt(matcher.group(1)));
                }
            }
            if (values.size() > 1) {
                throw new IllegalStateException(test + ": " + level.getDisplayName() + " has the tags " + values
                        + " for " + pattern.pattern().replace("(\\d+)", "N") + "; keep one");
            }
            if (values.size() == 1) {
                return OptionalInt.of(values.iterator().next());
            }
        }
        return OptionalInt.empty();
    }

    /** Where a test is written: its top-level class's source file, then the method's first line in it. */
    private record Position(String file, int line, String method) implements Comparable<Position> {

        @Override
        public int compareTo(Position other) {
            return Comparator.comparing(Position::file).thenComparingInt(Position::line)
                    .thenComparing(Position::method).compare(this, other);
        }
    }

    private static Position position(MethodSource source) {
        Method method = source.getJavaMethod();
        Class<?> top = source.getJavaClass();
        while (top.getEnclosingClass() != null) {
            top = top.getEnclosingClass();
        }
        String folder = top.getPackageName().replace('.', '/');
        String file = folder + "/" + classFile(top).sourceFile().orElse(top.getSimpleName() + ".java");
        int line = classFile(method.getDeclaringClass()).firstLine(method.getName(), descriptor(method))
                .orElse(Integer.MAX_VALUE);
        return new Position(file, line, method.getName());
    }

    private static ClassFile classFile(Class<?> type) {
        String name = type.getName().substring(type.getName().lastIndexOf('.') + 1) + ".class";
        try (InputStream in = type.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("no " + name + " beside " + type.getName());
            }
            return ClassFile.read(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the class file of " + type.getName(), e);
        }
    }

    /** A method's JVM descriptor: {@code (ILjava/lang/String;)V}. */
    static String descriptor(Method method) {
        StringBuilder descriptor = new StringBuilder("(");
        for (Class<?> type : method.getParameterTypes()) {
            descriptor.append(descriptor(type));
        }
        return descriptor.append(')').append(descriptor(method.getReturnType())).toString();
    }

    private static String descriptor(Class<?> type) {
        if (type.isArray()) {
            return type.getName().replace('.', '/');
        }
        if (!type.isPrimitive()) {
            return "L" + type.getName().replace('.', '/') + ";";
        }
        return switch (type.getName()) {
            case "void" -> "V";
            case "boolean" -> "Z";
            case "byte" -> "B";
            case "char" -> "C";
            case "short" -> "S";
            case "int" -> "I";
            case "long" -> "J";
            case "float" -> "F";
            case "double" -> "D";
            default -> throw new IllegalArgumentException("unknown primitive " + type);
        };
    }
}
