package io.hotkeys.job;

import io.hotkeys.schema.config.ConfigException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns {@code --name value} and {@code --name=value} arguments into setting names and values.
 * Dashes in a name become dots, so {@code --window-ms 500} sets {@code window.ms}.
 */
final class CommandLine {
    private CommandLine() {}

    static Map<String, String> toSettings(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new ConfigException("argument '" + arg + "' is not of the form --name value");
            }
            String body = arg.substring(2);
            int equals = body.indexOf('=');
            if (equals >= 0) {
                values.put(settingName(body.substring(0, equals)), body.substring(equals + 1));
            } else if (i + 1 < args.length) {
                values.put(settingName(body), args[++i]);
            } else {
                throw new ConfigException("argument '" + arg + "' has no value");
            }
        }
        return values;
    }

    private static String settingName(String name) {
        return name.replace('-', '.');
    }
}
