package io.hotkeys.job;

import io.hotkeys.schema.Rule;
import java.io.Serializable;

/**
 * A rule with every field set, in the units the detector works in.
 *
 * @param name the rule's name ({@value #DEFAULT_NAME} for the job's default rule)
 * @param windowBuckets window length in buckets
 * @param threshold accesses per window at which a key turns hot
 * @param coldThreshold level the key's windows must stay below...
 * @param coolDownMs ...for this long before the key turns cold
 * @param pinTtlMs passed on to agents
 * @param replicas passed on to agents
 */
record AppliedRule(
        String name,
        int windowBuckets,
        long threshold,
        long coldThreshold,
        long coolDownMs,
        long pinTtlMs,
        int replicas)
        implements Serializable {

    static final String DEFAULT_NAME = "default";

    static AppliedRule of(Rule.Resolved rule, long bucketMs) {
        return new AppliedRule(
                rule.name(),
                (int) (rule.windowMs() / bucketMs),
                rule.threshold(),
                rule.coldThreshold(),
                rule.coolDownMs(),
                rule.pinTtlMs(),
                rule.replicas());
    }
}
