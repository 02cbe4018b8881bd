package io.hotkeys.schema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Finds the rule that applies to a key, without trying every rule.
 *
 * <p>The longest match wins: an {@code exact} rule matches the whole key; a {@code prefix}, {@code
 * suffix} or {@code substring} rule matches as many characters as its value has. Equal lengths go
 * to exact, then prefix, then suffix, then substring. {@code regex} rules cannot be indexed; they
 * are tried in their order only when no rule of the other kinds matches, and the first that matches
 * the whole key wins. An {@code all} rule applies when nothing else does.
 *
 * <p>A regex match is bounded in work and depth (see {@link BoundedRegex}): on a key that would
 * make the pattern backtrack without end, or recurse deeper than the stack allows, the match is
 * abandoned, the rule counts as not matching, and the listener given at construction hears of it.
 *
 * <p>Rules of the literal kinds are kept in hash maps per value length, so a lookup costs one hash
 * probe per distinct prefix or suffix length, and one per position and distinct length for
 * substrings, whatever the number of rules.
 *
 * @param <R> what a rule resolves to for the caller
 */
public final class RuleMatcher<R> {
    private final Map<String, R> exact = new HashMap<>();
    private final TreeMap<Integer, Map<String, R>> prefixes = new TreeMap<>();
    private final TreeMap<Integer, Map<String, R>> suffixes = new TreeMap<>();
    private final TreeMap<Integer, Map<String, R>> substrings = new TreeMap<>();
    private final List<Map.Entry<BoundedRegex, R>> regexes = new ArrayList<>();
    private final AbandonedMatchListener abandoned;
    private R all;

    /** Hears of regex matches given up on. */
    @FunctionalInterface
    public interface AbandonedMatchListener {
        /**
         * Called on the matching thread; must be cheap and must not throw.
         *
         * @param tooDeep true when the engine's recursion outgrew the stack (the pattern repeats a
         *     group with alternatives over a long key), false when it backtracked too much
         */
        void abandoned(String regex, String key, boolean tooDeep);
    }

    /** A matcher that ignores abandoned regex matches beyond treating them as no match. */
    public RuleMatcher() {
        this((regex, key, tooDeep) -> {});
    }

    /** A matcher that tells {@code abandoned} of each regex match it had to give up. */
    public RuleMatcher(AbandonedMatchListener abandoned) {
        this.abandoned = abandoned;
    }

    /** Adds a rule of a validated rule set, with what it resolves to. */
    public void add(Rule.Match match, R resolved) {
        switch (match.type()) {
            case "exact" -> exact.putIfAbsent(match.value(), resolved);
            case "prefix" -> byLength(prefixes, match.value()).putIfAbsent(match.value(), resolved);
            case "suffix" -> byLength(suffixes, match.value()).putIfAbsent(match.value(), resolved);
            case "substring" ->
                    byLength(substrings, match.value()).putIfAbsent(match.value(), resolved);
            case "regex" ->
                    regexes.add(
                            Map.entry(new BoundedRegex(Pattern.compile(match.value())), resolved));
            case "all" -> all = all == null ? resolved : all;
            default -> throw new SchemaException("unknown match type '" + match.type() + "'");
        }
    }

    /** Returns the rule for a key, or null when no rule applies. */
    public R match(String key) {
        R found = exact.get(key);
        if (found != null) {
            return found;
        }
        found = longestLiteral(key);
        if (found != null) {
            return found;
        }
        found = firstRegex(key);
        return found != null ? found : all;
    }

    private R firstRegex(String key) {
        for (Map.Entry<BoundedRegex, R> regex : regexes) {
            switch (regex.getKey().matches(key)) {
                case MATCHED -> {
                    return regex.getValue();
                }
                case TOO_MANY_STEPS ->
                        abandoned.abandoned(regex.getKey().pattern().pattern(), key, false);
                case TOO_DEEP -> abandoned.abandoned(regex.getKey().pattern().pattern(), key, true);
                case NOT_MATCHED -> {}
            }
        }
        return null;
    }

    private R longestLiteral(String key) {
        int bestLength = -1;
        R best = null;
        for (Map.Entry<Integer, Map<String, R>> entry :
                prefixes.headMap(key.length(), true).descendingMap().entrySet()) {
            R rule = entry.getValue().get(key.substring(0, entry.getKey()));
            if (rule != null) {
                bestLength = entry.getKey();
                best = rule;
                break;
            }
        }
        for (Map.Entry<Integer, Map<String, R>> entry :
                suffixes.headMap(key.length(), true).descendingMap().entrySet()) {
            if (entry.getKey() <= bestLength) {
                break;
            }
            R rule = entry.getValue().get(key.substring(key.length() - entry.getKey()));
            if (rule != null) {
                bestLength = entry.getKey();
                best = rule;
                break;
            }
        }
        for (Map.Entry<Integer, Map<String, R>> entry :
                substrings.headMap(key.length(), true).descendingMap().entrySet()) {
            if (entry.getKey() <= bestLength) {
                break;
            }
            R rule = substringOfLength(key, entry.getKey(), entry.getValue());
            if (rule != null) {
                return rule;
            }
        }
        return best;
    }

    private static <R> R substringOfLength(String key, int length, Map<String, R> rules) {
        for (int start = 0; start + length <= key.length(); start++) {
            R rule = rules.get(key.substring(start, start + length));
            if (rule != null) {
                return rule;
            }
        }
        return null;
    }

    private static <R> Map<String, R> byLength(
            TreeMap<Integer, Map<String, R>> index, String value) {
        return index.computeIfAbsent(value.length(), length -> new HashMap<>());
    }
}
