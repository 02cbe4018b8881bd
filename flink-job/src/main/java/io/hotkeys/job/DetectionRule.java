package io.hotkeys.job;

import io.hotkeys.schema.config.ConfigException;
import io.hotkeys.schema.config.Settings;
import java.io.Serializable;

/**
 * The window, threshold and bucket the detector applies, checked to fit together.
 *
 * @param windowMs window length, a multiple of bucketMs
 * @param threshold accesses per window at which a key turns hot
 * @param bucketMs bucket width and window slide
 * @param latenessMs how far behind a key's newest bucket a count is still counted
 */
record DetectionRule(long windowMs, long threshold, long bucketMs, long latenessMs)
        implements Serializable {

    DetectionRule {
        if (windowMs % bucketMs != 0) {
            throw new ConfigException(
                    "setting 'window.ms' has the value '"
                            + windowMs
                            + "'; it must be a multiple of bucket.ms ("
                            + bucketMs
                            + ")");
        }
    }

    static DetectionRule from(Settings settings) {
        return new DetectionRule(
                settings.get(JobSettings.WINDOW_MS),
                settings.get(JobSettings.THRESHOLD),
                settings.get(JobSettings.BUCKET_MS),
                settings.get(JobSettings.LATENESS_MS));
    }

    int windowBuckets() {
        return (int) (windowMs / bucketMs);
    }

    int latenessBuckets() {
        return (int) ((latenessMs + bucketMs - 1) / bucketMs);
    }
}
