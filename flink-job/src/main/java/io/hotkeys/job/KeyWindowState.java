package io.hotkeys.job;

/**
 * The detector's state for one app and key: the counts of the key's most recent buckets and its hot
 * status. A Flink POJO, kept in keyed {@code ValueState}.
 *
 * <h2>Window semantics</h2>
 *
 * Event time is cut into buckets of {@code S} ms aligned to multiples of {@code S}; a window of
 * {@code W} ms (a multiple of {@code S}) is {@code n = W / S} consecutive buckets, so the windows
 * are {@code [k*S, k*S + W)} for every whole {@code k}: a sliding window of length W and slide S. A
 * key is hot while some window's count reaches the threshold. The exact offline count in
 * hotkey-tools uses the same definition.
 *
 * <h2>Cost</h2>
 *
 * The counts live in a ring of {@code n + lateness} buckets indexed by absolute bucket number.
 * Adding a count is O(1); finding the windows that contain one bucket and reach the threshold is
 * O(2n) with a running sum. A window's count can only grow as counts arrive, so a key is reported
 * hot the moment the count that makes a window reach the threshold arrives, not when the window
 * ends; only turning cold waits for event time (the watermark) to close a window.
 */
public class KeyWindowState {
    /** Counts per bucket; slot {@code floorMod(bucket, counts.length)}. */
    public long[] counts;

    /** Highest bucket number seen; buckets newer than it hold zero. */
    public long newestBucket;

    public boolean hot;

    /** Last bucket of the next window whose close is checked while hot; -1 when not hot. */
    public long nextCheckBucket = -1;

    /** Highest count of a window since the key turned hot, as published. */
    public long peakCount;

    public KeyWindowState() {}

    static KeyWindowState create(int windowBuckets, int latenessBuckets) {
        KeyWindowState state = new KeyWindowState();
        state.counts = new long[windowBuckets + latenessBuckets];
        state.newestBucket = Long.MIN_VALUE;
        return state;
    }

    /**
     * Adds a count to a bucket.
     *
     * @return false if the bucket is older than the ring holds (the count is late and not added)
     */
    boolean add(long bucket, long count) {
        if (newestBucket != Long.MIN_VALUE && bucket <= newestBucket - counts.length) {
            return false;
        }
        advanceTo(bucket);
        counts[slot(bucket)] += count;
        return true;
    }

    /** The count of one bucket, zero when it is outside the ring. */
    long bucketCount(long bucket) {
        if (bucket > newestBucket || bucket <= newestBucket - counts.length) {
            return 0;
        }
        return counts[slot(bucket)];
    }

    /** The count of the window made of the n buckets ending with lastBucket. */
    long windowCount(long lastBucket, int windowBuckets) {
        long sum = 0;
        for (long b = lastBucket - windowBuckets + 1; b <= lastBucket; b++) {
            sum += bucketCount(b);
        }
        return sum;
    }

    /**
     * Among the windows whose last bucket is between fromLast and toLast (both included), finds the
     * earliest-ending one whose count reaches the threshold.
     *
     * @return its last bucket, or {@code Long.MIN_VALUE} if none reaches the threshold
     */
    long firstWindowReaching(long fromLast, long toLast, int windowBuckets, long threshold) {
        long sum = windowCount(fromLast, windowBuckets);
        for (long last = fromLast; last <= toLast; last++) {
            if (last > fromLast) {
                sum += bucketCount(last) - bucketCount(last - windowBuckets);
            }
            if (sum >= threshold) {
                return last;
            }
        }
        return Long.MIN_VALUE;
    }

    private void advanceTo(long bucket) {
        if (newestBucket == Long.MIN_VALUE) {
            newestBucket = bucket;
            return;
        }
        if (bucket <= newestBucket) {
            return;
        }
        long gap = Math.min(bucket - newestBucket, counts.length);
        for (long b = bucket - gap + 1; b <= bucket; b++) {
            counts[slot(b)] = 0;
        }
        newestBucket = bucket;
    }

    private int slot(long bucket) {
        return (int) Math.floorMod(bucket, (long) counts.length);
    }
}
