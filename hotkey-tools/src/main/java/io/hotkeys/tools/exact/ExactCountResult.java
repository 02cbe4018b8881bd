package io.hotkeys.tools.exact;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of an exact count.
 *
 * @param rule the rule counted against
 * @param accesses sum of the weights of all accesses
 * @param distinctKeys how many different keys were accessed
 * @param hotKeys the hot keys, highest peak first, then by key
 * @param peaks every key's peak, hot or not, highest first, then by key
 */
public record ExactCountResult(
        CountRule rule,
        long accesses,
        int distinctKeys,
        List<HotKey> hotKeys,
        List<KeyPeak> peaks) {

    public ExactCountResult {
        hotKeys = List.copyOf(hotKeys);
        peaks = List.copyOf(peaks);
    }

    /** Returns the peaks of the keys that are not hot, highest first. */
    public List<KeyPeak> coldKeys() {
        return peaks.stream().filter(peak -> peak.peakCount() < rule.threshold()).toList();
    }

    /** Returns the hot key with this name, if it is hot. Looks through the list. */
    public Optional<HotKey> hotKey(String key) {
        return hotKeys.stream().filter(hot -> hot.key().equals(key)).findFirst();
    }

    /** Returns the peak of this key, if it was accessed at all. Looks through the list. */
    public Optional<KeyPeak> peakOf(String key) {
        return peaks.stream().filter(peak -> peak.key().equals(key)).findFirst();
    }
}
