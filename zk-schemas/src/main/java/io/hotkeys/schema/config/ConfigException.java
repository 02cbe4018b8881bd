package io.hotkeys.schema.config;

/** A setting has a value that breaks its rule, or is unknown. The message names the setting. */
public class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
