package kata.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import kata.support.ServerLauncher.Mode;

/**
 * What getting a server tried, and the one paragraph that says so when nothing worked: what each way did, and the
 * fixes that apply here. When the mode ruled out a way this machine has, the mode is named as the problem, not the
 * machine: advising to install memcached beside {@code /usr/bin/memcached} would send a learner the wrong way.
 */
final class NoServer {

    /** The ways, in the order the katas try them. */
    enum Way {
        ADDRESS("an address"), DOCKER("Docker"), BINARY("a memcached binary");

        final String label;

        Way(String label) {
            this.label = label;
        }
    }

    /**
     * One way that did not give a server.
     *
     * @param outcome what happened, to follow the way's name: {@code "none on PATH"}
     * @param fix     what fixes it, to follow "or": {@code "install memcached so that ..."}
     */
    record Attempt(Way way, String outcome, String fix) {
    }

    static final String PREFIX = "ENVIRONMENT, not your code: ";
    static final String INSTALL_MEMCACHED = "install memcached so that `memcached` is on PATH (apt install memcached,"
            + " brew install memcached)";
    static final String GIVE_AN_ADDRESS = "point at a running server with -Dmemcached.address=host:11211 (or"
            + " MEMCACHED_ADDRESS)";

    private final Mode mode;
    private final List<Attempt> attempts = new ArrayList<>();

    NoServer(Mode mode) {
        this.mode = mode;
    }

    void tried(Way way, String outcome, String fix) {
        attempts.add(new Attempt(way, outcome, fix));
    }

    List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    /**
     * The paragraph: starts with {@value #PREFIX}, names every way tried and how it failed, then the fixes.
     *
     * @param binaryOnPath the {@code memcached} on PATH, if any: with a mode that rules it out, the mode is at fault
     */
    String paragraph(Optional<Path> binaryOnPath) {
        String modeName = mode.name().toLowerCase(Locale.ROOT);
        String tried = attempts.stream().map(a -> a.way().label + ": " + a.outcome()).collect(Collectors.joining("; "));
        List<String> fixes = attempts.stream().map(Attempt::fix).filter(fix -> fix != null).distinct().toList();
        boolean binaryRuledOut = binaryOnPath.isPresent() && attempts.stream().noneMatch(a -> a.way() == Way.BINARY);
        StringBuilder text = new StringBuilder(PREFIX).append("no memcached server for the katas");
        if (mode == Mode.AUTO) {
            text.append(" (memcached.mode=auto). Tried ").append(tried).append(". Any one of these fixes it: ")
                    .append(String.join("; or ", fixes)).append('.');
        } else if (binaryRuledOut) {
            text.append(". memcached.mode=").append(modeName).append(" allows ").append(allowed())
                    .append(" only, and ").append(tried).append(". The mode is the problem, not this machine: a")
                    .append(" memcached binary is on PATH (").append(binaryOnPath.get()).append(") and the default")
                    .append(" mode, auto, would use it. Drop memcached.mode=").append(modeName)
                    .append(" (-Dmemcached.mode or MEMCACHED_MODE)")
                    .append(fixes.isEmpty() ? "" : "; or, to keep " + allowed() + ", " + String.join("; or ", fixes))
                    .append('.');
        } else {
            text.append(" (memcached.mode=").append(modeName).append(" allows ").append(allowed())
                    .append(" only). Tried ").append(tried).append(". Any one of these fixes it: ")
                    .append(String.join("; or ", fixes)).append(fixes.isEmpty() ? "" : "; or ")
                    .append("drop memcached.mode=").append(modeName)
                    .append(" (-Dmemcached.mode or MEMCACHED_MODE) to let the katas try every way.");
        }
        return text.append(" Check with: bash .ci/doctor").toString();
    }

    private String allowed() {
        return switch (mode) {
            case ADDRESS -> "an address";
            case DOCKER -> "Docker";
            case BINARY -> "a memcached binary";
            case AUTO -> "every way";
        };
    }
}
