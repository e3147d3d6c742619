package kata.support.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a learner needs from a failure: its teaching message without stack frames, and where it happened.
 *
 * @param message   the failure's message, a few lines at most: the assertion's description first, then what was
 *                  expected and found, or what the stub still asks for
 * @param code      {@code file:line} in the learner's code where it failed, or null when it did not get there
 * @param testFrame {@code file:line} in the kata's test, or null
 */
public record FailureDetail(List<String> message, String code, String testFrame) {

    /** A next step fits on one screen: longer messages are cut, with the rest in target/surefire-reports. */
    static final int MAX_LINES = 5;
    private static final int MAX_WIDTH = 200;
    private static final Pattern STACK_LINE = Pattern.compile("^(at |\\.\\.\\.\\(|\\.\\.\\. \\d+ more)");
    private static final Pattern DESCRIPTION = Pattern.compile("^\\[(.*)]$");

    /** Reads {@code failure}; {@code side} ({@code exercises} or {@code solutions}) is where the learner's code is. */
    public static FailureDetail of(Throwable failure, String side) {
        List<String> lines = new ArrayList<>();
        Matcher stub = stubIn(failure);
        if (stub != null) {
            // an assertion that quotes the stub: its description still says what the test was doing
            description(failure).ifPresent(lines::add);
            lines.add("still the stub: implement " + stub.group(3));
        } else if (failure instanceof AssertionError || Reason.of(failure) != Reason.ERROR) {
            lines.addAll(messageLines(failure));
        } else {
            String message = messageLines(failure).stream().findFirst().orElse("");
            lines.add(failure.getClass().getName() + (message.isEmpty() ? "" : ": " + message));
        }
        return new FailureDetail(cap(lines), codeFrame(failure, side), testFrame(failure));
    }

    /** The message's lines, stack frames and blank lines dropped, an AssertJ {@code [description]} unwrapped. */
    static List<String> messageLines(Throwable failure) {
        List<String> lines = new ArrayList<>();
        String message = failure.getMessage() == null ? "" : failure.getMessage();
        for (String raw : message.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty() || STACK_LINE.matcher(line).find()) {
                continue;
            }
            Matcher description = DESCRIPTION.matcher(line);
            lines.add(description.matches() ? description.group(1) : line);
        }
        return lines;
    }

    /** AssertJ puts an {@code as(…)} description first, in brackets. */
    static Optional<String> description(Throwable failure) {
        String message = failure.getMessage() == null ? "" : failure.getMessage().strip();
        Matcher description = DESCRIPTION.matcher(message.split("\\R", 2)[0].strip());
        return description.matches() ? Optional.of(description.group(1)) : Optional.empty();
    }

    private static List<String> cap(List<String> lines) {
        List<String> capped = new ArrayList<>();
        for (String line : lines.subList(0, Math.min(lines.size(), MAX_LINES))) {
            capped.add(line.length() <= MAX_WIDTH ? line : line.substring(0, MAX_WIDTH - 3) + "...");
        }
        if (lines.size() > MAX_LINES) {
            int more = lines.size() - MAX_LINES + 1;
            capped.set(MAX_LINES - 1, "... (" + more + " more lines in target/surefire-reports)");
        }
        return List.copyOf(capped);
    }

    private static Matcher stubIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Matcher stub = Reason.stubMessage(t);
            if (stub != null) {
                return stub;
            }
        }
        return null;
    }

    /** The first frame in a kata's own classes (not its test), outermost exception first: the learner's line. */
    private static String codeFrame(Throwable failure, String side) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (StackTraceElement frame : t.getStackTrace()) {
                String type = frame.getClassName();
                boolean learners = !TestResult.kataOf(type).equals("other") && !type.contains("KataTest");
                if (!learners || frame.getFileName() == null) {
                    continue;
                }
                return side + "/" + path(frame);
            }
        }
        return null;
    }

    private static String testFrame(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (StackTraceElement frame : t.getStackTrace()) {
                if (!TestResult.kataOf(frame.getClassName()).equals("other")
                        && frame.getClassName().contains("KataTest") && frame.getFileName() != null) {
                    return "src/test/java/" + path(frame);
                }
            }
        }
        return null;
    }

    private static String path(StackTraceElement frame) {
        String type = frame.getClassName();
        String folder = type.substring(0, type.lastIndexOf('.')).replace('.', '/');
        return folder + "/" + frame.getFileName() + ":" + frame.getLineNumber();
    }
}
