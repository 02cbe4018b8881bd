package io.hotkeys.agent;

import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told to. */
final class ManualClock implements InstantSource {
    private final AtomicLong nowMs;

    ManualClock(long startMs) {
        this.nowMs = new AtomicLong(startMs);
    }

    void advanceMs(long ms) {
        nowMs.addAndGet(ms);
    }

    void setMs(long ms) {
        nowMs.set(ms);
    }

    @Override
    public long millis() {
        return nowMs.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }
}
