package io.hotkeys.tools.exact;

/**
 * How busy one key was, hot or not.
 *
 * @param key the key
 * @param accesses sum of the weights of the key's accesses over the whole input
 * @param peakCount the highest count of any window
 */
public record KeyPeak(String key, long accesses, long peakCount) {}
