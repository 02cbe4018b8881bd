package io.hotkeys.tools.trace;

import java.util.List;

/**
 * What a {@link TraceReader} has seen so far.
 *
 * <p>Every data line is either returned as an access or skipped: {@code dataLines == accesses +
 * skippedLines}. Blank lines and the header line are not data lines.
 *
 * @param dataLines lines read, not counting blank lines and the header
 * @param accesses rows returned as {@link Access}es
 * @param totalWeight sum of the weights of the returned accesses
 * @param skippedLines malformed lines that were skipped
 * @param outOfOrder accesses whose time is earlier than the latest time returned before them
 * @param problems the first {@link TraceReader#MAX_PROBLEMS_KEPT} skipped lines, with the reason
 */
public record TraceStats(
        long dataLines,
        long accesses,
        long totalWeight,
        long skippedLines,
        long outOfOrder,
        List<TraceProblem> problems) {

    public TraceStats {
        problems = List.copyOf(problems);
    }
}
