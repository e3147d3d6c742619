package kata.support.inprocess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads one kata's package afresh, child-first, from its own roots, and everything else from its parent.
 *
 * <p>Give it the roots in the order that should win: e.g. a mistake's compiled class first, then the test classes,
 * then the solutions' classes. The kata's classes and tests then link to each other inside this loader (and see a
 * class of the first root in place of the solution's), while {@code kata.support}, {@code kata.shared}, JUnit and the
 * memcached server stay the parent's, shared by every loader. A class of the package that no root has is not looked
 * for in the parent: a test must never silently run against another loader's copy.
 */
public final class KataClassLoader extends URLClassLoader {

    static {
        registerAsParallelCapable();
    }

    private final String packageName;
    private final String resourcePrefix;

    public KataClassLoader(String packageName, List<Path> roots, ClassLoader parent) {
        super("kata " + packageName, urls(roots), parent);
        this.packageName = packageName;
        this.resourcePrefix = packageName.replace('.', '/') + "/";
    }

    /** The package this loader owns, e.g. {@code "kata.k04_expiry"}. */
    public String packageName() {
        return packageName;
    }

    /** Whether {@code className} is a class of the package itself (nested classes included, subpackages not). */
    public boolean owns(String className) {
        return className.startsWith(packageName + ".") && className.indexOf('.', packageName.length() + 1) < 0;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!owns(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                loaded = findClass(name);
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    @Override
    public URL getResource(String name) {
        if (name.startsWith(resourcePrefix) && name.indexOf('/', resourcePrefix.length()) < 0) {
            return findResource(name);
        }
        return super.getResource(name);
    }

    /** The top-level classes of {@code packageName} under {@code root} (a class-file directory), sorted by name. */
    public static List<String> topLevelClasses(Path root, String packageName) {
        Path dir = root.resolve(packageName.replace('.', '/'));
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".class") && !f.contains("$"))
                    .map(f -> packageName + "." + f.substring(0, f.length() - ".class".length()))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + dir, e);
        }
    }

    private static URL[] urls(List<Path> roots) {
        return roots.stream().map(root -> {
            try {
                String uri = root.toAbsolutePath().toUri().toString();
                // a directory's URL must end in '/', even when it does not exist yet, or the loader reads it as a jar
                return new URL(Files.isRegularFile(root) || uri.endsWith("/") ? uri : uri + "/");
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("not a class root: " + root, e);
            }
        }).toArray(URL[]::new);
    }
}
