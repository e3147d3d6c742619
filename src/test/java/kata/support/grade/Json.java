package kata.support.grade;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * The grader's JSON: score.json and its working files, laid out as jq lays out JSON (two-space indent, {@code ": "},
 * {@code []} for an empty array, a final newline, control characters as lowercase hexadecimal escapes), so that a grade
 * reads the same whichever grader wrote it and {@code diff} compares two of them line by line.
 */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectWriter WRITER;

    static {
        MAPPER.getFactory().setCharacterEscapes(new JqEscapes());
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("").withArrayEmptySeparator(""))
                .withObjectIndenter(indenter).withArrayIndenter(indenter);
        WRITER = MAPPER.writer(printer);
    }

    private Json() {
    }

    /** {@code value} as JSON text, with a final newline. */
    public static String write(Object value) {
        try {
            return WRITER.writeValueAsString(value) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Writes {@code value} to {@code file}. */
    public static void write(Object value, Path file) throws IOException {
        Files.writeString(file, write(value), StandardCharsets.UTF_8);
    }

    /** Reads a file this class wrote. */
    public static <T> T read(Path file, Class<T> type) throws IOException {
        return MAPPER.readValue(file.toFile(), type);
    }

    /** Reads a file this class wrote, of a generic type ({@code List<PlannedTest>}). */
    public static <T> T read(Path file, JavaType type) throws IOException {
        return MAPPER.readValue(file.toFile(), type);
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }

    /** jq's string escapes: {@code \b \t \n \f \r} by name, other control characters and DEL in lowercase hex. */
    private static final class JqEscapes extends CharacterEscapes {

        private final int[] ascii = standardAsciiEscapesForJSON();

        JqEscapes() {
            for (int c = 0; c < 0x20; c++) {
                if ("\b\t\n\f\r".indexOf(c) < 0) {
                    ascii[c] = ESCAPE_CUSTOM;
                }
            }
            ascii[0x7f] = ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int c) {
            // asked for every non-ASCII character too: those stay as they are, as jq leaves them
            return c < 0x80 ? new SerializedString(String.format("\\u%04x", c)) : null;
        }
    }
}
