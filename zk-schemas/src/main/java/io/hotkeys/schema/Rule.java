package io.hotkeys.schema;

import java.io.Serializable;

/**
 * One detection rule of an app, as written by an operator (see {@link RuleSet}). Fields left out
 * are null here and take the job's defaults when the rule is applied ({@link #resolve}).
 *
 * @param name unique within the app; letters, digits, '.', '_' and '-'
 * @param match which keys the rule applies to
 * @param windowMs length of the sliding window, a multiple of the job's bucket
 * @param threshold accesses within one window at which a key turns hot
 * @param coldThreshold a hot key turns cold only once its windows stay below this level...
 * @param coolDownMs ...for this long (so a key hovering at the threshold does not flap)
 * @param pinTtlMs how long agents keep a hot key's value pinned before loading it again
 * @param replicas how many replica keys agents spread a hot key's remote reads over (0: none)
 */
public record Rule(
        String name,
        Match match,
        Long windowMs,
        Long threshold,
        Long coldThreshold,
        Long coolDownMs,
        Long pinTtlMs,
        Integer replicas) {

    /**
     * Which keys a rule applies to.
     *
     * @param type one of {@code exact}, {@code prefix}, {@code suffix}, {@code substring}, {@code
     *     regex}, {@code all}
     * @param value the text to compare with (not used by {@code all})
     */
    public record Match(String type, String value) {}

    /** A rule with every field set: what the detector applies. */
    public record Resolved(
            String name,
            long windowMs,
            long threshold,
            long coldThreshold,
            long coolDownMs,
            long pinTtlMs,
            int replicas)
            implements Serializable {}

    /** Defaults for fields a rule leaves out. */
    public record Defaults(int coldThresholdPercent, long coolDownMs, long pinTtlMs, int replicas)
            implements Serializable {}

    /** Fills the fields the rule leaves out from the defaults. */
    public Resolved resolve(Defaults defaults) {
        long cold =
                coldThreshold != null
                        ? coldThreshold
                        : Math.max(1, threshold * defaults.coldThresholdPercent() / 100);
        return new Resolved(
                name,
                windowMs,
                threshold,
                cold,
                coolDownMs != null ? coolDownMs : defaults.coolDownMs(),
                pinTtlMs != null ? pinTtlMs : defaults.pinTtlMs(),
                replicas != null ? replicas : defaults.replicas());
    }
}
