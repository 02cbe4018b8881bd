package io.hotkeys.tools.exact;

/**
 * Maps trace time to event time when a trace is replayed {@code speed} times faster than it was
 * recorded, starting at {@code originMs}:
 *
 * <pre>eventTimeMs = originMs + floor((traceTimeMs - firstTraceTimeMs) / speed)</pre>
 *
 * <p>Both the replay and the exact count use this class, so they agree to the millisecond. Choose
 * an origin that is a multiple of the bucket width S: windows are aligned to multiples of S from
 * epoch 0, so with such an origin they fall on the same trace times on every run, and the exact
 * count made offline is the one the streaming job must reproduce.
 *
 * @param originMs event time of the trace's first access
 * @param firstTraceTimeMs trace time of the trace's first access
 * @param speed how many times faster than recorded; a positive finite number, not necessarily whole
 */
public record TimeScale(long originMs, long firstTraceTimeMs, double speed) {

    /**
     * @throws IllegalArgumentException if the speed is not a positive finite number
     */
    public TimeScale {
        requireValidSpeed(speed);
    }

    /** Returns the event time of an access recorded at {@code traceTimeMs}. */
    public long eventTimeMs(long traceTimeMs) {
        return originMs + (long) Math.floor((traceTimeMs - firstTraceTimeMs) / speed);
    }

    static void requireValidSpeed(double speed) {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException(
                    "speed must be a positive finite number, was " + speed);
        }
    }
}
