package kata.support.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceTreeTest {

    @TempDir
    Path root;

    @Test
    void a_java_file_saved_added_or_removed_is_a_change_once() throws IOException {
        Path stub = write("kata/k01_x/Stub.java", "class Stub {}", 1_000);
        Path other = write("kata/k01_x/Other.java", "class Other {}", 1_000);
        SourceTree tree = new SourceTree(root);
        assertThat(tree.changes()).isEmpty();

        write("kata/k01_x/Stub.java", "class Stub { int x; }", 2_000);
        Path added = write("kata/k02_y/New.java", "class New {}", 2_000);
        Files.delete(other);

        assertThat(tree.changes()).as("sorted").containsExactly(other, stub, added);
        assertThat(tree.changes()).isEmpty();
    }

    @Test
    void the_same_time_with_another_size_is_a_change_too() throws IOException {
        Path stub = write("Stub.java", "class Stub {}", 1_000);
        SourceTree tree = new SourceTree(root);

        write("Stub.java", "class Stub { }", 1_000); // a file system that keeps whole seconds

        assertThat(tree.changes()).containsExactly(stub);
    }

    @Test
    void files_that_are_not_java_are_not_watched() throws IOException {
        SourceTree tree = new SourceTree(root);

        write("kata/k01_x/README.md", "# notes", 2_000);
        write("kata/k01_x/Stub.java~", "backup", 2_000);

        assertThat(tree.changes()).isEmpty();
    }

    private Path write(String name, String text, long modified) throws IOException {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.fromMillis(modified));
        return file;
    }
}
