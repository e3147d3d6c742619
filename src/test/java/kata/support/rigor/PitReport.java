package kata.support.rigor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import kata.support.report.TestResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/** Reads PIT's XML report ({@code outputFormats} XML: {@code target/pit-reports/mutations.xml}). */
public final class PitReport {

    private PitReport() {
    }

    /**
     * Every mutant in the report, in its order.
     *
     * @throws IllegalStateException when the file is missing or is not PIT's report, saying what to run
     */
    public static List<Mutant> read(Path file) {
        Document document;
        try (var in = Files.newInputStream(file)) {
            DocumentBuilder builder = parser().newDocumentBuilder();
            builder.setErrorHandler(null); // the exception says it all; the default handler also prints to stderr
            document = builder.parse(in);
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("no PIT report at " + file + ": run mvn verify -Pmutation (it writes"
                    + " target/pit-reports/mutations.xml, then this gate reads it)");
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        } catch (SAXException | ParserConfigurationException e) {
            throw new IllegalStateException(file + " is not PIT's XML report: " + e.getMessage(), e);
        }
        Element root = document.getDocumentElement();
        if (!"mutations".equals(root.getTagName())) {
            throw new IllegalStateException(file + " is not PIT's XML report: its root is <" + root.getTagName()
                    + ">, not <mutations>");
        }
        List<Mutant> mutants = new ArrayList<>();
        NodeList nodes = root.getElementsByTagName("mutation");
        for (int i = 0; i < nodes.getLength(); i++) {
            mutants.add(mutant((Element) nodes.item(i), file));
        }
        return mutants;
    }

    private static Mutant mutant(Element mutation, Path file) {
        String className = text(mutation, "mutatedClass", file);
        String line = text(mutation, "lineNumber", file);
        try {
            return new Mutant(TestResult.kataOf(className), className, text(mutation, "mutatedMethod", file),
                    text(mutation, "sourceFile", file), Integer.parseInt(line), text(mutation, "mutator", file),
                    text(mutation, "description", file), mutation.getAttribute("status"),
                    Boolean.parseBoolean(mutation.getAttribute("detected")));
        } catch (NumberFormatException e) {
            throw new IllegalStateException(file + ": a mutant of " + className + " has lineNumber '" + line + "'");
        }
    }

    private static String text(Element mutation, String child, Path file) {
        for (Node node = mutation.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && child.equals(element.getTagName())) {
                return element.getTextContent().strip();
            }
        }
        throw new IllegalStateException(file + ": a <mutation> has no <" + child + ">");
    }

    /** A report is data, never a reason to fetch something: no DOCTYPE, no external entities. */
    private static DocumentBuilderFactory parser() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setExpandEntityReferences(false);
        factory.setXIncludeAware(false);
        return factory;
    }
}
