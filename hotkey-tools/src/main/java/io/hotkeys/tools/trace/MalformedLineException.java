package io.hotkeys.tools.trace;

/**
 * Thrown by a {@link LineParser} for a line it cannot turn into an access. The message is the
 * reason shown to the user; there is no stack trace because malformed lines are expected data, not
 * bugs.
 */
final class MalformedLineException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedLineException(String reason) {
        super(reason, null, false, false);
    }
}
