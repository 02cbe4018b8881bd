package io.hotkeys.tools.exact;

/**
 * A key that some window counted at or above the threshold.
 *
 * @param key the key
 * @param peakCount the highest count of any window
 * @param firstWindowEndMs end (exclusive) of the earliest-ending window that reached the threshold
 * @param crossedAtMs event time of the access that first brought a window to the threshold
 */
public record HotKey(String key, long peakCount, long firstWindowEndMs, long crossedAtMs) {}
