package io.hotkeys.schema;

/** A record of the contract that carries the version of its format. */
public interface Versioned {
    int version();
}
