package kata.support;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Names what a Docker start that passed its deadline was stuck in, from its thread's frames, and what to do.
 *
 * <p>The stage alone ("Testcontainers to find a Docker engine") cannot tell a wedged engine from Testcontainers
 * pulling its Ryuk image from a registry it cannot reach: both happen inside one call. The frames can.
 *
 * @param what what hung, to follow "it was stuck": {@code "starting Testcontainers' Ryuk container"}
 * @param fix  what fixes it, to follow "or": {@code "set TESTCONTAINERS_RYUK_DISABLED=true ..."}
 */
record WhatHung(String what, String fix) {

    /** Where Docker was looked for when the user named no engine. */
    static final String DEFAULT_ENGINE = "unix:///var/run/docker.sock";

    /**
     * @param frames     the start's frames at the deadline, innermost first
     * @param dockerHost {@code DOCKER_HOST}, or null when unset
     * @return empty when the frames show none of these: the stage then says it all
     */
    static Optional<WhatHung> of(StackTraceElement[] frames, String dockerHost, String image) {
        String engine = dockerHost == null ? "the Docker engine at " + DEFAULT_ENGINE : "DOCKER_HOST=" + dockerHost;
        boolean pulling = any(frames, frame -> frame.getClassName().contains("RemoteDockerImage")
                || frame.getClassName().contains("PullImage"));
        if (any(frames, frame -> frame.getClassName().contains("Ryuk"))) {
            return Optional.of(new WhatHung("starting Testcontainers' Ryuk container (its clean-up helper)"
                    + (pulling ? ", pulling its image from a registry that is slow or unreachable" : ""),
                    "set TESTCONTAINERS_RYUK_DISABLED=true (the katas remove their own containers), or let Docker"
                            + " reach its registry (docker pull testcontainers/ryuk)"));
        }
        if (pulling) {
            return Optional.of(new WhatHung("pulling " + image + " from a registry that is slow or unreachable",
                    "pull it once while online (docker pull " + image + "), or set memcached.image"
                            + " (MEMCACHED_IMAGE) to an image you have (docker images)"));
        }
        if (any(frames, WhatHung::readsASocket)) {
            boolean answeredFirst = any(frames, frame -> frame.getClassName().equals(ContainerServer.class.getName())
                    || frame.getClassName().startsWith("org.testcontainers.containers."));
            return Optional.of(new WhatHung("on " + engine + (answeredFirst
                    ? ", which answered Testcontainers' checks, then stopped answering"
                    : ", which did not answer Testcontainers' checks"),
                    "restart Docker (docker info must answer at once)"
                            + (dockerHost == null ? "" : ", or fix or unset DOCKER_HOST")));
        }
        return Optional.empty();
    }

    private static boolean readsASocket(StackTraceElement frame) {
        String name = frame.getClassName() + "." + frame.getMethodName();
        return name.contains("Socket") && (name.contains("read") || name.contains("connect"))
                || name.startsWith("sun.nio.ch.") && name.contains("read");
    }

    private static boolean any(StackTraceElement[] frames, Predicate<StackTraceElement> test) {
        return Arrays.stream(frames).anyMatch(test);
    }
}
