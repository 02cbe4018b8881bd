package io.hotkeys.job;

import org.apache.flink.metrics.MetricGroup;

/** A rule book with the default rule for every key; for benchmarks and tests of the detector. */
final class FixedRuleBook implements RuleBook {
    private final AppliedRule rule;
    private final int maxHotKeys;

    FixedRuleBook(DetectionConfig config) {
        this.rule = config.appliedDefault();
        this.maxHotKeys = config.maxHotKeysPerApp();
    }

    static Factory factory(DetectionConfig config) {
        return (MetricGroup metrics) -> new FixedRuleBook(config);
    }

    @Override
    public long generation() {
        return 0;
    }

    @Override
    public AppliedRule ruleFor(String app, String key) {
        return rule;
    }

    @Override
    public int maxHotKeys(String app) {
        return maxHotKeys;
    }

    @Override
    public void close() {}
}
