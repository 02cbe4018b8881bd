package io.hotkeys.job;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends this process when the process that started it ends, if the system property {@value
 * #PROPERTY} is {@code true}. The demo starts the job as a child process with it, so the job never
 * outlives the demo, even when the demo is killed without a chance to clean up.
 */
final class ParentWatch {
    static final String PROPERTY = "hotkeys.exit.with.parent";
    private static final Logger LOG = LoggerFactory.getLogger(ParentWatch.class);

    private ParentWatch() {}

    static void installIfRequested() {
        if (!Boolean.getBoolean(PROPERTY)) {
            return;
        }
        ProcessHandle.current()
                .parent()
                .ifPresent(
                        parent ->
                                parent.onExit()
                                        .thenRun(
                                                () -> {
                                                    LOG.info(
                                                            "parent process {} ended; stopping",
                                                            parent.pid());
                                                    Runtime.getRuntime().halt(0);
                                                }));
    }
}
