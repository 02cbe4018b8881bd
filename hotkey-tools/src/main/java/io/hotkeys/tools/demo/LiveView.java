package io.hotkeys.tools.demo;

import io.hotkeys.schema.KeyDisplay;
import io.hotkeys.tools.replay.HotKeyLog;
import io.hotkeys.tools.replay.ReplaySession;
import java.io.PrintWriter;
import java.util.function.LongSupplier;

/** Prints hot and cold keys as the job reports them, with seconds since the replay started. */
final class LiveView {
    private final PrintWriter out;
    private volatile long startMs = System.currentTimeMillis();
    private final LongSupplier originMs;

    /**
     * @param originMs event time at which the replay started, once known
     */
    LiveView(PrintWriter out, LongSupplier originMs) {
        this.out = out;
        this.originMs = originMs;
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
                double windowEnd = (change.record().windowEndMs() - originMs.getAsLong()) / 1000.0;
                out.printf(
                        "  %7.1f s  + HOT   %-50s %d accesses in the window ending %.1f s into the"
                                + " trace%n",
                        seconds,
                        KeyDisplay.show(change.key(), 60),
                        change.record().count(),
                        windowEnd);
            } else {
                out.printf("  %7.1f s  - COLD  %s%n", seconds, KeyDisplay.show(change.key(), 60));
            }
            out.flush();
        }
    }
}
