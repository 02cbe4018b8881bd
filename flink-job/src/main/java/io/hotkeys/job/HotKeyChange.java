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
