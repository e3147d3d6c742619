package kata.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("interop")
@DisplayName("interop · finding the seed's Python")
class SeedPythonTest {

    @Test
    void the_property_wins_then_the_environment_then_python3() {
        assertThat(SeedPython.configuredPython("/opt/py/bin/python3", "/usr/bin/python3"))
                .as("-Dinterop.python and INTEROP_PYTHON both given").isEqualTo("/opt/py/bin/python3");
        assertThat(SeedPython.configuredPython(null, "/usr/bin/python3"))
                .as("INTEROP_PYTHON alone").isEqualTo("/usr/bin/python3");
        assertThat(SeedPython.configuredPython(" ", "")).as("both blank").isEqualTo("python3");
        assertThat(SeedPython.configuredPython(null, null)).as("neither").isEqualTo("python3");
    }

    @Test
    void a_python_that_cannot_be_started_is_unavailable_and_named() {
        assertThat(new SeedPython("/nonexistent/python3", SeedPython.SCRIPT).unavailable())
                .as("unavailable() for a program that does not exist")
                .hasValueSatisfying(why -> assertThat(why).contains("/nonexistent/python3", "could not be started"));
    }

    @Test
    void a_program_that_cannot_import_pymemcache_is_unavailable() {
        // the running JVM's own java: it exists, and it is certainly no Python with pymemcache
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        assertThat(new SeedPython(java, SeedPython.SCRIPT).unavailable())
                .as("unavailable() for %s -c \"import pymemcache\"", java)
                .hasValueSatisfying(why -> assertThat(why).contains(java, "cannot import pymemcache"));
    }

    @Test
    void a_missing_script_is_unavailable_and_named() {
        assertThat(new SeedPython("python3", Path.of("no", "such", "seed_service.py")).unavailable())
                .as("unavailable() without the seed's service")
                .hasValueSatisfying(why -> assertThat(why).contains("seed_service.py", "is not there"));
    }

    @Test
    void the_skip_line_says_how_to_enable_the_checks() {
        assertThat(SeedPythonExtension.skipLine("python3 cannot import pymemcache (ModuleNotFoundError)"))
                .as("the one line a run without pymemcache prints")
                .contains("python3 cannot import pymemcache", "apt install python3-pymemcache",
                        "pip install pymemcache", "-Dinterop.python=", "INTEROP_PYTHON", "/usr/bin/python3")
                .doesNotContain("\n");
    }
}
