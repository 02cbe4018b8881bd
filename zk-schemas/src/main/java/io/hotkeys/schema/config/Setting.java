package io.hotkeys.schema.config;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One configuration setting, declared once: its dotted, unit-suffixed name, type, default,
 * validation rule and one-line documentation. Parts declare their settings as constants and read
 * them through {@link Settings}; the README tables come from {@link Settings#markdownTable}.
 *
 * @param <T> the type of the value
 */
public final class Setting<T> {
    private final String name;
    private final T defaultValue;
    private final Function<String, T> parser;
    private final Predicate<T> rule;
    private final String ruleText;
    private final String doc;

    private Setting(
            String name,
            T defaultValue,
            Function<String, T> parser,
            Predicate<T> rule,
            String ruleText,
            String doc) {
        this.name = Objects.requireNonNull(name);
        this.defaultValue = defaultValue;
        this.parser = parser;
        this.rule = rule;
        this.ruleText = ruleText;
        this.doc = doc;
    }

    /**
     * A whole number in a closed range; use a unit suffix ({@code .ms}, {@code .bytes}) in the
     * name.
     */
    public static Setting<Long> longValue(
            String name, long defaultValue, long min, long max, String doc) {
        return new Setting<>(
                name,
                defaultValue,
                Long::valueOf,
                v -> v >= min && v <= max,
                "a whole number from " + min + " to " + max,
                doc);
    }

    /** A whole number in a closed range. */
    public static Setting<Integer> intValue(
            String name, int defaultValue, int min, int max, String doc) {
        return new Setting<>(
                name,
                defaultValue,
                Integer::valueOf,
                v -> v >= min && v <= max,
                "a whole number from " + min + " to " + max,
                doc);
    }

    /** A non-blank string, with a default. */
    public static Setting<String> text(String name, String defaultValue, String doc) {
        return new Setting<>(name, defaultValue, String::trim, v -> !v.isEmpty(), "not blank", doc);
    }

    /** A non-blank string that must be given. */
    public static Setting<String> requiredText(String name, String doc) {
        return new Setting<>(name, null, String::trim, v -> !v.isEmpty(), "not blank", doc);
    }

    /** A string that a check function accepts; the function throws with the reason otherwise. */
    public static Setting<String> checkedText(
            String name,
            String defaultValue,
            Function<String, String> check,
            String ruleText,
            String doc) {
        return new Setting<>(
                name, defaultValue, s -> check.apply(s.trim()), v -> true, ruleText, doc);
    }

    /** {@code true} or {@code false}. */
    public static Setting<Boolean> flag(String name, boolean defaultValue, String doc) {
        return new Setting<>(
                name,
                defaultValue,
                s -> {
                    if (!s.equals("true") && !s.equals("false")) {
                        throw new IllegalArgumentException("not true or false");
                    }
                    return Boolean.valueOf(s);
                },
                v -> true,
                "true or false",
                doc);
    }

    public String name() {
        return name;
    }

    public Optional<T> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    public String ruleText() {
        return ruleText;
    }

    public String doc() {
        return doc;
    }

    /**
     * Parses and checks a raw value.
     *
     * @throws ConfigException naming this setting, the value and the rule
     */
    public T parse(String raw) {
        T value;
        try {
            value = parser.apply(raw.trim());
        } catch (RuntimeException e) {
            throw invalid(raw, e.getMessage());
        }
        if (!rule.test(value)) {
            throw invalid(raw, null);
        }
        return value;
    }

    private ConfigException invalid(String raw, String reason) {
        String because = reason == null || reason.isBlank() ? "" : " (" + reason + ")";
        return new ConfigException(
                "setting '"
                        + name
                        + "' has the value '"
                        + raw
                        + "'"
                        + because
                        + "; it must be "
                        + ruleText);
    }

    @Override
    public String toString() {
        return name;
    }
}
