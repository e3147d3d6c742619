package kata.support.grade;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import kata.support.grade.Submission.Reverted;

/**
 * After a build of the kata with a learner's files: which of those files to grade as their stub instead, so that
 * one broken file costs its own kata and not the others.
 *
 * <ul>
 *   <li>A file that compiled a class outside the packages of the kata's own main sources (say
 *       {@code org.junit.jupiter.api}) would shadow a library's class on the test classpath: the file the class was
 *       compiled from (its class file's {@code SourceFile}) goes back to its stub.
 *   <li>Otherwise, when the build stopped on a compilation error before any test ran: a learner's file the compiler
 *       names goes back to its stub; when a kata's test is what does not compile, the learner's files of that kata
 *       changed a signature it calls, and all of them go back.
 * </ul>
 * A file is reverted once; the grader builds again until nothing new is reverted.
 */
public final class Reverts {

    private Reverts() {
    }

    /**
     * What to revert after a build in {@code kata} (the graded copy, built), given the pristine kata, the build's log,
     * whether the results file exists, and the submission with what is already reverted.
     */
    public static List<Reverted> after(Path kata, Path pristine, MavenLog log, boolean resultsWritten,
                                       Submission submission) throws IOException {
        Set<String> done = new LinkedHashSet<>();
        submission.revertedToStub().forEach(reverted -> done.add(reverted.path()));
        List<Reverted> now = new ArrayList<>();
        List<String> foreign = foreignPackages(kata.resolve("target/classes"), ownPackages(pristine));
        if (!foreign.isEmpty()) {
            for (String folder : foreign) {
                for (Path type : classFiles(kata.resolve("target/classes").resolve(folder))) {
                    Optional<String> source = ClassFile.read(Files.readAllBytes(type)).sourceFile();
                    for (String used : submission.used()) {
                        if (source.isEmpty() || Path.of(used).getFileName().toString().equals(source.get())) {
                            revert(used, "declares a class outside its kata's package (" + folder.replace('/', '.')
                                    + ")", submission, done, now);
                        }
                    }
                }
            }
        } else if (!resultsWritten && log.compilationError()) {
            for (String file : log.filesThatDoNotCompile()) {
                String prefix = kata.toString() + "/";
                if (!file.startsWith(prefix)) {
                    continue;
                }
                String path = file.substring(prefix.length());
                if (path.startsWith("exercises/")) {
                    revert(path, "does not compile", submission, done, now);
                } else if (path.matches("src/test/java/kata/k\\d\\d_[^/]*/.*")) {
                    String kataFolder = "exercises/kata/" + path.split("/")[4] + "/";
                    for (String used : submission.used()) {
                        if (used.startsWith(kataFolder)) {
                            revert(used, "the kata's tests do not compile against it", submission, done, now);
                        }
                    }
                }
            }
        }
        return List.copyOf(now);
    }

    private static void revert(String path, String why, Submission submission, Set<String> done,
                               List<Reverted> now) {
        if (submission.used().contains(path) && done.add(path)) {
            now.add(new Reverted(path, why));
        }
    }

    /** The packages (as folders) of the kata's own main code: src/main/java's and exercises/'. */
    static Set<String> ownPackages(Path pristine) throws IOException {
        Set<String> packages = new TreeSet<>();
        for (String root : List.of("src/main/java", "exercises")) {
            Path base = pristine.resolve(root);
            if (!Files.isDirectory(base)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(base)) {
                files.filter(file -> file.toString().endsWith(".java"))
                        .forEach(file -> packages.add(folder(base, file.getParent())));
            }
        }
        return packages;
    }

    /** The folders of compiled classes that are none of {@code own}, sorted. */
    static List<String> foreignPackages(Path classes, Set<String> own) throws IOException {
        if (!Files.isDirectory(classes)) {
            return List.of();
        }
        Set<String> foreign = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            files.filter(file -> file.toString().endsWith(".class"))
                    .map(file -> folder(classes, file.getParent())).filter(folder -> !own.contains(folder))
                    .forEach(foreign::add);
        }
        return List.copyOf(foreign);
    }

    private static List<Path> classFiles(Path folder) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> classes = Files.newDirectoryStream(folder, "*.class")) {
            classes.forEach(files::add);
        }
        files.sort(null);
        return files;
    }

    private static String folder(Path base, Path dir) {
        return base.relativize(dir).toString().replace(java.io.File.separatorChar, '/');
    }
}
