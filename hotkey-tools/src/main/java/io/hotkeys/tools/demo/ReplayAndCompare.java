package io.hotkeys.tools.demo;

import io.hotkeys.tools.replay.HotKeyLog;
import io.hotkeys.tools.replay.ReplayOptions;
import io.hotkeys.tools.replay.ReplaySession;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Replays a trace through agents into a running pipeline, shows hot and cold keys as the job
 * reports them, then waits for the job to finish and compares its keys with the exact count.
 */
final class ReplayAndCompare {
    private static final long MARKERS_TIMEOUT_MS = 60_000;
    private static final long COLD_TIMEOUT_MS = 30_000;

    private ReplayAndCompare() {}

    static DemoResult run(PrintWriter out, ReplayOptions options)
            throws IOException, InterruptedException {
        ReplaySession session = ReplaySession.open(options);
        LiveView view = new LiveView(out, session::originMs);
        try (HotKeyLog log =
                        HotKeyLog.start(options.zookeeperConnect(), options.app(), view::show);
                session) {
            view.start();
            Demo.say(
                    out,
                    "replay started; keys turning hot (+) and cold (-) as the job reports them:");
            session.play();
            List<String> markers = session.sendEndMarkers();
            Demo.say(out, "replay finished; waiting for the job to read the last counts");
            awaitMarkers(log, markers);
            awaitTraceKeysCold(log);
            session.awaitAllPinned(Duration.ofSeconds(10));
            return new DemoResult(options, session.result(), log.everHot());
        }
    }

    /** Prints the summary and writes the report; returns the exit code. */
    static int finish(PrintWriter out, DemoResult result, Path report) {
        result.print(out);
        if (report != null) {
            try {
                result.writeJson(report);
                Demo.say(out, "report written to %s", report);
            } catch (IOException e) {
                Demo.say(out, "could not write the report to %s: %s", report, e.getMessage());
                return 4;
            }
        }
        return result.matchesExactCount() ? 0 : 1;
    }

    private static void awaitMarkers(HotKeyLog log, List<String> markers)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + MARKERS_TIMEOUT_MS;
        while (!log.everHot().stream().map(HotKeyLog.Seen::key).toList().containsAll(markers)
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
    }

    /** After the end markers, every window of the trace closes and every key turns cold. */
    private static void awaitTraceKeysCold(HotKeyLog log) throws InterruptedException {
        long deadline = System.currentTimeMillis() + COLD_TIMEOUT_MS;
        while (!log.hotNow().stream().allMatch(ReplaySession::isEndMarker)
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
    }
}
