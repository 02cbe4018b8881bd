package io.hotkeys.job;

import io.hotkeys.schema.HotKeyRecord;

/** A change of the hot-key set that the detector asks the sink to write to ZooKeeper. */
public class HotKeyChange {
    /** What changed. */
    public enum Kind {
        /** The key turned hot: create its node. */
        HOT,
        /** The key is still hot and its peak grew: update its node. */
        PEAK,
        /** The key turned cold: delete its node. */
        COLD
    }

    public Kind kind;
    public String app;
    public byte[] key;
    public long detectedAtMs;
    public long windowEndMs;
    public long windowMs;
    public long threshold;
    public long count;
    public long peakCount;
    public String rule;
    public long pinTtlMs;
    public int replicas;

    public HotKeyChange() {}

    static HotKeyChange of(Kind kind, String app, byte[] key) {
        HotKeyChange change = new HotKeyChange();
        change.kind = kind;
        change.app = app;
        change.key = key;
        return change;
    }

    /** A copy of a change with another kind. */
    static HotKeyChange copyOf(HotKeyChange change, Kind kind) {
        HotKeyChange copy = of(kind, change.app, change.key);
        copy.detectedAtMs = change.detectedAtMs;
        copy.windowEndMs = change.windowEndMs;
        copy.windowMs = change.windowMs;
        copy.threshold = change.threshold;
        copy.count = change.count;
        copy.peakCount = change.peakCount;
        copy.rule = change.rule;
        copy.pinTtlMs = change.pinTtlMs;
        copy.replicas = change.replicas;
        return copy;
    }

    /** The change that deletes the node of a hot key. */
    static HotKeyChange coldOf(HotKeyChange hot) {
        return copyOf(hot, Kind.COLD);
    }

    HotKeyRecord toRecord() {
        return new HotKeyRecord(
                HotKeyRecord.FORMAT_VERSION,
                app,
                key,
                detectedAtMs,
                windowEndMs,
                windowMs,
                threshold,
                count,
                peakCount,
                rule,
                pinTtlMs,
                replicas);
    }
}
