package io.hotkeys.tools.trace;

/**
 * Why one line of a trace was skipped.
 *
 * @param lineNumber the 1-based line number in the trace, counting a header line
 * @param reason what was wrong with the line, in words a person can act on
 */
public record TraceProblem(long lineNumber, String reason) {

    /** Returns {@code line <number>: <reason>}. */
    @Override
    public String toString() {
        return "line " + lineNumber + ": " + reason;
    }
}
