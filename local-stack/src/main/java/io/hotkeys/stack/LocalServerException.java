package io.hotkeys.stack;

/**
 * Thrown when a local server cannot be started, stopped or used: a port that is taken, a directory
 * that cannot be written, a start-up that does not finish in time.
 *
 * <p>The message names the server and what it was doing; the cause, when there is one, is the
 * server's own exception.
 */
public final class LocalServerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LocalServerException(String message) {
        super(message);
    }

    LocalServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
