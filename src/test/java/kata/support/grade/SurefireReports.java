package kata.support.grade;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;

import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * What Maven's Surefire reports say about each test: the second witness a pass needs, written by Maven rather than
 * by the test JVM the learner's code runs in.
 *
 * <p>Each {@code target/surefire-reports/TEST-*.xml} is one top-level test class (its {@code @Nested} classes
 * included); each {@code <testcase>} one test or invocation. Its {@code name} is the method's, with the parameter
 * types and an index after it for an invocation ({@code "is_refused(String, String)[2]"}); its {@code classname}
 * may be a display name, so tests are keyed by the report's suite and the method's name. A test case passed when it
 * holds nothing but its output ({@code system-out}, {@code system-err}): a {@code failure}, {@code error},
 * {@code skipped}, rerun or flaky element, or anything unknown, is not a pass.
 *
 * <p>The output is what the learner's code printed: the parser reads it as text and never looks inside it. Reports
 * are parsed with secure processing on and no document type at all, so no entity (external or expanding) is ever
 * resolved; a report that does not parse confirms nothing, and the tests it held score as unconfirmed.
 */
public final class SurefireReports {

    private static final Set<String> OUTPUT = Set.of("system-out", "system-err");

    /** {@code suite#method} to one entry per test case: whether it passed. */
    private final Map<String, List<Boolean>> cases;
    private final List<String> unreadable;

    private SurefireReports(Map<String, List<Boolean>> cases, List<String> unreadable) {
        this.cases = cases;
        this.unreadable = unreadable;
    }

    /** Reads every {@code TEST-*.xml} in {@code directory}; none (or no directory) means no test is confirmed. */
    public static SurefireReports read(Path directory) {
        Map<String, List<Boolean>> cases = new HashMap<>();
        List<String> unreadable = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return new SurefireReports(cases, unreadable);
        }
        Set<Path> reports = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "TEST-*.xml")) {
            files.forEach(reports::add);
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + directory, e);
        }
        for (Path report : reports) {
            try (InputStream in = Files.newInputStream(report)) {
                Map<String, List<Boolean>> one = new HashMap<>();
                parser().parse(in, new Handler(one));
                one.forEach((key, passed) -> cases.computeIfAbsent(key, k -> new ArrayList<>()).addAll(passed));
            } catch (IOException | SAXException e) {
                unreadable.add(report.getFileName() + ": " + e.getMessage());
            }
        }
        return new SurefireReports(cases, unreadable);
    }

    /** Reports that say exactly {@code cases} ({@code suite#method} to each test case's pass). */
    static SurefireReports of(Map<String, List<Boolean>> cases) {
        return new SurefireReports(Map.copyOf(cases), List.of());
    }

    /** Whether Surefire reported {@code method} of {@code suite} at least once, and every time as passed. */
    public boolean passed(String suite, String method) {
        List<Boolean> reported = cases.getOrDefault(suite + "#" + method, List.of());
        return !reported.isEmpty() && !reported.contains(false);
    }

    /** The reports that could not be parsed, with why. */
    public List<String> unreadable() {
        return List.copyOf(unreadable);
    }

    static SAXParser parser() {
        try {
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            // Surefire writes no DOCTYPE: refusing one refuses every entity trick at once
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setXIncludeAware(false);
            factory.setNamespaceAware(false);
            SAXParser parser = factory.newSAXParser();
            parser.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            parser.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return parser;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("this JDK's XML parser cannot be made safe: " + e.getMessage(), e);
        }
    }

    /** Collects the test cases directly under the root {@code <testsuite>}. */
    private static final class Handler extends DefaultHandler {

        private final Map<String, List<Boolean>> cases;
        private final Deque<String> open = new ArrayDeque<>();
        private String suite;
        private String testCase;
        private boolean passed;

        Handler(Map<String, List<Boolean>> cases) {
            this.cases = cases;
        }

        @Override
        public void startElement(String uri, String localName, String element, Attributes attributes) {
            if (open.isEmpty() && "testsuite".equals(element)) {
                suite = topLevel(attributes.getValue("name"));
            } else if (open.size() == 1 && "testsuite".equals(open.peek()) && "testcase".equals(element)) {
                testCase = method(attributes.getValue("name"));
                passed = true;
            } else if (open.size() == 2 && "testcase".equals(open.peek()) && !OUTPUT.contains(element)) {
                passed = false;
            }
            open.push(element);
        }

        @Override
        public void endElement(String uri, String localName, String element) {
            open.pop();
            if (open.size() == 1 && "testcase".equals(element) && suite != null && testCase != null) {
                cases.computeIfAbsent(suite + "#" + testCase, k -> new ArrayList<>()).add(passed);
                testCase = null;
            }
        }

        /** {@code "is_refused(String, String)[2]"} is method {@code is_refused}. */
        private static String method(String name) {
            if (name == null) {
                return null;
            }
            int end = name.length();
            for (int i = 0; i < name.length(); i++) {
                if (name.charAt(i) == '(' || name.charAt(i) == '[') {
                    end = i;
                    break;
                }
            }
            return name.substring(0, end);
        }

        /** A suite named after a nested class still belongs to its top-level class. */
        private static String topLevel(String name) {
            return name == null ? null : name.contains("$") ? name.substring(0, name.indexOf('$')) : name;
        }
    }
}
