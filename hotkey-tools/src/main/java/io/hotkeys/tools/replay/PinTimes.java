package io.hotkeys.tools.replay;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each simulated instance first learned that a key is hot (wall-clock ms), and when the replay
 * sent the access that made the key's count reach the threshold.
 */
final class PinTimes {
    private final int instances;
    private final Map<String, long[]> pinnedAt = new ConcurrentHashMap<>();
    private final Map<String, Long> crossedAt = new ConcurrentHashMap<>();

    PinTimes(int instances) {
        this.instances = instances;
    }

    void pinned(String key, int instance, long wallMs) {
        long[] times = pinnedAt.computeIfAbsent(key, k -> new long[instances]);
        synchronized (times) {
            if (times[instance] == 0) {
                times[instance] = wallMs;
            }
        }
    }

    void crossed(String key, long wallMs) {
        crossedAt.putIfAbsent(key, wallMs);
    }

    /** Wall time at which every instance had the key pinned, or -1 if some never did. */
    long pinnedByAllAtMs(String key) {
        long[] times = pinnedAt.get(key);
        if (times == null) {
            return -1;
        }
        synchronized (times) {
            long last = 0;
            for (long t : times) {
                if (t == 0) {
                    return -1;
                }
                last = Math.max(last, t);
            }
            return last;
        }
    }

    /** Wall time at which the replay sent the access that crossed the threshold, or -1. */
    long crossedAtMs(String key) {
        return crossedAt.getOrDefault(key, -1L);
    }

    boolean pinnedByAll(Iterable<String> keys) {
        for (String key : keys) {
            if (pinnedByAllAtMs(key) < 0) {
                return false;
            }
        }
        return true;
    }
}
