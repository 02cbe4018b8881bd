package io.hotkeys.agent;

import io.hotkeys.schema.config.ConfigException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Reads the {@code -javaagent} option string: {@code name=value} pairs separated by commas, where a
 * name is a setting of {@link AgentSettings} or one of the short names {@code app}, {@code kafka}
 * and {@code zookeeper}; {@code config=FILE} reads settings from a properties file first (pairs
 * given inline win). A value may itself hold commas, as in {@code kafka=host1:9092,host2:9092}: a
 * piece without {@code =} belongs to the value before it.
 */
final class AgentOptions {
    private static final Map<String, String> SHORT_NAMES =
            Map.of(
                    "app", AgentSettings.APP_NAME.name(),
                    "kafka", AgentSettings.KAFKA_BOOTSTRAP_SERVERS.name(),
                    "zookeeper", AgentSettings.ZOOKEEPER_CONNECT.name());

    private AgentOptions() {}

    static Map<String, String> parse(String options) {
        Map<String, String> inline = pairs(options == null ? "" : options);
        Map<String, String> settings = new LinkedHashMap<>();
        String config = inline.remove("config");
        if (config != null) {
            settings.putAll(readFile(Path.of(config)));
        }
        settings.putAll(inline);
        return settings;
    }

    private static Map<String, String> pairs(String options) {
        Map<String, String> pairs = new LinkedHashMap<>();
        String lastName = null;
        for (String piece : options.split(",")) {
            int equals = piece.indexOf('=');
            if (equals > 0) {
                lastName = canonical(piece.substring(0, equals).trim());
                pairs.put(lastName, piece.substring(equals + 1).trim());
            } else if (lastName != null && !piece.isBlank()) {
                pairs.put(lastName, pairs.get(lastName) + "," + piece.trim());
            } else if (!piece.isBlank()) {
                throw new ConfigException(
                        "agent option '" + piece + "' is not of the form name=value");
            }
        }
        return pairs;
    }

    private static Map<String, String> readFile(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException(
                    "agent option 'config': cannot read " + file + ": " + e.getMessage());
        }
        Map<String, String> settings = new LinkedHashMap<>();
        properties
                .stringPropertyNames()
                .forEach(
                        name -> settings.put(canonical(name), properties.getProperty(name).trim()));
        return settings;
    }

    private static String canonical(String name) {
        return SHORT_NAMES.getOrDefault(name, name);
    }
}
