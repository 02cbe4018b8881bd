package io.hotkeys.schema;

/**
 * A record, key, name or rule does not follow the contract. The message says what is wrong and
 * where, in words an operator can act on.
 */
public class SchemaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SchemaException(String message) {
        super(message);
    }

    public SchemaException(String message, Throwable cause) {
        super(message, cause);
    }
}
