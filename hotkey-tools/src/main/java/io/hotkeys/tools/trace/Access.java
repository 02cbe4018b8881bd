package io.hotkeys.tools.trace;

import java.util.Objects;

/**
 * One row of an access trace: at trace time {@code timeMs}, key {@code key} was accessed {@code
 * weight} times.
 *
 * <p>Trace time is whatever clock the trace was recorded with, in milliseconds; replaying it maps
 * it to event time. The weight lets a single row stand for several accesses, as the Meta traces do
 * with their {@code op_count} column.
 *
 * @param timeMs trace time in milliseconds
 * @param key the accessed key, never null
 * @param weight how many accesses this row stands for, at least 1
 */
public record Access(long timeMs, String key, long weight) {

    /**
     * @throws NullPointerException if the key is null
     * @throws IllegalArgumentException if the weight is less than 1
     */
    public Access {
        Objects.requireNonNull(key, "key");
        if (weight < 1) {
            throw new IllegalArgumentException("weight must be at least 1, was " + weight);
        }
    }

    /** Returns an access of weight 1. */
    public static Access of(long timeMs, String key) {
        return new Access(timeMs, key, 1);
    }
}
