package io.hotkeys.tools.demo;

import io.hotkeys.tools.replay.HotKeyLog;
import io.hotkeys.tools.replay.ReplaySession;
import java.io.PrintWriter;

/** Prints hot and cold keys as the job reports them, with seconds since the replay started. */
final class LiveView {
    private final PrintWriter out;
    private volatile long startMs = System.currentTimeMillis();

    LiveView(PrintWriter out) {
        this.out = out;
    }

    void start() {
        startMs = System.currentTimeMillis();
    }

    void show(HotKeyLog.Change change) {
        if (ReplaySession.isEndMarker(change.key())) {
            return;
        }
        double seconds = (change.atMs() - startMs) / 1000.0;
        synchronized (out) {
            if (change.hot()) {
                out.printf(
                        "  %7.1f s  + HOT   %-50s count %d in the window ending at %d%n",
                        seconds,
                        Display.key(change.key()),
                        change.record().count(),
                        change.record().windowEndMs());
            } else {
                out.printf("  %7.1f s  - COLD  %s%n", seconds, Display.key(change.key()));
            }
            out.flush();
        }
    }
}
