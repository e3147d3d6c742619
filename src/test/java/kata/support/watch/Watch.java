package kata.support.watch;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import kata.build.KataCompile;
import kata.build.KataCompiler;
import kata.build.KataLayout;
import kata.build.OneKata;
import kata.support.inprocess.KataClassLoader;
import kata.support.inprocess.LauncherRun;
import kata.support.report.KataFocus;
import kata.support.report.Progress;
import kata.support.report.Progress.KataProgress;
import kata.support.report.Progress.Status;
import kata.support.report.ProgressListener;
import kata.support.report.ProgressView;

/**
 * Watch mode: {@code mvn -q -Pwatch}. Save a file under {@code exercises/}, see the kata's verdict about a second
 * later, in the same progress view as {@code mvn test}.
 *
 * <p>One JVM for the whole session: one memcached ({@code memcached.shared=jvm}, found as the tests find it), javac
 * kept warm, and each rerun compiles only the kata in focus ({@link OneKata}), loads it in a fresh
 * {@link KataClassLoader} and runs it with the JUnit Platform Launcher ({@link LauncherRun}). A kata that does not
 * compile shows the compiler's file, line and message as its red, and blocks no other kata. When the kata in focus
 * turns green, the next one not done takes its place.
 *
 * <p>Arguments, as {@code name=value}: {@code base} (the project folder, default {@code .}), {@code side}
 * ({@code exercises}), {@code kata} (a focus as {@code -Dkata} takes it; empty: the first kata not done),
 * {@code poll} and {@code quiet} (milliseconds between looks at the files, and of calm before a burst of saves
 * reruns).
 */
public final class Watch {

    static final String KEYS = "Enter: run again   h: a hint   l: the katas   q: quit   (a letter, then Enter)";

    private final KataLayout layout;
    private final Path work;
    private final OneKata compiler;
    private final List<Path> classpath;
    private final PrintStream out;
    private final boolean clear;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Map<String, KataProgress> states = new TreeMap<>();
    private final Map<String, String> titles = new TreeMap<>();
    private final Optional<Guardian.Watcher> guardian;
    private final long pollMillis;
    private final long quietMillis;

    private String focus;
    private Progress last;
    private String screen = "";
    private final List<String> hintsShown = new ArrayList<>();
    private int hintTier;
    private String hintFor = "";
    private int runs;
    /** Katas found done by an earlier run, not run in this session (yet). */
    private final Set<String> doneEarlier = new TreeSet<>();
    private double compileSeconds;

    /** What the session reacts to: saves (a burst of them), and the learner's lines. */
    private sealed interface Event {
    }

    private record Saved(Set<Path> files) implements Event {
    }

    private record Typed(String line) implements Event {
    }

    private record InputClosed() implements Event {
    }

    private Watch(KataLayout layout, List<Path> classpath, PrintStream out, boolean clear, long pollMillis,
                  long quietMillis) {
        this.layout = layout;
        this.work = layout.target().resolve("watch");
        this.compiler = new OneKata(layout, work.resolve("scratch"), classpath);
        this.classpath = List.copyOf(classpath);
        this.out = out;
        this.clear = clear;
        this.pollMillis = pollMillis;
        this.quietMillis = quietMillis;
        this.guardian = Guardian.Watcher.start();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = KataCompiler.options(args);
        // as the pom's Surefire configuration does; before any spymemcached class loads
        setDefault("net.spy.log.LoggerImpl", "net.spy.memcached.compat.log.SLF4JLogger");
        setDefault("memcached.shared", "jvm"); // one server for every rerun, stopped when this JVM ends
        Path base = Path.of(options.getOrDefault("base", ".")).toAbsolutePath().normalize();
        String side = options.getOrDefault("side", System.getProperty("kata.side", "exercises"));
        System.setProperty("kata.side", side);
        KataLayout layout = new KataLayout(base, side);
        // the reruns' progress file, apart from mvn test's (the grader reads that); the results: resultsOf(kata)
        System.setProperty("kata.progress", layout.target().resolve("watch/kata-progress.json").toString());
        // ANSI clearing: any terminal of Linux and macOS, Windows Terminal; -Dwatch.clear=false for an old console
        boolean clear = Boolean.parseBoolean(System.getProperty("watch.clear",
                String.valueOf(System.console() != null)));
        Watch watch = new Watch(layout, classpath(), System.out, clear,
                Long.parseLong(options.getOrDefault("poll", "50")), Long.parseLong(options.getOrDefault("quiet",
                "150")));
        String kata = options.getOrDefault("kata", KataFocus.focus().orElse(""));
        System.exit(watch.session(kata.isBlank() ? null : kata.trim()));
    }

    /** The session until {@code q}; its exit status. */
    int session(String wanted) throws InterruptedException {
        List<String> katas = List.copyOf(layout.katas());
        if (katas.isEmpty()) {
            out.println("watch: no kata under " + layout.base() + ": run it from the project folder.");
            return 1;
        }
        if (wanted != null) {
            focus = katas.stream().filter(kata -> KataFocus.matches(wanted, kata)).findFirst().orElse(null);
            if (focus == null) {
                out.println("watch: -Dkata=" + wanted + " matches no kata. The katas: " + String.join(", ", katas));
                return 1;
            }
        } else {
            List<Path> results = new ArrayList<>(List.of(layout.target().resolve("kata-results.json")));
            katas.forEach(kata -> results.add(resultsOf(kata)));
            doneEarlier.addAll(EarlierRuns.done(layout, results));
            focus = katas.stream().filter(kata -> !doneEarlier.contains(kata)).findFirst()
                    .orElse(katas.get(katas.size() - 1));
            doneEarlier.stream().filter(kata -> kata.compareTo(focus) < 0).forEach(kata -> out.println("watch: "
                    + kata + " is done (an earlier run found it green, and nothing in it changed since)"));
        }
        out.println("watch: starting on " + focus + " (the first run starts memcached and warms the compiler)");
        startThreads();
        rerun(wanted == null, List.of());
        warmUp();
        while (true) {
            Event event = events.take();
            if (event instanceof Saved saved) {
                Set<Path> files = new TreeSet<>(saved.files());
                for (Event more = events.peek(); more instanceof Saved burst; more = events.peek()) {
                    files.addAll(burst.files());
                    events.poll();
                }
                saved(files);
            } else if (event instanceof Typed typed) {
                if (!typed(typed.line().strip(), katas)) {
                    return 0;
                }
            }
        }
    }

    private void saved(Set<Path> files) {
        List<String> katas = files.stream().map(layout::relative).map(KataLayout::kataOf).flatMap(Optional::stream)
                .distinct().toList();
        List<String> banner = new ArrayList<>();
        if (!katas.isEmpty() && !katas.contains(focus)) {
            banner.add("You saved " + katas.get(0) + ": it is the kata in focus now.");
            focus = katas.get(0);
        }
        rerun(false, banner);
    }

    /** @return false on {@code q} */
    private boolean typed(String line, List<String> katas) {
        switch (line.toLowerCase(Locale.ROOT)) {
            case "" -> rerun(false, List.of());
            case "h" -> hint();
            case "l" -> list();
            case "q" -> {
                out.println("watch: stopping memcached. Bye.");
                out.flush();
                return false;
            }
            default -> {
                Optional<String> kata = katas.stream().filter(k -> KataFocus.matches(line, k)).findFirst();
                if (kata.isPresent()) {
                    focus = kata.get();
                    rerun(false, List.of("Focus: " + focus + ", as you asked."));
                } else {
                    show(screen, List.of("watch: \"" + line + "\" is not a key. " + KEYS,
                            "  or a kata's number or topic (04, expiry) to focus on it"));
                }
            }
        }
        return true;
    }

    /**
     * Runs the kata in focus and shows it; when it is done and {@code advance} (or it just turned green), the next
     * kata not done takes the focus and runs too.
     */
    private void rerun(boolean advance, List<String> banner) {
        List<String> notes = new ArrayList<>(banner);
        while (true) {
            long begin = System.nanoTime();
            Status before = Optional.ofNullable(states.get(focus)).map(KataProgress::status).orElse(null);
            Progress progress;
            try {
                progress = run(focus);
            } catch (RuntimeException e) { // the watch's own trouble, never the learner's: say it, keep watching
                show(screen, List.of("", "watch: running " + focus + " failed in the watch itself: " + e,
                        "Save again or press Enter to retry; `mvn test -Dkata=" + focus.substring(1, 3)
                                + "` runs it without the watch."));
                return;
            }
            double seconds = (System.nanoTime() - begin) / 1e9;
            KataProgress kata = progress.katas().isEmpty() ? null : progress.katas().get(0);
            if (kata != null) {
                states.put(focus, kata);
            }
            last = progress;
            boolean done = kata != null && kata.status() == Status.DONE;
            Optional<String> next = done ? nextNotDone() : Optional.empty();
            if (done && (advance || before != Status.DONE) && next.isPresent()) {
                String said = "[x] " + kata.title() + " is done: all " + kata.tasksTotal() + " tasks. Next kata: "
                        + title(next.get());
                if (advance) { // looking for the first kata not done: one line each, no screen
                    out.printf(Locale.ROOT, "watch: %s is done (%.1f s); next, %s%n", focus, seconds, next.get());
                } else { // it just turned green: the verdict first, then the next kata
                    render(progress, kata, seconds, List.of(said + " (running it now)."));
                }
                notes.add(said + ".");
                focus = next.get();
                continue;
            }
            render(progress, kata, seconds, notes);
            return;
        }
    }

    private Optional<String> nextNotDone() {
        List<String> katas = List.copyOf(layout.katas());
        int at = katas.indexOf(focus);
        return Stream.concat(katas.subList(at + 1, katas.size()).stream(), katas.subList(0, at).stream())
                .filter(kata -> states.containsKey(kata) ? states.get(kata).status() != Status.DONE
                        : !doneEarlier.contains(kata)).findFirst();
    }

    private void render(Progress progress, KataProgress kata, double seconds, List<String> notes) {
        List<String> lines = new ArrayList<>();
        String verdict = kata == null ? "no test ran"
                : kata.status() == Status.DONE ? "green"
                : kata.status() == Status.DOES_NOT_COMPILE ? "does not compile"
                : kata.status() == Status.NOT_CHECKED ? "not checked (no memcached)"
                : "red, " + kata.tasksDone() + "/" + kata.tasksTotal() + " tasks";
        lines.add(String.format(Locale.ROOT, "watch #%d  %s: %s  (compiled and ran in %.2f s: javac %.2f s)", runs,
                focus, verdict, seconds, compileSeconds));
        lines.add(KEYS);
        notes.forEach(lines::add);
        if (kata != null && kata.status() == Status.DONE && nextNotDone().isEmpty()) {
            lines.add("Every kata you have is done. `mvn test` shows the whole path.");
        }
        lines.addAll(ProgressView.render(progress));
        hintsShown.clear();
        show(String.join(System.lineSeparator(), lines), List.of());
    }

    /** The screen, cleared first; {@code extra} below it (a hint, a list). */
    private void show(String view, List<String> extra) {
        screen = view;
        StringBuilder text = new StringBuilder();
        text.append(clear ? "\033[H\033[2J\033[3J" : System.lineSeparator());
        text.append(view).append(System.lineSeparator());
        extra.forEach(line -> text.append(line).append(System.lineSeparator()));
        out.print(text);
        out.flush();
    }

    private Progress run(String kata) {
        runs++;
        Path output = work.resolve("classes"); // emptied first; the last run's loader is closed
        System.setProperty("kata.results", resultsOf(kata).toString());
        long begin = System.nanoTime();
        KataCompile compiled = compiler.compile(kata, output);
        compileSeconds = (System.nanoTime() - begin) / 1e9;
        List<String> tests = layout.testSources(kata).stream()
                .map(file -> "kata." + kata + "." + file.getFileName().toString().replaceFirst("\\.java$", ""))
                .filter(name -> Files.isRegularFile(output.resolve(name.replace('.', '/') + ".class"))).toList();
        WatchListener listener = new WatchListener();
        try (KataClassLoader loader = new KataClassLoader("kata." + kata, List.of(output),
                Watch.class.getClassLoader())) {
            loader.setDefaultAssertionStatus(true); // as Surefire runs the katas
            LauncherRun.run(loader, tests, Set.of(), Map.of(), listener);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            guardian.ifPresent(Guardian.Watcher::noteServers);
        }
        titles.putAll(listener.titles());
        Map<String, String> known = new LinkedHashMap<>();
        layout.katas().forEach(k -> known.put(k, title(k)));
        Progress progress = listener.progress(kata, known);
        if (!compiled.compiled() && progress.katas().isEmpty()) {
            out.println("watch: " + kata + " has no test to run (" + compiled.errors().get(0).headline() + ")");
        }
        return progress;
    }

    private void hint() {
        if (last == null || last.next() == null) {
            show(screen, List.of("No hint needed: " + focus + " is green."));
            return;
        }
        int task = last.next().task();
        String key = focus + "#" + task;
        if (!key.equals(hintFor)) {
            hintFor = key;
            hintTier = 0;
            hintsShown.clear();
        }
        Path lesson = layout.sideOf(focus).resolve("README.md");
        Hints hints;
        try {
            hints = Hints.of(Files.readString(lesson));
        } catch (IOException e) {
            show(screen, List.of("No lesson at " + layout.relative(lesson) + ", so no hints."));
            return;
        }
        if (hints.tiers() == 0) {
            show(screen, List.of(layout.relative(lesson) + " has no hints."));
            return;
        }
        if (hintTier < hints.tiers()) {
            hintsShown.add("");
            hintsShown.addAll(hints.tier(hintTier, task));
            hintTier++;
        }
        List<String> extra = new ArrayList<>(hintsShown);
        extra.add(hintTier < hints.tiers() ? "(h again: the next hint, " + (hintTier + 1) + " of " + hints.tiers()
                + ")" : "(that was the last hint for task " + task + "; the lesson is " + layout.relative(lesson)
                + ")");
        show(screen, extra);
    }

    private void list() {
        List<String> lines = new ArrayList<>(List.of("", "The katas (what this session has seen):"));
        for (String kata : layout.katas()) {
            KataProgress state = states.get(kata);
            String what = state == null && doneEarlier.contains(kata) ? "done (in an earlier run)"
                    : state == null ? "not run in this session"
                    : switch (state.status()) {
                        case DONE -> "done";
                        case IN_PROGRESS -> "in progress: " + state.tasksDone() + "/" + state.tasksTotal() + " tasks";
                        case NOT_STARTED -> "not started";
                        case NOT_CHECKED -> "not checked: no memcached";
                        case DOES_NOT_COMPILE -> "does not compile";
                    };
            String mark = state == null ? (doneEarlier.contains(kata) ? "[x]" : "[ ]")
                    : ProgressView.mark(state.status());
            lines.add(String.format("  %s %s  %-40s %s%s", mark, kata.substring(1, 3),
                    title(kata), what, kata.equals(focus) ? "   <- in focus" : ""));
        }
        lines.add("Type a kata's number (then Enter) to focus on it.");
        show(screen, lines);
    }

    /**
     * Compiles the kata in focus a few times more, in the background and apart from the session's own compiler, while
     * the learner reads the first screen: javac is slow until the JIT has compiled it, and the first saves would pay
     * for that. It stops as soon as there is something to do.
     */
    private void warmUp() {
        String kata = focus;
        Thread warm = new Thread(() -> {
            try (OneKata spare = new OneKata(layout, work.resolve("warm-up-scratch"), classpath)) {
                for (int round = 0; round < 3 && events.isEmpty(); round++) {
                    spare.compile(kata, work.resolve("warm-up"));
                }
            } catch (IOException | RuntimeException e) {
                // only a head start: the reruns compile as before
            }
        }, "watch warm-up");
        warm.setDaemon(true);
        warm.setPriority(Thread.MIN_PRIORITY);
        warm.start();
    }

    private void startThreads() {
        Thread input = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset()))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    events.add(new Typed(line));
                }
            } catch (IOException e) {
                // no keyboard: saves still rerun
            }
            events.add(new InputClosed());
        }, "watch keys");
        input.setDaemon(true);
        input.start();
        // a scheduled poll, not a loop of sleeps: the same every pollMillis on every OS, no inotify needed
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "watch files");
            thread.setDaemon(true);
            return thread;
        });
        SourceTree tree = new SourceTree(layout.base().resolve(layout.side()));
        Debounce<Path> debounce = new Debounce<>(TimeUnit.MILLISECONDS.toNanos(quietMillis));
        AtomicLong polls = new AtomicLong();
        poller.scheduleWithFixedDelay(() -> {
            try {
                poll(tree, debounce, polls.incrementAndGet());
            } catch (RuntimeException e) { // a scheduled task that throws is never run again: say so, poll on
                out.println("watch: looking for saves failed (" + e + "); it looks again");
            }
        }, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
    }

    private void poll(SourceTree tree, Debounce<Path> debounce, long polls) {
        Set<Path> burst = debounce.poll(tree.changes(), System.nanoTime());
        if (!burst.isEmpty()) {
            events.add(new Saved(burst));
        }
        if (polls % 20 == 0) {
            guardian.ifPresent(Guardian.Watcher::noteServers); // a kata's own servers, while they run
        }
    }

    /** {@code "k04 · Items that expire"}: its tests' title once it ran, else its lesson's heading (the same words). */
    private String title(String kata) {
        String title = titles.get(kata);
        if (title == null) {
            try (Stream<String> lines = Files.lines(layout.sideOf(kata).resolve("README.md"))) {
                title = lines.filter(line -> line.startsWith("# ")).findFirst().map(line -> line.substring(2).strip())
                        .orElse(kata);
            } catch (IOException | UncheckedIOException e) {
                title = kata;
            }
            titles.put(kata, title);
        }
        return title;
    }

    /** Where the watch's run of {@code kata} writes its results: one file per kata, read back at the next start. */
    private Path resultsOf(String kata) {
        return work.resolve("results-" + kata + ".json");
    }

    /** The runs' view, kept instead of printed: the session draws its own screen. */
    private static final class WatchListener extends ProgressListener {
        @Override
        protected void finished(Progress progress) {
            // drawn by the session, with its own header
        }
    }

    /** What the katas compile against: this JVM's class path (exec:java's loader, or {@code java -cp}). */
    static List<Path> classpath() {
        List<Path> entries = new ArrayList<>();
        if (Watch.class.getClassLoader() instanceof URLClassLoader urls) {
            for (URL url : urls.getURLs()) {
                try {
                    entries.add(Path.of(url.toURI()));
                } catch (URISyntaxException e) {
                    throw new IllegalStateException(url + " is not a file", e);
                }
            }
        }
        if (entries.isEmpty()) {
            Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                    .filter(entry -> !entry.isBlank()).map(Path::of).forEach(entries::add);
        }
        return entries;
    }

    private static void setDefault(String property, String value) {
        if (System.getProperty(property, "").isBlank()) {
            System.setProperty(property, value);
        }
    }
}
