package kata.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.Trees;

/**
 * Stand-ins for the test classes of a kata that cannot run: the same classes, test methods, tags and display names,
 * each test failing with the compiler's message.
 *
 * <p>So a kata that does not compile is still in the test plan, test by test: Surefire's reports, the results file
 * and the progress view count its tests as failed, {@code -Dtest} and {@code -Dkata} still select them, and nothing
 * goes silently missing. The tests' sources are only parsed, never compiled: they are the part that cannot be.
 */
final class StandIns {

    /** The JUnit Jupiter annotations a stand-in keeps (arguments too, when they are literals). */
    private static final Set<String> KEPT = Set.of("DisplayName", "Tag", "Tags", "Disabled", "DisplayNameGeneration");
    /** A method with one of these is a test; its stand-in is a plain {@code @Test}. */
    private static final Set<String> TESTS = Set.of("Test", "ParameterizedTest", "RepeatedTest", "TestFactory",
            "TestTemplate");
    private static final String JUPITER = "org.junit.jupiter.api.";
    /** Named so that no test method of a kata can clash with it. */
    static final String FAILURE = "kataDoesNotCompile$";

    private StandIns() {
    }

    /**
     * The stand-in sources for {@code testFiles}, by the path of the file each goes in ({@code kata/k06_x/XTest.java}).
     *
     * @param failure a Java expression of type {@code RuntimeException}: what every test throws
     */
    static Map<String, String> of(List<Path> testFiles, String failure) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        Map<String, String> sources = new LinkedHashMap<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(null, Locale.ROOT, null)) {
            JavacTask task = (JavacTask) compiler.getTask(null, files, diagnostic -> { }, List.of("-proc:none"), null,
                    files.getJavaFileObjectsFromPaths(testFiles));
            SourcePositions positions = Trees.instance(task).getSourcePositions();
            for (CompilationUnitTree unit : task.parse()) {
                String text = unit.getSourceFile().getCharContent(true).toString();
                Writer writer = new Writer(unit, positions, text);
                String packageName = unit.getPackageName() == null ? "" : unit.getPackageName().toString();
                for (Tree type : unit.getTypeDecls()) {
                    if (type instanceof ClassTree test && writer.hasTests(test)) {
                        String name = test.getSimpleName().toString();
                        String folder = packageName.isEmpty() ? "" : packageName.replace('.', '/') + "/";
                        sources.put(folder + name + ".java", writer.standIn(packageName, test, failure));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sources;
    }

    /** A Java string literal for {@code text}: quotes, backslashes, control and non-ASCII characters escaped. */
    static String literal(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder literal = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> literal.append("\\\"");
                case '\\' -> literal.append("\\\\");
                case '\n' -> literal.append("\\n");
                case '\r' -> literal.append("\\r");
                case '\t' -> literal.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        literal.append(String.format("\\u%04x", (int) c));
                    } else {
                        literal.append(c);
                    }
                }
            }
        }
        return literal.append('"').toString();
    }

    private record Writer(CompilationUnitTree unit, SourcePositions positions, String text) {

        boolean hasTests(ClassTree type) {
            for (Tree member : type.getMembers()) {
                if (member instanceof MethodTree method && isTest(method)) {
                    return true;
                }
                if (member instanceof ClassTree nested && isNested(nested) && hasTests(nested)) {
                    return true;
                }
            }
            return false;
        }

        String standIn(String packageName, ClassTree test, String failure) {
            StringBuilder source = new StringBuilder();
            source.append("// Generated by kata.build.KataCompiler, in place of ").append(test.getSimpleName())
                    .append(", which cannot be compiled: see target/kata-compile.json.\n");
            if (!packageName.isEmpty()) {
                source.append("package ").append(packageName).append(";\n\n");
            }
            type(test, "", source, true, failure);
            return source.toString();
        }

        private void type(ClassTree type, String indent, StringBuilder source, boolean top, String failure) {
            annotations(type.getModifiers().getAnnotations(), indent, source);
            if (!top) {
                source.append(indent).append('@').append(JUPITER).append("Nested\n");
            }
            source.append(indent).append("class ").append(type.getSimpleName()).append(" {\n");
            if (top) {
                source.append(indent).append("    static RuntimeException ").append(FAILURE).append("() {\n")
                        .append(indent).append("        return ").append(failure).append(";\n")
                        .append(indent).append("    }\n");
            }
            Set<String> written = new LinkedHashSet<>();
            for (Tree member : type.getMembers()) {
                if (member instanceof MethodTree method && isTest(method)
                        && written.add(method.getName().toString())) {
                    source.append('\n');
                    source.append(indent).append("    @").append(JUPITER).append("Test\n");
                    annotations(method.getModifiers().getAnnotations(), indent + "    ", source);
                    source.append(indent).append("    void ").append(method.getName()).append("() {\n")
                            .append(indent).append("        throw ").append(FAILURE).append("();\n")
                            .append(indent).append("    }\n");
                } else if (member instanceof ClassTree nested && isNested(nested) && hasTests(nested)) {
                    source.append('\n');
                    type(nested, indent + "    ", source, false, failure);
                }
            }
            source.append(indent).append("}\n");
        }

        private void annotations(List<? extends AnnotationTree> annotations, String indent, StringBuilder source) {
            for (AnnotationTree annotation : annotations) {
                String name = simpleName(annotation);
                if (KEPT.contains(name) && annotation.getArguments().stream().allMatch(Writer::literal)) {
                    List<String> arguments = new ArrayList<>();
                    for (ExpressionTree argument : annotation.getArguments()) {
                        arguments.add(source(argument));
                    }
                    source.append(indent).append('@').append(JUPITER).append(name)
                            .append(arguments.isEmpty() ? "" : "(" + String.join(", ", arguments) + ")").append('\n');
                }
            }
        }

        private String source(Tree tree) {
            long start = positions.getStartPosition(unit, tree);
            long end = positions.getEndPosition(unit, tree);
            return text.substring((int) start, (int) end);
        }

        /** A literal, an array of literals, or {@code name = } either: it means the same in the stand-in. */
        private static boolean literal(ExpressionTree argument) {
            if (argument instanceof AssignmentTree assignment) {
                return literal(assignment.getExpression());
            }
            if (argument instanceof NewArrayTree array) {
                return array.getInitializers() != null && array.getInitializers().stream().allMatch(Writer::literal);
            }
            return argument.getKind() == Tree.Kind.STRING_LITERAL || argument.getKind() == Tree.Kind.INT_LITERAL
                    || argument.getKind() == Tree.Kind.BOOLEAN_LITERAL;
        }

        private static boolean isTest(MethodTree method) {
            return !method.getModifiers().getFlags().contains(Modifier.STATIC) && method.getModifiers()
                    .getAnnotations().stream().map(Writer::simpleName).anyMatch(TESTS::contains);
        }

        private static boolean isNested(ClassTree type) {
            return type.getModifiers().getAnnotations().stream().map(Writer::simpleName).anyMatch("Nested"::equals);
        }

        private static String simpleName(AnnotationTree annotation) {
            Tree type = annotation.getAnnotationType();
            return type instanceof MemberSelectTree select ? select.getIdentifier().toString() : type.toString();
        }
    }
}
