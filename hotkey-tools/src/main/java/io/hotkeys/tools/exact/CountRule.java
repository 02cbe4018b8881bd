package io.hotkeys.tools.exact;

/**
 * What makes a key hot: some window of {@code windowMs} holds at least {@code threshold} accesses.
 * Windows are made of buckets of {@code bucketMs}, aligned to multiples of {@code bucketMs} from
 * epoch 0; see {@link ExactCounter} for the exact semantics.
 *
 * @param bucketMs bucket width S, at least 1
 * @param windowMs window length W, a positive multiple of {@code bucketMs}
 * @param threshold count T a window must reach for its key to be hot, at least 1
 */
public record CountRule(long bucketMs, long windowMs, long threshold) {
    /** Bucket width used by the streaming job unless configured otherwise. */
    public static final long DEFAULT_BUCKET_MS = 100;

    /** Window length used unless configured otherwise. */
    public static final long DEFAULT_WINDOW_MS = 1000;

    /** Threshold used unless configured otherwise. */
    public static final long DEFAULT_THRESHOLD = 50;

    /**
     * @throws IllegalArgumentException naming the setting and its value if one is out of range
     */
    public CountRule {
        if (bucketMs < 1) {
            throw new IllegalArgumentException("bucketMs must be at least 1, was " + bucketMs);
        }
        if (windowMs < bucketMs || windowMs % bucketMs != 0) {
            throw new IllegalArgumentException(
                    "windowMs must be a positive multiple of bucketMs ("
                            + bucketMs
                            + "), was "
                            + windowMs);
        }
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be at least 1, was " + threshold);
        }
    }

    /** Returns a rule with the default bucket width. */
    public static CountRule of(long windowMs, long threshold) {
        return new CountRule(DEFAULT_BUCKET_MS, windowMs, threshold);
    }

    /** Returns the start of the bucket holding {@code timeMs}: floorDiv(timeMs, S) * S. */
    public long bucketStartMs(long timeMs) {
        return Math.floorDiv(timeMs, bucketMs) * bucketMs;
    }

    /** Returns how many buckets make a window, W / S. */
    public long bucketsPerWindow() {
        return windowMs / bucketMs;
    }
}
