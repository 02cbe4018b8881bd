package io.hotkeys.tools.trace;

/** Turns one data line of a trace into an access. Implementations are stateless. */
interface LineParser {

    /**
     * Parses a non-blank data line.
     *
     * @throws MalformedLineException with the reason if the line does not hold an access
     */
    Access parse(String line) throws MalformedLineException;
}
