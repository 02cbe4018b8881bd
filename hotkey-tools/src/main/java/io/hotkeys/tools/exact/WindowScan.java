package io.hotkeys.tools.exact;

import java.util.Arrays;

/**
 * Scans one key's timeline against a rule: its peak window count, and when it first became hot. See
 * {@link ExactCounter} for the semantics and why a single pass over the buckets suffices.
 */
final class WindowScan {
    /** Marks a time that does not exist because the key never reached the threshold. */
    static final long NEVER = Long.MIN_VALUE;

    /**
     * The scan of one key.
     *
     * @param peakCount highest window count
     * @param firstWindowEndMs end of the earliest-ending window reaching the threshold, or {@link
     *     #NEVER}
     * @param crossedAtMs event time at which a window first reached the threshold, or {@link
     *     #NEVER}
     */
    record Outcome(long peakCount, long firstWindowEndMs, long crossedAtMs) {
        boolean hot() {
            return firstWindowEndMs != NEVER;
        }
    }

    private final CountRule rule;
    private final long[] timesMs;
    private final long[] weights;
    private final int size;
    private long[] bucketStartsMs;
    private long[] bucketCounts;
    private int buckets;

    private WindowScan(CountRule rule, KeyTimeline timeline) {
        this.rule = rule;
        this.size = timeline.size();
        this.timesMs = timeline.timesMs();
        this.weights = timeline.weights();
    }

    static Outcome scan(KeyTimeline timeline, CountRule rule) {
        return new WindowScan(rule, timeline).run();
    }

    private Outcome run() {
        fillBuckets();

        long peak = 0;
        long firstWindowEndMs = NEVER;
        long reachMs = rule.windowMs() - rule.bucketMs();
        long sum = 0;
        int oldest = 0;
        for (int newest = 0; newest < buckets; newest++) {
            sum += bucketCounts[newest];
            while (bucketStartsMs[oldest] < bucketStartsMs[newest] - reachMs) {
                sum -= bucketCounts[oldest++];
            }
            peak = Math.max(peak, sum);
            if (firstWindowEndMs == NEVER && sum >= rule.threshold()) {
                firstWindowEndMs = bucketStartsMs[newest] + rule.bucketMs();
            }
        }

        long crossedAtMs = firstWindowEndMs == NEVER ? NEVER : crossedAtMs(firstWindowEndMs);
        return new Outcome(peak, firstWindowEndMs, crossedAtMs);
    }

    /** Collapses the distinct times into buckets: ascending starts, each with its count. */
    private void fillBuckets() {
        bucketStartsMs = new long[size];
        bucketCounts = new long[size];
        for (int i = 0; i < size; i++) {
            long startMs = rule.bucketStartMs(timesMs[i]);
            if (buckets > 0 && bucketStartsMs[buckets - 1] == startMs) {
                bucketCounts[buckets - 1] += weights[i];
            } else {
                bucketStartsMs[buckets] = startMs;
                bucketCounts[buckets] = weights[i];
                buckets++;
            }
        }
    }

    /** Walks the first hot window access by access until its count reaches the threshold. */
    private long crossedAtMs(long windowEndMs) {
        int found = Arrays.binarySearch(timesMs, 0, size, windowEndMs - rule.windowMs());
        long sum = 0;
        for (int i = found >= 0 ? found : -found - 1; i < size; i++) {
            sum += weights[i];
            if (sum >= rule.threshold()) {
                return timesMs[i];
            }
        }
        throw new IllegalStateException("window ending at " + windowEndMs + " never got hot");
    }
}
