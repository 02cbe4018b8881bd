package io.hotkeys.schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The data of an app's {@link ZkNode#RULES} node: the app's detection rules, written by an operator
 * (through the console or by hand) and applied by the job without a restart.
 *
 * <pre>{@code
 * {"version": 1, "maxHotKeys": 500,
 *  "rules": [{"name": "images", "match": {"type": "prefix", "value": "/images/"},
 *             "windowMs": 1000, "threshold": 50, "coldThreshold": 20, "coolDownMs": 3000}]}
 * }</pre>
 *
 * Reading is strict: an unknown or misspelt field is an error. {@link #validate} checks every field
 * and names each one that is wrong; a rule set that fails is refused as a whole and the last good
 * one stays in force.
 *
 * @param version format version, {@value #FORMAT_VERSION}
 * @param maxHotKeys most keys of the app hot at once (null: the job's default)
 * @param rules the rules; keys that match none take the job's default rule
 */
public record RuleSet(int version, Integer maxHotKeys, List<Rule> rules) implements Versioned {
    public static final int FORMAT_VERSION = 1;
    public static final long MAX_WINDOW_MS = 60_000;
    public static final int MAX_REPLICAS = 64;
    public static final Set<String> MATCH_TYPES =
            Set.of("exact", "prefix", "suffix", "substring", "regex", "all");

    public static final JsonCodec<RuleSet> CODEC =
            JsonCodec.strict(RuleSet.class, "rule set", FORMAT_VERSION);

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** Reads and validates a rule set. */
    public static RuleSet read(byte[] json, String source, long bucketMs) {
        RuleSet set = CODEC.decode(json, source);
        set.validate(bucketMs).throwIfAny(source);
        return set;
    }

    /**
     * Checks every field.
     *
     * @param bucketMs the job's bucket; windows must be multiples of it
     */
    public Problems validate(long bucketMs) {
        Problems problems = new Problems();
        if (maxHotKeys != null && maxHotKeys < 1) {
            problems.add("maxHotKeys", "must be at least 1, was " + maxHotKeys);
        }
        if (rules == null) {
            problems.add("rules", "is required (an empty list is allowed)");
            return problems;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            validateRule(rules.get(i), "rules[" + i + "]", bucketMs, names, problems);
        }
        return problems;
    }

    private static void validateRule(
            Rule rule, String at, long bucketMs, Set<String> names, Problems problems) {
        if (rule == null) {
            problems.add(at, "is null");
            return;
        }
        if (rule.name() == null || !NAME.matcher(rule.name()).matches()) {
            problems.add(
                    at + ".name",
                    "must be 1 to 64 letters, digits, '.', '_' or '-', was " + quoted(rule.name()));
        } else if (!names.add(rule.name())) {
            problems.add(at + ".name", "'" + rule.name() + "' is used by an earlier rule");
        }
        validateMatch(rule.match(), at + ".match", problems);
        validateWindow(rule.windowMs(), at + ".windowMs", bucketMs, problems);
        validateLevels(rule, at, problems);
        if (rule.coolDownMs() != null && (rule.coolDownMs() < 0 || rule.coolDownMs() > 3_600_000)) {
            problems.add(at + ".coolDownMs", "must be from 0 to 3600000, was " + rule.coolDownMs());
        }
        if (rule.pinTtlMs() != null && (rule.pinTtlMs() < 1 || rule.pinTtlMs() > 86_400_000)) {
            problems.add(at + ".pinTtlMs", "must be from 1 to 86400000, was " + rule.pinTtlMs());
        }
        if (rule.replicas() != null && (rule.replicas() < 0 || rule.replicas() > MAX_REPLICAS)) {
            problems.add(
                    at + ".replicas",
                    "must be from 0 to " + MAX_REPLICAS + ", was " + rule.replicas());
        }
    }

    private static void validateMatch(Rule.Match match, String at, Problems problems) {
        if (match == null || match.type() == null) {
            problems.add(at + ".type", "is required: one of " + sortedTypes());
            return;
        }
        String type = match.type();
        if (!MATCH_TYPES.contains(type)) {
            problems.add(at + ".type", "'" + type + "' is not one of " + sortedTypes());
        } else if (type.equals("all")) {
            if (match.value() != null) {
                problems.add(at + ".value", "must be left out for type 'all'");
            }
        } else if (match.value() == null || (match.value().isEmpty() && !type.equals("exact"))) {
            problems.add(
                    at + ".value", "is required for type '" + type + "' and must not be empty");
        } else if (type.equals("regex")) {
            validateRegex(match.value(), at + ".value", problems);
        }
    }

    private static void validateRegex(String regex, String at, Problems problems) {
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            problems.add(
                    at,
                    "is not a valid regular expression: "
                            + e.getDescription()
                            + " near index "
                            + e.getIndex());
        }
    }

    private static void validateWindow(Long windowMs, String at, long bucketMs, Problems problems) {
        if (windowMs == null) {
            problems.add(at, "is required");
        } else if (windowMs < bucketMs || windowMs > MAX_WINDOW_MS || windowMs % bucketMs != 0) {
            problems.add(
                    at,
                    "must be a multiple of "
                            + bucketMs
                            + " from "
                            + bucketMs
                            + " to "
                            + MAX_WINDOW_MS
                            + ", was "
                            + windowMs);
        }
    }

    private static void validateLevels(Rule rule, String at, Problems problems) {
        if (rule.threshold() == null) {
            problems.add(at + ".threshold", "is required");
            return;
        }
        if (rule.threshold() < 1) {
            problems.add(at + ".threshold", "must be at least 1, was " + rule.threshold());
            return;
        }
        Long cold = rule.coldThreshold();
        if (cold != null && (cold < 1 || cold > rule.threshold())) {
            problems.add(
                    at + ".coldThreshold",
                    "must be from 1 to the threshold (" + rule.threshold() + "), was " + cold);
        }
    }

    private static String sortedTypes() {
        return String.join(", ", MATCH_TYPES.stream().sorted().toList());
    }

    private static String quoted(String value) {
        return value == null ? "nothing" : "'" + value + "'";
    }

    /** Everything wrong with a rule set, each with the field it is about. */
    public static final class Problems {
        private final List<String> problems = new ArrayList<>();

        void add(String field, String problem) {
            problems.add(field + ": " + problem);
        }

        public List<String> all() {
            return List.copyOf(problems);
        }

        public boolean isEmpty() {
            return problems.isEmpty();
        }

        /** Throws a {@link SchemaException} listing every problem, if there is any. */
        public void throwIfAny(String source) {
            if (!problems.isEmpty()) {
                throw new SchemaException(
                        "rule set at " + source + " is refused: " + String.join("; ", problems));
            }
        }

        @Override
        public String toString() {
            return String.join("; ", problems);
        }
    }
}
