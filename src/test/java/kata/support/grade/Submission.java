package kata.support.grade;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a submission brings, against the pristine kata: the allow-listed files it changed (graded), left as the stub
 * or lacks, the files reverted to their stub because they broke the build, everything else it changed or added
 * (ignored, and reported), and the calls in graded files that a human should look at. This is the
 * {@code submission} object of score.json, in its field order.
 *
 * @param path            the submission's folder
 * @param used            allow-listed files that differ from the stub: copied onto the kata and graded
 * @param unchanged       allow-listed files identical to the stub
 * @param missing         allow-listed files the submission lacks (or holds as a link): the stub is graded
 * @param revertedToStub  graded files put back to their stub because they broke the build
 * @param ignored         other files that differ from the kata or are not in it, sorted by path
 * @param identicalToKata other files equal to the kata's
 * @param warnings        calls in the used files that no kata needs
 */
public record Submission(String path, List<String> used, List<String> unchanged, List<String> missing,
                         List<Reverted> revertedToStub, List<Ignored> ignored, int identicalToKata,
                         List<Warning> warnings) {

    /** A graded file put back to its stub, and why. */
    public record Reverted(String path, String why) {
    }

    /** A file outside the allow-list: {@code change} is {@code changed} or {@code extra}. */
    public record Ignored(String path, String change, String why) {
    }

    /** A call for a human to look at: {@code at} is {@code path:line}. */
    public record Warning(String kind, String at) {
    }

    /**
     * The kinds of call no kata needs, with what finds them, line by line (the order is the report's). A learner's
     * code runs with the grader's rights; these point a human at what the automatic checks cannot rule out.
     */
    static final List<Flag> FLAGS = List.of(
            new Flag("ends the JVM (System.exit, Runtime.halt)",
                    "System\\s*\\.\\s*exit|\\.\\s*halt\\s*\\("
                            + "|Runtime\\s*\\.\\s*getRuntime\\s*\\(\\s*\\)\\s*\\.\\s*exit"),
            new Flag("shutdown hook", "addShutdownHook"),
            new Flag("reflection", "java\\.lang\\.reflect|setAccessible|Class\\s*\\.\\s*forName"
                    + "|getDeclared(Field|Method|Constructor)|MethodHandles|loadClass"),
            new Flag("test framework or test support types",
                    "org\\.junit|org\\.assertj|org\\.opentest4j|org\\.awaitility|kata\\.support|surefire"),
            new Flag("file access",
                    "java\\.nio\\.file|java\\.io\\.File|FileOutputStream|FileWriter|RandomAccessFile|kata-results"),
            new Flag("starts processes", "ProcessBuilder|\\.exec\\s*\\("),
            new Flag("changes JVM-wide state", "System\\s*\\.\\s*(setOut|setErr|setIn|setProperty|"
                    + "setSecurityManager)|setDefaultUncaughtExceptionHandler"));

    private record Flag(String kind, Pattern pattern) {

        Flag(String kind, String regex) {
            this(kind, Pattern.compile(regex));
        }
    }

    /** The submission's own folders that are never looked at: its history and its build output. */
    private static final Set<String> SKIPPED = Set.of(".git", "target");
    private static final Pattern SERVICES = Pattern.compile("(^|/)META-INF/services/");
    private static final Pattern JUNIT_CONFIGURATION = Pattern.compile("(^|/)junit-platform\\.properties$");

    /**
     * Compares {@code submission} with {@code pristine} (the kata as committed). The allow-list is every
     * {@code exercises/**}{@code /*.java} the kata ships.
     */
    public static Submission inspect(Path submission, Path pristine) throws IOException {
        List<String> used = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String allowed : allowList(pristine)) {
            Path file = submission.resolve(allowed);
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                missing.add(allowed);
            } else if (Files.mismatch(file, pristine.resolve(allowed)) == -1) {
                unchanged.add(allowed);
            } else {
                used.add(allowed);
            }
        }
        Set<String> allowed = new HashSet<>(used);
        allowed.addAll(unchanged);
        List<Ignored> ignored = new ArrayList<>();
        int identical = 0;
        for (String other : files(submission)) {
            if (allowed.contains(other)) {
                continue;
            }
            Path mine = submission.resolve(other);
            Path kata = pristine.resolve(other);
            if (Files.isRegularFile(kata) && !Files.isSymbolicLink(mine) && Files.mismatch(mine, kata) == -1) {
                identical++;
            } else {
                String change = Files.exists(kata) ? "changed" : "extra";
                ignored.add(new Ignored(other, change, why(other)));
            }
        }
        ignored.sort(Comparator.comparing(Ignored::path, Submission::byBytes));
        return new Submission(submission.toString(), List.copyOf(used), List.copyOf(unchanged), List.copyOf(missing),
                List.of(), List.copyOf(ignored), identical, warnings(submission, used));
    }

    /** The same submission with {@code reverted} graded as their stubs. */
    public Submission withReverted(List<Reverted> reverted) {
        List<Reverted> all = new ArrayList<>(revertedToStub);
        all.addAll(reverted);
        return new Submission(path, used, unchanged, missing, List.copyOf(all), ignored, identicalToKata, warnings);
    }

    /** The kata's {@code exercises/**}{@code /*.java}, in git's order (by path, byte by byte). */
    static List<String> allowList(Path pristine) throws IOException {
        Path exercises = pristine.resolve("exercises");
        if (!Files.isDirectory(exercises)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(exercises)) {
            return files.filter(file -> Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
                    .map(file -> relative(pristine, file)).filter(file -> file.endsWith(".java"))
                    .sorted(Submission::byBytes).toList();
        }
    }

    /** Every file and link in the submission, its history and build output left out. */
    private static List<String> files(Path submission) throws IOException {
        List<String> files = new ArrayList<>();
        Files.walkFileTree(submission, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                return dir.getParent() != null && dir.getParent().equals(submission)
                        && SKIPPED.contains(dir.getFileName().toString())
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                boolean skipped = file.getParent().equals(submission)
                        && SKIPPED.contains(file.getFileName().toString());
                if (!skipped && (attributes.isRegularFile() || attributes.isSymbolicLink())) {
                    files.add(relative(submission, file));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // unreadable: nothing there can reach the grade
            }
        });
        return files;
    }

    /** Why a file outside the allow-list has no effect on the grade. */
    static String why(String path) {
        if (path.startsWith("src/test/")) {
            return "test code or test resources: the pristine tests are used";
        } else if (path.equals("pom.xml") || path.startsWith(".mvn/")) {
            return "build configuration: the pristine build is used";
        } else if (SERVICES.matcher(path).find()) {
            return "service registration: never loaded from a submission";
        } else if (JUNIT_CONFIGURATION.matcher(path).find()) {
            return "JUnit configuration: never loaded from a submission";
        } else if (path.startsWith("exercises/")) {
            return "not a .java file that exercises/ ships";
        } else if (path.startsWith("src/")) {
            return "shared code: the pristine code is used";
        } else if (path.startsWith(".ci/") || path.startsWith(".github/")) {
            return "CI and grading scripts: never run from a submission";
        }
        return "outside exercises/";
    }

    /** Each flag's matches in each used file, by kind, then file, then line. */
    static List<Warning> warnings(Path submission, List<String> used) throws IOException {
        List<List<String>> lines = new ArrayList<>();
        for (String file : used) {
            // one char a byte: line numbers count LF as grep does, and the ASCII patterns match the same bytes
            String text = new String(Files.readAllBytes(submission.resolve(file)), StandardCharsets.ISO_8859_1);
            lines.add(Arrays.asList(text.split("\n", -1)));
        }
        List<Warning> warnings = new ArrayList<>();
        for (Flag flag : FLAGS) {
            for (int f = 0; f < used.size(); f++) {
                List<String> text = lines.get(f);
                int count = text.size() > 0 && text.get(text.size() - 1).isEmpty() ? text.size() - 1 : text.size();
                for (int line = 0; line < count; line++) {
                    if (flag.pattern().matcher(text.get(line)).find()) {
                        warnings.add(new Warning(flag.kind(), used.get(f) + ":" + (line + 1)));
                    }
                }
            }
        }
        return List.copyOf(warnings);
    }

    private static String relative(Path base, Path file) {
        return base.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    }

    /** By UTF-8 bytes, which is by code point: git's order for paths, and jq's for strings. */
    private static int byBytes(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
