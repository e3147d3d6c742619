package kata.support.grade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassFileTest {

    @TempDir
    Path dir;

    @Test
    void a_class_in_a_file_of_another_name_names_that_file() throws IOException {
        Compiled shadow = Compiled.sources(dir, Map.of("ServerProbe.java", """
                package org.junit.jupiter.api;

                class Shadow {
                    long first() {
                        return 1L;
                    }

                    double second(String a, int[] b) {
                        return 2.0;
                    }
                }
                """));

        ClassFile read = ClassFile.read(Files.readAllBytes(shadow.root().resolve("org/junit/jupiter/api/Shadow.class")));

        assertThat(read.sourceFile()).as("SourceFile of a class declared in ServerProbe.java").contains("ServerProbe.java");
        assertThat(read.firstLine("first", "()J")).as("first()'s first line").hasValue(5);
        assertThat(read.firstLine("second", "(Ljava/lang/String;[I)D")).as("second(…)'s first line").hasValue(9);
        assertThat(read.firstLine("third", "()V")).isEmpty();
    }

    @Test
    void a_nested_class_names_its_outer_class_file() throws IOException {
        try (InputStream in = Score.class.getResourceAsStream("Score$TestScore.class")) {
            assertThat(ClassFile.read(in.readAllBytes()).sourceFile()).contains("Score.java");
        }
    }

    @Test
    void bytes_that_are_not_a_class_file_are_refused() {
        assertThatExceptionOfType(IOException.class).isThrownBy(() -> ClassFile.read("<?xml".getBytes()))
                .withMessageContaining("not a class file");
    }
}
