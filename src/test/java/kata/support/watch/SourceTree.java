package kata.support.watch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The {@code .java} files under a folder, each with its modification time and size: polled, so it works the same on
 * every operating system and file system (no inotify, no WatchService quirks on macOS).
 */
final class SourceTree {

    private final Path root;
    private Map<Path, Stamp> last;

    private record Stamp(long modified, long size) {
    }

    SourceTree(Path root) {
        this.root = root;
        this.last = scan();
    }

    /** The files added, changed or removed since the last call (or since this tree was made), sorted. */
    Set<Path> changes() {
        Map<Path, Stamp> now = scan();
        Set<Path> changed = new TreeSet<>();
        now.forEach((file, stamp) -> {
            if (!stamp.equals(last.get(file))) {
                changed.add(file);
            }
        });
        last.keySet().stream().filter(file -> !now.containsKey(file)).forEach(changed::add);
        last = now;
        return changed;
    }

    private Map<Path, Stamp> scan() {
        Map<Path, Stamp> files = new HashMap<>();
        if (!Files.isDirectory(root)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(file -> file.getFileName().toString().endsWith(".java")).forEach(file -> {
                try {
                    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                    if (attributes.isRegularFile()) {
                        files.put(file, new Stamp(attributes.lastModifiedTime().toMillis(), attributes.size()));
                    }
                } catch (NoSuchFileException gone) {
                    // an editor replaced it between the listing and the look: the next poll sees the new one
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            return Objects.requireNonNullElse(last, files); // a folder renamed mid-walk: look again next poll
        }
        return files;
    }
}
