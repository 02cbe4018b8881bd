package io.hotkeys.job;

import java.io.Serializable;
import org.apache.flink.metrics.MetricGroup;

/**
 * Where operators of the job look up the rule of an app and key. Rules can change while the job
 * runs; {@link #generation()} changes with them, so callers can cache a lookup until it does.
 */
interface RuleBook extends AutoCloseable {
    /** A number that changes whenever any app's rules change. */
    long generation();

    /** The rule for a key of an app: the app's longest matching rule, or the default rule. */
    AppliedRule ruleFor(String app, String key);

    /** The most keys of the app that may be hot at once. */
    int maxHotKeys(String app);

    @Override
    void close();

    /** Makes a rule book inside a running operator; serializable so Flink can ship it. */
    interface Factory extends Serializable {
        RuleBook open(MetricGroup metrics);
    }
}
