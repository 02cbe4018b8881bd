package io.hotkeys.tools.exact;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The accesses of one key as a histogram over event milliseconds: one entry per distinct time,
 * holding the summed weight. Appending in time order is O(1) amortised; out-of-order appends are
 * sorted and merged once, when the timeline is read.
 */
final class KeyTimeline {
    private static final int INITIAL_CAPACITY = 4;

    private long[] timesMs = new long[INITIAL_CAPACITY];
    private long[] weights = new long[INITIAL_CAPACITY];
    private int size;
    private boolean sorted = true;
    private long accesses;

    void add(long timeMs, long weight) {
        accesses += weight;
        if (size > 0 && timesMs[size - 1] == timeMs) {
            weights[size - 1] += weight;
            return;
        }

        if (size > 0 && timeMs < timesMs[size - 1]) {
            sorted = false;
        }
        if (size == timesMs.length) {
            timesMs = Arrays.copyOf(timesMs, size * 2);
            weights = Arrays.copyOf(weights, size * 2);
        }
        timesMs[size] = timeMs;
        weights[size] = weight;
        size++;
    }

    /** Returns the sum of all weights added. */
    long accesses() {
        return accesses;
    }

    /** Returns the number of distinct times; valid indexes of the arrays below are less. */
    int size() {
        sortAndMerge();
        return size;
    }

    /** Returns the distinct times, ascending, in the first {@link #size()} slots. */
    long[] timesMs() {
        sortAndMerge();
        return timesMs;
    }

    /** Returns the weight at each time of {@link #timesMs()}. */
    long[] weights() {
        sortAndMerge();
        return weights;
    }

    private void sortAndMerge() {
        if (sorted) {
            return;
        }
        long[][] entries = new long[size][];
        for (int i = 0; i < size; i++) {
            entries[i] = new long[] {timesMs[i], weights[i]};
        }
        Arrays.sort(entries, Comparator.comparingLong(entry -> entry[0]));

        size = 0;
        sorted = true;
        for (long[] entry : entries) {
            appendMerging(entry[0], entry[1]);
        }
    }

    private void appendMerging(long timeMs, long weight) {
        if (size > 0 && timesMs[size - 1] == timeMs) {
            weights[size - 1] += weight;
        } else {
            timesMs[size] = timeMs;
            weights[size] = weight;
            size++;
        }
    }
}
