package io.hotkeys.job;

import io.hotkeys.schema.Rule;
import io.hotkeys.schema.config.ConfigException;
import io.hotkeys.schema.config.Settings;
import java.io.Serializable;

/**
 * What the detector needs besides the rules: the bucket, the allowed lateness, the default rule for
 * keys no rule matches, and the defaults for fields a rule leaves out.
 *
 * @param bucketMs bucket width and window slide
 * @param latenessMs how far behind a key's newest bucket a count is still counted
 * @param defaultRule the rule of keys that no rule of their app matches
 * @param defaults values for the fields a rule leaves out
 * @param maxHotKeysPerApp most hot keys of an app, unless its rules say otherwise
 */
record DetectionConfig(
        long bucketMs,
        long latenessMs,
        Rule.Resolved defaultRule,
        Rule.Defaults defaults,
        int maxHotKeysPerApp)
        implements Serializable {

    DetectionConfig {
        if (defaultRule.windowMs() % bucketMs != 0) {
            throw new ConfigException(
                    "setting 'window.ms' has the value '"
                            + defaultRule.windowMs()
                            + "'; it must be a multiple of bucket.ms ("
                            + bucketMs
                            + ")");
        }
    }

    static DetectionConfig from(Settings settings) {
        Rule.Defaults defaults =
                new Rule.Defaults(
                        settings.get(JobSettings.COLD_THRESHOLD_PERCENT),
                        settings.get(JobSettings.COOL_DOWN_MS),
                        settings.get(JobSettings.PIN_TTL_MS),
                        settings.get(JobSettings.REPLICAS));
        Rule defaultRule =
                new Rule(
                        AppliedRule.DEFAULT_NAME,
                        new Rule.Match("all", null),
                        settings.get(JobSettings.WINDOW_MS),
                        settings.get(JobSettings.THRESHOLD),
                        null,
                        null,
                        null,
                        null);
        return new DetectionConfig(
                settings.get(JobSettings.BUCKET_MS),
                settings.get(JobSettings.LATENESS_MS),
                defaultRule.resolve(defaults),
                defaults,
                settings.get(JobSettings.MAX_HOT_KEYS_PER_APP));
    }

    AppliedRule appliedDefault() {
        return AppliedRule.of(defaultRule, bucketMs);
    }

    int latenessBuckets() {
        return (int) ((latenessMs + bucketMs - 1) / bucketMs);
    }
}
