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

    /** Closed windows in a row below the rule's cold level while hot. */
    public long windowsBelowColdLevel;

    /** The rule applied to the key, and the rule book generation it was looked up in. */
    public long ruleGeneration = -1;

    public String ruleName;
    public int windowBuckets;
    public long threshold;
    public long coldThreshold;
    public long coolDownMs;
    public long pinTtlMs;
    public int replicas;

    public KeyWindowState() {}

    static KeyWindowState create(int latenessBuckets) {
        KeyWindowState state = new KeyWindowState();
        state.counts = new long[latenessBuckets + 1];
        state.newestBucket = Long.MIN_VALUE;
        return state;
    }

    /** Applies a rule; the ring grows or shrinks to its window, keeping the newest buckets. */
    void apply(AppliedRule rule, long generation, int latenessBuckets) {
        ruleGeneration = generation;
        ruleName = rule.name();
        threshold = rule.threshold();
        coldThreshold = rule.coldThreshold();
        coolDownMs = rule.coolDownMs();
        pinTtlMs = rule.pinTtlMs();
        replicas = rule.replicas();
        if (rule.windowBuckets() != windowBuckets) {
            windowBuckets = rule.windowBuckets();
            resize(windowBuckets + latenessBuckets);
        }
    }

    /** The count of the window made of this key's window of buckets ending with lastBucket. */
    long windowCount(long lastBucket) {
        return windowCount(lastBucket, windowBuckets);
    }

    /** Whether every bucket of the window ending with lastBucket is still in the ring. */
    boolean retains(long lastBucket) {
        return lastBucket - windowBuckets + 1 > newestBucket - counts.length;
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

    private void resize(int capacity) {
        long[] old = counts;
        long oldNewest = newestBucket;
        counts = new long[capacity];
        if (oldNewest == Long.MIN_VALUE) {
            return;
        }
        int kept = Math.min(old.length, capacity);
        for (long b = oldNewest - kept + 1; b <= oldNewest; b++) {
            counts[slot(b)] = old[(int) Math.floorMod(b, (long) old.length)];
        }
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
