package io.hotkeys.schema;

import java.util.Arrays;

/**
 * The data of a {@link ZkNode#HOT_KEY} node: one key of one app that is hot now. Written by the job
 * when the key turns hot (and again when its peak grows), read by agents and the console.
 *
 * @param version format version, {@value #FORMAT_VERSION}
 * @param app the app
 * @param key the key's UTF-8 bytes (base64 in JSON), see {@link KeyCodec}
 * @param detectedAtMs wall-clock time at which the job found the key hot
 * @param windowEndMs event-time end (exclusive) of the first window that reached the threshold
 * @param windowMs length of the counting window
 * @param threshold accesses per window at which the key turns hot
 * @param count accesses in that first window when the job found it hot
 * @param peakCount the most accesses seen in one window since the key turned hot
 * @param rule name of the rule that made the key hot ({@code default} for the job's default rule)
 * @param pinTtlMs how long agents keep the key's value pinned before loading it again
 * @param replicas how many replica keys agents spread the key's remote reads over (0: none)
 */
public record HotKeyRecord(
        int version,
        String app,
        byte[] key,
        long detectedAtMs,
        long windowEndMs,
        long windowMs,
        long threshold,
        long count,
        long peakCount,
        String rule,
        long pinTtlMs,
        int replicas)
        implements Versioned {

    public static final int FORMAT_VERSION = 1;

    public static final JsonCodec<HotKeyRecord> CODEC =
            JsonCodec.lenient(HotKeyRecord.class, "hot-key record", FORMAT_VERSION);

    public HotKeyRecord {
        ZkLayout.checkApp(app);
        if (key == null) {
            throw new SchemaException("hot-key record has no key");
        }
    }

    /** Returns a copy with a new peak count. */
    public HotKeyRecord withPeakCount(long newPeakCount) {
        return new HotKeyRecord(
                version,
                app,
                key,
                detectedAtMs,
                windowEndMs,
                windowMs,
                threshold,
                count,
                newPeakCount,
                rule,
                pinTtlMs,
                replicas);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HotKeyRecord r
                && version == r.version
                && app.equals(r.app)
                && Arrays.equals(key, r.key)
                && detectedAtMs == r.detectedAtMs
                && windowEndMs == r.windowEndMs
                && windowMs == r.windowMs
                && threshold == r.threshold
                && count == r.count
                && peakCount == r.peakCount
                && java.util.Objects.equals(rule, r.rule)
                && pinTtlMs == r.pinTtlMs
                && replicas == r.replicas;
    }

    @Override
    public int hashCode() {
        return 31 * app.hashCode() + Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "HotKeyRecord{app="
                + app
                + ", key="
                + KeyCodec.nodeName(key)
                + ", count="
                + count
                + ", peak="
                + peakCount
                + ", windowEndMs="
                + windowEndMs
                + '}';
    }
}
