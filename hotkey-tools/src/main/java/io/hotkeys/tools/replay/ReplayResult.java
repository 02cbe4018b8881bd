package io.hotkeys.tools.replay;

import io.hotkeys.tools.exact.ExactCountResult;
import io.hotkeys.tools.trace.TraceStats;
import java.util.List;

/**
 * What a replay did.
 *
 * @param exact the exact offline count of the replayed trace, with the replay's time mapping
 * @param originMs event time of the trace's first access
 * @param traceStats lines read and skipped
 * @param accessesReplayed reads sent through the agents
 * @param backendReads reads that reached the simulated backend (not served from a pin)
 * @param timings per key the exact count finds hot
 * @param totals summed over the agents
 */
public record ReplayResult(
        ExactCountResult exact,
        long originMs,
        TraceStats traceStats,
        long accessesReplayed,
        long backendReads,
        List<KeyTiming> timings,
        Totals totals) {

    /**
     * @param key the key
     * @param crossedAtMs wall time at which the replay sent the access that made the key's count
     *     reach the threshold, or -1
     * @param pinnedByAllAtMs wall time at which every instance had the key pinned, or -1 if some
     *     never did
     */
    public record KeyTiming(String key, long crossedAtMs, long pinnedByAllAtMs) {
        /** Milliseconds from crossing the threshold to being pinned everywhere, or -1. */
        public long pinLatencyMs() {
            return crossedAtMs < 0 || pinnedByAllAtMs < 0 ? -1 : pinnedByAllAtMs - crossedAtMs;
        }
    }

    /**
     * @param readsServedLocally reads answered from a pin
     * @param readsLoadedIntoPin reads of hot keys that loaded the pin
     * @param readsRemote reads of keys that were not hot
     * @param accessesDropped accesses the agents could not count
     * @param accessesUnsent accesses the agents could not ship
     * @param accessesRefused accesses to keys the contract refuses
     */
    public record Totals(
            long readsServedLocally,
            long readsLoadedIntoPin,
            long readsRemote,
            long accessesDropped,
            long accessesUnsent,
            long accessesRefused) {}

    /** Share of reads served from the agents' pins. */
    public double servedLocallyShare() {
        return accessesReplayed == 0 ? 0 : (double) totals.readsServedLocally() / accessesReplayed;
    }
}
