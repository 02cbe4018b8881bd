package io.hotkeys.tools.replay;

import java.time.Instant;
import java.time.InstantSource;

/**
 * The clock of the simulated services: it shows the event time of the access being replayed, so the
 * agents stamp each access with a time taken from the trace, not from the machine.
 */
public final class ReplayClock implements InstantSource {
    private volatile long nowMs;

    public ReplayClock(long startMs) {
        this.nowMs = startMs;
    }

    void set(long ms) {
        nowMs = ms;
    }

    @Override
    public long millis() {
        return nowMs;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(nowMs);
    }
}
