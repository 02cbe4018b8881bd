package io.hotkeys.schema.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Values of a declared list of {@link Setting}s, parsed and checked once. Unknown names and bad
 * values fail here, at start-up, with a message that names the setting.
 */
public final class Settings {
    private final Map<String, Setting<?>> declared;
    private final Map<String, Object> values;

    private Settings(Map<String, Setting<?>> declared, Map<String, Object> values) {
        this.declared = declared;
        this.values = values;
    }

    /**
     * Parses raw values against declared settings; settings not given take their default.
     *
     * @throws ConfigException for an unknown name, a bad value or a missing required setting
     */
    public static Settings parse(List<Setting<?>> declaredSettings, Map<String, String> raw) {
        Map<String, Setting<?>> declared = new LinkedHashMap<>();
        for (Setting<?> setting : declaredSettings) {
            declared.put(setting.name(), setting);
        }
        checkNoUnknown(declared, raw);
        Map<String, Object> values = new HashMap<>();
        for (Setting<?> setting : declared.values()) {
            String given = raw.get(setting.name());
            if (given != null) {
                values.put(setting.name(), setting.parse(given));
            } else if (setting.defaultValue().isPresent()) {
                values.put(setting.name(), setting.defaultValue().get());
            } else {
                throw new ConfigException(
                        "setting '" + setting.name() + "' is required: " + setting.doc());
            }
        }
        return new Settings(declared, values);
    }

    /** Returns the value of a setting. */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        if (!declared.containsKey(setting.name())) {
            throw new IllegalArgumentException(
                    "setting '" + setting.name() + "' is not declared here");
        }
        return (T) values.get(setting.name());
    }

    /** Returns the values as raw strings, for passing on. */
    public Map<String, String> asStrings() {
        Map<String, String> out = new LinkedHashMap<>();
        declared.keySet().forEach(name -> out.put(name, String.valueOf(values.get(name))));
        return out;
    }

    /** A Markdown table of the settings (name, default, rule, meaning) for the README. */
    public static String markdownTable(List<Setting<?>> settings) {
        List<String> rows = new ArrayList<>();
        rows.add("| setting | default | allowed | meaning |");
        rows.add("|---|---|---|---|");
        for (Setting<?> s : settings) {
            String def = s.defaultValue().map(String::valueOf).orElse("(required)");
            rows.add(
                    "| `"
                            + s.name()
                            + "` | `"
                            + def
                            + "` | "
                            + s.ruleText()
                            + " | "
                            + s.doc()
                            + " |");
        }
        return String.join("\n", rows) + "\n";
    }

    private static void checkNoUnknown(Map<String, Setting<?>> declared, Map<String, String> raw) {
        List<String> unknown =
                raw.keySet().stream().filter(k -> !declared.containsKey(k)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new ConfigException(
                    "unknown setting(s) "
                            + unknown
                            + "; known settings are "
                            + declared.keySet().stream().collect(Collectors.joining(", ")));
        }
    }
}
