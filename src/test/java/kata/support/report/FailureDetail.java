package kata.support.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import kata.build.KataCompile.Outcome;
import kata.build.Problem;
import org.awaitility.core.ConditionTimeoutException;

/**
 * What a learner needs from a failure: its teaching message without stack frames, and where it happened.
 *
 * @param message   the failure's message, line by line, never cut: the advice first (the assertion's description,
 *                  or what the stub still asks for), then what was expected and found ({@link ProgressView} fits it
 *                  to the screen by shortening those, never the advice)
 * @param advice    how many of the first {@code message} lines are the advice
 * @param code      {@code file:line} in the learner's code where the fix belongs: the learner's method that the test
 *                  called; or null when the failure did not get there
 * @param thrownAt  {@code file:line} of the learner's line that threw, when it is not {@code code} (a helper that
 *                  {@code code} called); else null
 * @param testFrame {@code file:line} in the kata's test, or null
 * @param reset     for a kata that does not compile, the command that puts its stub back; else null
 */
public record FailureDetail(List<String> message, int advice, String code, String thrownAt, String testFrame,
                            String reset) {

    /** More than a screen is never shown; the view takes what fits. */
    static final int MAX_LINES = 40;
    private static final Pattern STACK_LINE = Pattern.compile("^(at |\\.\\.\\.\\(|\\.\\.\\. \\d+ more)");
    /** AssertJ puts an {@code as(…)} description first, in brackets, then a space and the rest on the next line. */
    private static final Pattern DESCRIPTION = Pattern.compile("(?s)^\\[(.*?)] ?(?:\\R|$)");
    /** A frame as AssertJ prints a quoted exception's stack in its message: {@code at a.B.c(B.java:38)}. */
    private static final Pattern FRAME = Pattern.compile(
            "^\\s*at ([\\w$.]+)\\.([\\w$<>]+)\\(([^:()]+\\.java):(\\d+)\\)");
    /** Awaitility's "because assertion condition defined as a Lambda expression in kata.k04….ExpiryKataTest". */
    private static final Pattern AWAITILITY_NOISE = Pattern.compile(
            "(?i) because (?:the )?(?:assertion )?condition (?:defined as a |with )?lambda expression in [\\w$.]+"
                    + "(?: (?:was not fulfilled|that uses [^.]*)\\.?)?");

    public FailureDetail {
        message = List.copyOf(message);
        advice = Math.max(0, Math.min(advice, message.size()));
    }

    /** Reads {@code failure}; {@code side} ({@code exercises} or {@code solutions}) is where the learner's code is. */
    public static FailureDetail of(Throwable failure, String side) {
        Optional<KataDoesNotCompile> doesNotCompile = causes(failure).stream()
                .filter(KataDoesNotCompile.class::isInstance).map(KataDoesNotCompile.class::cast).findFirst();
        if (doesNotCompile.isPresent()) {
            return ofCompile(doesNotCompile.get());
        }
        List<String> lines = new ArrayList<>();
        int advice;
        Matcher stub = stubIn(failure);
        if (stub != null) {
            // an assertion that quotes the stub: its description still says what the test was doing
            description(failure).ifPresent(lines::add);
            lines.add("still the stub: implement " + stub.group(3));
            advice = lines.size();
        } else if (failure instanceof ConditionTimeoutException timeout) {
            advice = awaitility(timeout, lines);
        } else if (failure instanceof AssertionError || Reason.of(failure) != Reason.ERROR) {
            lines.addAll(messageLines(failure));
            advice = Math.max(1, descriptionLines(failure).size());
        } else {
            String message = messageLines(failure).stream().findFirst().orElse("");
            lines.add(failure.getClass().getName() + (message.isEmpty() ? "" : ": " + message));
            advice = 1;
        }
        List<String> frames = learnerFrames(failure, side);
        String code = frames.isEmpty() ? null : frames.get(frames.size() - 1);
        String thrownAt = frames.isEmpty() || frames.get(0).equals(code) ? null : frames.get(0);
        List<String> kept = lines.subList(0, Math.min(lines.size(), MAX_LINES));
        return new FailureDetail(kept, advice, code, thrownAt, testFrame(failure), null);
    }

    private static FailureDetail ofCompile(KataDoesNotCompile failure) {
        List<String> lines = new ArrayList<>();
        List<Problem> errors = failure.errors();
        if (errors.isEmpty()) {
            lines.add(failure.getMessage().lines().findFirst().orElse(""));
        } else {
            lines.add(errors.get(0).headline());
            if (errors.get(0).code() != null) {
                lines.add("    " + errors.get(0).code());
            }
        }
        int advice = lines.size();
        errors.stream().skip(1).forEach(error -> lines.add(error.headline()));
        if (failure.total() > errors.size()) {
            lines.add("(" + (failure.total() - errors.size()) + " more errors in target/kata-compile.json)");
        }
        String testFrame = failure.outcome() == Outcome.TESTS_DO_NOT_COMPILE && !errors.isEmpty()
                ? errors.get(0).location() : null;
        String code = failure.outcome() == Outcome.DOES_NOT_COMPILE ? failure.open() : null;
        return new FailureDetail(lines, advice, code, null, testFrame, failure.reset());
    }

    /**
     * "Condition with alias 'k04:session to expire' didn't complete within 3 seconds", then the last assertion's
     * own message: the lambda's class name Awaitility puts between them says nothing to a learner.
     */
    private static int awaitility(ConditionTimeoutException timeout, List<String> lines) {
        List<String> own = messageLines(timeout);
        String head = own.isEmpty() ? "the condition did not hold in time" : own.get(0);
        Matcher noise = AWAITILITY_NOISE.matcher(head);
        String rest = "";
        if (noise.find()) {
            rest = head.substring(noise.end()).strip();
            head = head.substring(0, noise.start()).strip();
        }
        lines.add(head);
        Throwable cause = timeout.getCause();
        if (cause instanceof AssertionError assertion) {
            lines.addAll(messageLines(assertion));
            return 1 + descriptionLines(assertion).size();
        }
        // no assertion behind it: what followed the noise (a description in brackets), then the other lines
        List<String> after = new ArrayList<>();
        if (!rest.isEmpty() && !"null.".equals(rest) && !"null".equals(rest)) {
            after.add(rest.replaceFirst("^\\[(.*)]$", "$1"));
        }
        after.addAll(own.subList(Math.min(1, own.size()), own.size()));
        lines.addAll(after);
        return 1 + (after.isEmpty() ? 0 : 1);
    }

    /** The message's lines, stack frames and blank lines dropped, an AssertJ {@code [description]} unwrapped. */
    static List<String> messageLines(Throwable failure) {
        List<String> lines = new ArrayList<>(descriptionLines(failure));
        String message = failure.getMessage() == null ? "" : failure.getMessage().strip();
        Matcher description = DESCRIPTION.matcher(message);
        if (description.find()) {
            message = message.substring(description.end());
        }
        for (String raw : message.split("\\R")) {
            String line = raw.strip();
            if (!line.isEmpty() && !STACK_LINE.matcher(line).find()) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** The lines of AssertJ's {@code as(…)} description, without blank ones; empty when there is none. */
    private static List<String> descriptionLines(Throwable failure) {
        return description(failure).map(text -> text.lines().map(String::strip).filter(line -> !line.isEmpty())
                .toList()).orElse(List.of());
    }

    /** AssertJ puts an {@code as(…)} description first, in brackets. */
    static Optional<String> description(Throwable failure) {
        String message = failure.getMessage() == null ? "" : failure.getMessage().strip();
        Matcher description = DESCRIPTION.matcher(message);
        return description.find() ? Optional.of(description.group(1).strip()) : Optional.empty();
    }

    private static Matcher stubIn(Throwable failure) {
        for (Throwable t : causes(failure)) {
            Matcher stub = Reason.stubMessage(t);
            if (stub != null) {
                return stub;
            }
        }
        return null;
    }

    /**
     * The learner's frames ({@code side/…/File.java:line}), the line that threw first and the method the test
     * called last. From the first exception in the cause chain whose stack reaches the learner's code, else from
     * the stacks quoted in the messages (AssertJ quotes an unexpected exception's stack in its message), and the
     * line that threw from the deepest cause that has one.
     */
    static List<String> learnerFrames(Throwable failure, String side) {
        List<String> outer = List.of();
        List<String> inner = List.of();
        for (Throwable t : causes(failure)) {
            List<String> frames = new ArrayList<>();
            for (StackTraceElement frame : t.getStackTrace()) {
                if (learners(frame.getClassName()) && frame.getFileName() != null) {
                    frames.add(side + "/" + path(frame.getClassName(), frame.getFileName(), frame.getLineNumber()));
                }
            }
            if (!frames.isEmpty()) {
                outer = outer.isEmpty() ? frames : outer;
                inner = frames;
            }
        }
        if (outer.isEmpty()) {
            for (Throwable t : causes(failure)) {
                List<String> frames = quotedFrames(t.getMessage(), side);
                if (!frames.isEmpty()) {
                    outer = frames;
                    inner = frames;
                    break;
                }
            }
        }
        if (outer.isEmpty()) {
            return List.of();
        }
        List<String> frames = new ArrayList<>();
        frames.add(inner.get(0));
        frames.add(outer.get(outer.size() - 1));
        return frames;
    }

    private static List<String> quotedFrames(String message, String side) {
        List<String> frames = new ArrayList<>();
        if (message == null) {
            return frames;
        }
        for (String line : message.split("\\R")) {
            Matcher frame = FRAME.matcher(line);
            if (frame.find() && learners(frame.group(1))) {
                frames.add(side + "/" + path(frame.group(1), frame.group(3), Integer.parseInt(frame.group(4))));
            }
        }
        return frames;
    }

    /** A kata's own class that is not its test: the learner's. */
    private static boolean learners(String type) {
        return !TestResult.kataOf(type).equals("other") && !type.contains("KataTest");
    }

    private static String testFrame(Throwable failure) {
        for (Throwable t : causes(failure)) {
            for (StackTraceElement frame : t.getStackTrace()) {
                if (!TestResult.kataOf(frame.getClassName()).equals("other")
                        && frame.getClassName().contains("KataTest") && frame.getFileName() != null) {
                    return "src/test/java/" + path(frame.getClassName(), frame.getFileName(), frame.getLineNumber());
                }
            }
        }
        return null;
    }

    /** The failure and its causes, outermost first. */
    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    private static String path(String type, String fileName, int line) {
        String folder = type.substring(0, type.lastIndexOf('.')).replace('.', '/');
        return folder + "/" + fileName + ":" + line;
    }
}
