package kata.support.grade;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the grader reads in the log of {@code mvn test} (batch mode, so no colours): whether the tests started, whether
 * the run hit its time limit, the first error, and which sources did not compile.
 *
 * <p>The log holds the tests' output too, which the learner's code controls; nothing read here earns a point.
 */
public final class MavenLog {

    /** Exit codes of {@code timeout}: 124 when it stopped the command, 137 when it had to kill it. */
    private static final List<Integer> KILLED_BY_TIMEOUT = List.of(124, 137);
    private static final Pattern FORK_TIMEOUT = Pattern.compile("There was a timeout (or other error )?in the fork");
    private static final Pattern COMPILE_ERROR_FILE = Pattern.compile("(?m)^\\[ERROR\\] (/[^:\n]+\\.java)");
    private static final Pattern FIRST_ERROR = Pattern.compile("(?m)^\\[ERROR\\] [^\n]*");
    private static final int ERROR_BYTES = 300;

    /** The log's bytes as ISO-8859-1: one char a byte, so nothing in it fails to decode. */
    private final String text;
    private final byte[] bytes;

    private MavenLog(byte[] bytes) {
        this.bytes = bytes;
        this.text = new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** Reads the log; a missing one is empty. */
    public static MavenLog read(Path file) {
        try {
            return new MavenLog(Files.isRegularFile(file) ? Files.readAllBytes(file) : new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }

    static MavenLog of(String text) {
        return new MavenLog(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Surefire printed its banner: the tests started. */
    public boolean testsStarted() {
        return text.contains("T E S T S");
    }

    /** The run hit a time limit: the grader's {@code timeout} ({@code exitCode}), or Surefire's own. */
    public boolean timedOut(int exitCode) {
        return KILLED_BY_TIMEOUT.contains(exitCode) || FORK_TIMEOUT.matcher(text).find();
    }

    /** The compiler said {@code COMPILATION ERROR}. */
    public boolean compilationError() {
        return text.contains("COMPILATION ERROR");
    }

    /** The first {@code [ERROR] } line, cut to 300 bytes, or empty. */
    public String firstError() {
        Matcher line = FIRST_ERROR.matcher(text);
        if (!line.find()) {
            return "";
        }
        byte[] cut = Arrays.copyOfRange(bytes, line.start(), Math.min(line.end(), line.start() + ERROR_BYTES));
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(cut)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder cannot fail", e);
        }
    }

    /** The absolute paths of the sources the compiler reported errors in, sorted, each once. */
    public List<String> filesThatDoNotCompile() {
        TreeSet<String> files = new TreeSet<>();
        Matcher matcher = COMPILE_ERROR_FILE.matcher(text);
        while (matcher.find()) {
            files.add(new String(matcher.group(1).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
        }
        return List.copyOf(files);
    }
}
