package kata.support.report;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import kata.build.KataCompile.Outcome;
import kata.build.Problem;
import kata.shared.User;
import kata.support.StoredItem;
import kata.support.report.Progress.Status;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressViewTest {

    private static final String ONE = "k01_connection";
    private static final String TWO = "k02_encoding";
    private static final String STUB_ONE = "exercises/kata/k01_connection/ServerProbe.java";
    private static final String STUB_TWO = "exercises/kata/k02_encoding/Encoding.java";
    private static final Map<String, String> TITLES = Map.of(ONE, "k01 · Connecting", TWO, "k02 · Encodings");
    private static final String NO_SERVER = "ENVIRONMENT, not your code: no memcached server for the katas. Tried"
            + " Docker: no Docker engine answered; a memcached binary: none on PATH. Any one of these fixes it:"
            + " start Docker; or install memcached; or point at a running server with -Dmemcached.address=host:11211."
            + " Check with: bash .ci/doctor";

    @TempDir
    Path base;

    @BeforeEach
    void lessons() throws IOException {
        for (String kata : List.of(ONE, TWO)) {
            Files.createDirectories(base.resolve("exercises/kata/" + kata));
            Files.writeString(base.resolve("exercises/kata/" + kata + "/README.md"), "# lesson");
        }
        Files.writeString(base.resolve(STUB_TWO), "class Encoding {}");
    }

    @Test
    void a_fresh_start_names_the_first_kata_its_first_task_and_its_file_last() {
        List<String> view = render(null, stubbed(ONE, STUB_ONE, 1, 1, 2), stubbed(TWO, STUB_TWO, 1, 2));

        assertThat(view).contains("memcached-kata  [" + ".".repeat(30) + "]  0/2 katas done",
                "  [ ] 01 connection  not started", "  [ ] 02 encoding    not started");
        assertThat(String.join("\n", last(view, 15)))
                .contains("Next: k01 · Connecting, task 1 of 2", "x test 1 of k01_connection",
                        "Open    " + STUB_ONE, "Lesson  exercises/kata/k01_connection/README.md",
                        "Focus   mvn test -Dkata=01");
    }

    @Test
    void a_finished_kata_is_done_and_the_next_one_is_named() {
        List<String> view = render(null, passed(ONE, 1, 1, 2), stubbed(TWO, STUB_TWO, 1, 2));

        assertThat(view).contains("  [x] 01 connection  done", "  [ ] 02 encoding    not started");
        assertThat(view.get(2)).endsWith("1/2 katas done").contains("#".repeat(15) + ".".repeat(15));
        assertThat(String.join("\n", last(view, 15))).contains("Next: k02 · Encodings, task 1 of 2",
                "Open    " + STUB_TWO);
    }

    @Test
    void a_kata_in_progress_counts_whole_tasks_and_teaches_its_lowest_failing_one() {
        List<TestResult> two = new ArrayList<>(passed(TWO, 1, 2));
        two.add(failed(TWO, 2, Reason.ASSERTION, "get(\"k02:name\"): memcached returns the bytes you stored", null));
        two.add(failed(TWO, 3, Reason.STUB, "k02_encoding, task 3: implement Encoding.size(value) in " + STUB_TWO,
                STUB_TWO));
        AssertionError wrongBytes = (AssertionError) catchThrowable(() -> assertThat("Ã±")
                .as("get(\"k02:name\"): memcached returns the bytes you stored").isEqualTo("ñ"));
        Map<String, FailureDetail> details = Map.of(TWO + "#test2", FailureDetail.of(wrongBytes, "exercises"));

        Progress progress = Progress.of("exercises", null, concat(passed(ONE, 1), two), TITLES, details, Map.of(),
                base);
        List<String> view = ProgressView.render(progress);

        assertThat(progress.katas().get(1).status()).isEqualTo(Status.IN_PROGRESS);
        assertThat(view).contains("  [~] 02 encoding    in progress: 1/3 tasks");
        assertThat(String.join("\n", last(view, 15))).contains("Next: k02 · Encodings, task 2 of 3",
                "x test 2 of k02_encoding", "get(\"k02:name\"): memcached returns the bytes you stored",
                "expected: \"ñ\"", "but was: \"Ã±\"", "Open    " + STUB_TWO, "(1 more failing in this kata)");
    }

    @Test
    void a_stub_whose_constructor_checks_nothing_yet_is_still_not_started() {
        List<TestResult> two = new ArrayList<>(stubbed(TWO, STUB_TWO, 1, 2));
        two.add(failed(TWO, 3, Reason.ASSERTION, "new Encoding(-1) must refuse a negative size", null));

        Progress progress = Progress.of("exercises", null, concat(passed(ONE, 1), two), TITLES, Map.of(), Map.of(),
                base);

        assertThat(progress.katas().get(1).status()).isEqualTo(Status.NOT_STARTED);
        assertThat(ProgressView.render(progress)).contains("  [ ] 02 encoding    not started");
    }

    @Test
    void a_kata_whose_stubs_are_all_written_is_in_progress_even_before_a_test_passes() {
        List<TestResult> two = List.of(failed(TWO, 1, Reason.ASSERTION, "get(\"k02:name\"): the bytes you stored",
                null), failed(TWO, 2, Reason.ERROR, "NullPointerException", null));

        Progress progress = Progress.of("exercises", null, concat(passed(ONE, 1), two), TITLES, Map.of(), Map.of(),
                base);

        assertThat(progress.katas().get(1).status()).isEqualTo(Status.IN_PROGRESS);
    }

    @Test
    void every_kata_done_says_so() {
        List<String> view = render(null, passed(ONE, 1, 2), passed(TWO, 1, 2));

        assertThat(view).contains("memcached-kata  [" + "#".repeat(30) + "]  2/2 katas done");
        assertThat(view.get(view.size() - 1)).isEqualTo("Every kata is done (2/2). Each lesson (README.md) ends with"
                + " \"Going further\": more to try on the real server.");
    }

    @Test
    void no_server_ends_with_one_environment_paragraph_and_counts_no_failure() {
        List<TestResult> results = List.of(failed(ONE, 1, Reason.ENVIRONMENT, NO_SERVER, null),
                failed(ONE, 2, Reason.ENVIRONMENT, NO_SERVER, null),
                failed(TWO, 1, Reason.ENVIRONMENT, NO_SERVER, null));
        Progress progress = Progress.of("exercises", null, results, TITLES, Map.of(), Map.of(), base);
        List<String> view = ProgressView.render(progress);

        assertThat(progress.next()).isNull();
        assertThat(progress.katas()).extracting(Progress.KataProgress::status).containsOnly(Status.NOT_CHECKED);
        assertThat(view).noneMatch(line -> line.startsWith("Next:")).allMatch(line -> line.length() <= 100);
        List<String> paragraph = view.subList(view.indexOf("") + 1, view.size());
        paragraph = paragraph.subList(paragraph.indexOf("") + 1, paragraph.size());
        assertThat(paragraph.get(0)).startsWith("ENVIRONMENT, not your code:");
        assertThat(paragraph).doesNotContain("").last().asString()
                .endsWith("(3 tests could not run; they are not counted as kata failures.)");
    }

    @Test
    void support_tests_without_a_server_leave_the_paragraph_to_the_end_and_say_it_once() {
        List<TestResult> results = new ArrayList<>();
        for (int test = 1; test <= 5; test++) {
            results.add(failed("other", test, Reason.ENVIRONMENT, NO_SERVER, null));
        }
        results.add(failed("other", 6, Reason.ASSERTION, "threads were not released together", null));
        results.add(failed(ONE, 1, Reason.ENVIRONMENT, NO_SERVER, null));
        List<String> view = ProgressView.render(Progress.of("exercises", null, results, TITLES, Map.of(), Map.of(),
                base));

        assertThat(view).filteredOn(line -> line.contains("ENVIRONMENT, not your code")).hasSize(1);
        assertThat(view).contains("Test support (not a kata): 1 test did not pass; target/surefire-reports has the"
                + " details:", "  other#test6: FAILED threads were not released together");
        assertThat(last(view, 15)).anyMatch(line -> line.startsWith("ENVIRONMENT, not your code"));
    }

    @Test
    void a_run_of_support_tests_alone_without_a_server_gives_the_paragraph_once() {
        List<TestResult> results = List.of(failed("other", 1, Reason.ENVIRONMENT, NO_SERVER, null),
                failed("other", 2, Reason.ENVIRONMENT, NO_SERVER, null));
        List<String> view = ProgressView.render(Progress.of("exercises", null, results, TITLES, Map.of(), Map.of(),
                base));

        assertThat(view).doesNotContain("Test support (not a kata)")
                .filteredOn(line -> line.contains("ENVIRONMENT, not your code")).hasSize(1);
        assertThat(view.get(view.size() - 1)).endsWith("(2 tests could not run; they are not counted as kata"
                + " failures.)");
    }

    @Test
    void a_long_failure_and_a_blocked_kata_still_leave_the_next_step_in_the_last_15_lines() {
        List<TestResult> two = List.of(failed(TWO, 1, Reason.ENVIRONMENT, NO_SERVER, null));
        AssertionError longOne = new AssertionError("[what was called]\n" + "line\n".repeat(20));

        Progress progress = Progress.of("exercises", null, concat(List.of(failed(ONE, 1, Reason.ASSERTION, "x", null)),
                two), TITLES, Map.of(ONE + "#test1", FailureDetail.of(longOne, "exercises")), Map.of(), base);
        List<String> view = ProgressView.render(progress);

        assertThat(last(view, 15)).anyMatch(line -> line.startsWith("Next: k01"));
        int paragraph = view.indexOf(view.stream().filter(line -> line.startsWith("ENVIRONMENT")).findFirst().get());
        int next = view.indexOf(view.stream().filter(line -> line.startsWith("Next:")).findFirst().get());
        assertThat(paragraph).as("the environment paragraph comes before the next step").isLessThan(next);
        assertThat(view).contains("      what was called", "      ... (14 more lines in target/surefire-reports)");
    }

    @Test
    void a_focus_that_matches_no_kata_lists_the_katas() {
        List<String> view = ProgressView.render(Progress.of("exercises", "99", List.of(), Map.of(), Map.of(),
                Map.of(TWO, "k02 · Encodings", ONE, "k01 · Connecting"), base));

        assertThat(view).containsSubsequence("-Dkata=99 matches no kata, so no test ran.",
                "  k01_connection  k01 · Connecting", "  k02_encoding    k02 · Encodings",
                "Run one with -Dkata=01 or -Dkata=connection; `mvn test` runs them all.");
    }

    @Test
    void a_focused_kata_lists_its_tests_by_task_and_then_names_the_kata_after_it_when_done() {
        List<String> view = ProgressView.render(Progress.of("exercises", "01", passed(ONE, 2, 1), TITLES, Map.of(),
                Map.of(ONE, "k01 · Connecting", TWO, "k02 · Encodings"), base));

        assertThat(view).containsSubsequence("  [x] task 1  test 1 of k01_connection",
                "  [x] task 2  test 2 of k01_connection");
        assertThat(view.get(view.size() - 1)).isEqualTo("Done. Next kata: mvn test -Dkata=02  (k02 · Encodings)");
    }

    @Test
    void focus_names_a_kata_by_number_topic_or_package() {
        for (String focus : List.of("04", "4", "k04", "expiry", "k04_expiry", "04_expiry", "01, 04", "EXPIRY")) {
            assertThat(KataFocus.matches(focus, "k04_expiry")).as("-Dkata=%s picks k04_expiry", focus).isTrue();
        }
        assertThat(KataFocus.matches("cache-aside", "k05_cache_aside")).isTrue();
        for (String focus : List.of("5", "exp", "k04_", "other")) {
            assertThat(KataFocus.matches(focus, "k04_expiry")).as("-Dkata=%s leaves k04_expiry out", focus).isFalse();
        }
        assertThat(KataFocus.matches("other", "other")).isFalse();
    }

    @Test
    void the_advice_survives_a_long_stored_value_in_the_description_in_either_order() {
        // k05, task 3, as CacheAsideKataTest words it; then the same with the advice first
        String cached = new StoredItem("k05:user:505", "{\"id\":505,\"name\":\"Davi\"}".getBytes(UTF_8), 0, 60, 24)
                .describe();
        String advice = "delete AFTER the write; a delete before it lets that read cache the old row for 60 s";
        for (String description : List.of(
                "find(505) after update(User(505, Davi Lima)), with a read during the write (cached now: " + cached
                        + "): " + advice,
                advice + ": find(505) after update(User(505, Davi Lima)), with a read during the write (cached now: "
                        + cached + ")")) {
            AssertionError failure = (AssertionError) catchThrowable(() ->
                    assertThat(Optional.of(new User(505, "Davi"))).as(description)
                            .contains(new User(505, "Davi Lima")));

            List<String> message = nextMessage(failure);

            assertThat(String.join(" ", message)).as("the view's message lines, joined").contains(advice)
                    .contains("Optional[User[id=505, name=Davi]]");
            assertThat(message).hasSizeLessThanOrEqualTo(ProgressView.MESSAGE_LINES)
                    .allMatch(line -> line.length() <= ProgressView.WIDTH);
        }
    }

    @Test
    void the_advice_survives_the_stored_item_in_the_k02_flags_message() {
        StoredItem raw = new StoredItem("k02:raw", "João Guilherme".getBytes(UTF_8), 2048, -1, 15);
        String advice = "(spymemcached stores a byte[] with flags 2048 unless your transcoder says 0)";
        AssertionError failure = (AssertionError) catchThrowable(() -> assertThat(raw.flags())
                .as("flags under \"k02:raw\": other languages read flags 0 as plain UTF-8 text; memcached holds %s"
                        + " " + advice, raw.describe())
                .isZero());

        List<String> message = nextMessage(failure);

        assertThat(String.join(" ", message)).contains(advice, "flags=2048 (raw byte[])", "expected: 0",
                "but was: 2048");
    }

    @Test
    void a_long_assertj_diff_is_shortened_and_cut_but_the_description_is_whole() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            keys.add("k07:stats:" + i);
        }
        String description = "getBulk(60 keys) after setting them: every key that was set comes back exactly once,"
                + " in any order; a key missing here was evicted, or stored under another name";
        AssertionError failure = (AssertionError) catchThrowable(() ->
                assertThat(keys).as(description).containsExactly("k07:stats:0", "k07:stats:x"));

        List<String> message = nextMessage(failure);

        assertThat(String.join(" ", message)).contains(description);
        assertThat(message).hasSize(ProgressView.MESSAGE_LINES).allMatch(line -> line.length() <= ProgressView.WIDTH)
                .last().asString().matches("\\.\\.\\. \\(\\d+ more lines? in target/surefire-reports\\)");
    }

    @Test
    void an_advice_that_does_not_fit_shortens_its_quoted_values_never_its_words() {
        String json = "{\"id\":1,\"nome\":\"Jo\\u00e3o\",\"email\":\"joao@example.com\","
                + "\"roles\":[\"admin\",\"user\"]}";
        String advice = "read it back with the charset it was written in, and store flags 0 so the Python side sees"
                + " text; a value another client cannot read is a miss for it, and every miss costs a slow query";
        List<String> message = List.of("get(\"k03:user:1\") gave \"" + json + "\" and then \"" + json + "\" again: "
                + advice, "expected: x", "but was: y");

        List<String> fitted = ProgressView.fit(message, 1, 94, 5);

        assertThat(String.join(" ", fitted)).contains(advice).contains("gave \"{\"id\":1,").contains("…")
                .doesNotContain(json);
        assertThat(fitted).hasSize(5).last().isEqualTo("... (2 more lines in target/surefire-reports)");
        assertThat(ProgressView.shortenQuoted("under \"k02:raw\": \"short\""))
                .isEqualTo("under \"k02:raw\": \"short\"");
    }

    @Test
    void open_names_the_call_the_test_made_and_the_line_that_threw_in_a_helper() {
        NumberFormatException thrown = new NumberFormatException("For input string: \"x\"");
        thrown.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("kata.k02_encoding.Encoding", "helper", "Encoding.java", 96),
            new StackTraceElement("kata.k02_encoding.Encoding", "report", "Encoding.java", 53),
            new StackTraceElement("kata.k02_encoding.EncodingKataTest", "t", "EncodingKataTest.java", 20)
        });
        List<TestResult> two = List.of(failed(TWO, 1, Reason.ERROR, "For input string", null));
        Progress progress = Progress.of("exercises", null, concat(passed(ONE, 1), two), TITLES,
                Map.of(TWO + "#test1", FailureDetail.of(thrown, "exercises")), Map.of(), base);

        assertThat(ProgressView.render(progress)).contains(
                "  Open    " + STUB_TWO + ":53  (it threw at line 96)",
                "  Test    src/test/java/kata/k02_encoding/EncodingKataTest.java:20");
    }

    @Test
    void a_kata_that_does_not_compile_is_red_and_says_the_file_the_line_and_how_to_put_the_stub_back() {
        String file = "exercises/kata/k02_encoding/Encoding.java";
        KataDoesNotCompile broken = new KataDoesNotCompile(TWO, Outcome.DOES_NOT_COMPILE, file + ":85",
                "git checkout -- " + file, 1, List.of(new Problem(file, 85, 1,
                "class, interface, enum, or record expected", "this does not compile")));
        List<TestResult> two = List.of(failed(TWO, 1, Reason.COMPILE, broken.getMessage().lines().findFirst().get(),
                file), failed(TWO, 2, Reason.COMPILE, broken.getMessage().lines().findFirst().get(), file));
        Map<String, FailureDetail> details = Map.of(TWO + "#test1", FailureDetail.of(broken, "exercises"),
                TWO + "#test2", FailureDetail.of(broken, "exercises"));

        Progress progress = Progress.of("exercises", null, concat(passed(ONE, 1), two), TITLES, details, Map.of(),
                base);
        List<String> view = ProgressView.render(progress);

        assertThat(progress.katasDone()).isEqualTo(1);
        assertThat(progress.katas().get(1).status()).isEqualTo(Status.DOES_NOT_COMPILE);
        assertThat(view).contains("  [!] 02 encoding    does not compile (see below)");
        assertThat(String.join("\n", last(view, 15))).contains(
                "Next: k02 · Encodings does not compile, so its 2 tests count as failed",
                "      " + file + ":85: class, interface, enum, or record expected",
                "          this does not compile",
                "  Open    " + file + ":85  (fix that line, or put the stub back)",
                "  Reset   git checkout -- " + file + "  (drops your edits there)",
                "  Focus   mvn test -Dkata=02");
    }

    @Test
    void a_broken_kata_that_is_not_the_next_step_is_named_with_its_reset_before_it() {
        String reset = "git checkout -- exercises/kata/k02_encoding";
        KataDoesNotCompile broken = new KataDoesNotCompile(TWO, Outcome.TESTS_DO_NOT_COMPILE, STUB_TWO, reset, 1,
                List.of(new Problem("src/test/java/kata/k02_encoding/EncodingKataTest.java", 44, 14,
                        "method put in class kata.k02_encoding.Encoding cannot be applied to given types;", null)));
        List<TestResult> two = List.of(failed(TWO, 1, Reason.COMPILE, broken.getMessage().lines().findFirst().get(),
                STUB_TWO));

        List<String> view = ProgressView.render(Progress.of("exercises", null, concat(stubbed(ONE, STUB_ONE, 1), two),
                TITLES, Map.of(TWO + "#test1", FailureDetail.of(broken, "exercises")), Map.of(), base));

        assertThat(view).containsSubsequence("  [!] 02 encoding    does not compile (see below)",
                "k02 · Encodings does not compile, so its 1 test counts as failed:",
                "  its tests do not compile against your code:",
                "  src/test/java/kata/k02_encoding/EncodingKataTest.java:44: method put in class",
                "  Reset   " + reset + "  (drops your edits there)", "Next: k01 · Connecting, task 1 of 1");
        assertThat(String.join("\n", last(view, 15))).contains("Next: k01", "Open    " + STUB_ONE);
    }

    /** The message lines the view prints for {@code failure} as the next step. */
    private List<String> nextMessage(Throwable failure) {
        Progress progress = Progress.of("exercises", null, List.of(failed(ONE, 1, Reason.ASSERTION, "x", null)),
                TITLES, Map.of(ONE + "#test1", FailureDetail.of(failure, "exercises")), Map.of(), base);
        List<String> view = ProgressView.render(progress);
        int x = view.indexOf("  x test 1 of k01_connection");
        int open = view.stream().filter(line -> line.startsWith("  Open")).findFirst().map(view::indexOf).orElseThrow();
        return view.subList(x + 1, open).stream().map(String::strip).toList();
    }

    @Test
    void a_bar_fills_in_proportion_and_a_paragraph_wraps_at_spaces() {
        assertThat(ProgressView.bar(0, 7)).isEqualTo("[" + ".".repeat(30) + "]");
        assertThat(ProgressView.bar(7, 7)).isEqualTo("[" + "#".repeat(30) + "]");
        assertThat(ProgressView.wrap("aaa bbb ccc", 7)).containsExactly("aaa bbb", "ccc");
        assertThat(ProgressView.split("was: \"99  \" after decr", 12)).containsExactly("was: \"99  \"", "after decr");
        assertThat(Progress.sentence("version is reported (MemcachedServer)")).isEqualTo("version is reported");
    }

    private List<String> render(String focus, List<TestResult> one, List<TestResult> two) {
        return ProgressView.render(Progress.of("exercises", focus, concat(one, two), TITLES, Map.of(), Map.of(), base));
    }

    private static List<TestResult> stubbed(String kata, String file, int... tasks) {
        List<TestResult> results = new ArrayList<>();
        for (int task : tasks) {
            String stub = kata + ", task " + task + ": implement X.y() in " + file;
            results.add(failed(kata, task, Reason.STUB, stub, file));
        }
        return results;
    }

    private static List<TestResult> passed(String kata, int... tasks) {
        List<TestResult> results = new ArrayList<>();
        for (int task : tasks) {
            results.add(new TestResult(kata, task, kata + "#test" + task, "test " + task + " of " + kata + " (Server)",
                    "PASSED", null, null, null));
        }
        return results;
    }

    private static TestResult failed(String kata, int task, Reason reason, String message, String file) {
        return new TestResult(kata, task, kata + "#test" + task, "test " + task + " of " + kata, "FAILED", reason,
                message, file);
    }

    private static List<TestResult> concat(List<TestResult> first, List<TestResult> second) {
        List<TestResult> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static List<String> last(List<String> lines, int count) {
        return lines.subList(Math.max(0, lines.size() - count), lines.size());
    }
}
