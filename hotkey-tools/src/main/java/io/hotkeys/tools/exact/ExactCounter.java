package io.hotkeys.tools.exact;

import io.hotkeys.tools.trace.Access;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Counts accesses per key over sliding windows exactly, offline: the reference the streaming job's
 * hot keys are checked against.
 *
 * <h2>Semantics</h2>
 *
 * Time is cut into buckets of S ms aligned to multiples of S from epoch 0; an access at event time
 * t with weight w adds w to the bucket starting at floorDiv(t, S) * S. A window of W ms (W a
 * multiple of S) is [kS, kS + W) for any integer k: the sum of W/S consecutive buckets. Windows
 * overlap, so each access counts in W/S of them. A key is <em>hot</em> when some window's count
 * reaches the threshold T (count &gt;= T). For a hot key the counter reports
 *
 * <ul>
 *   <li>the peak: the highest count of any window;
 *   <li>the end (exclusive) of the earliest-ending window that reaches T;
 *   <li>the crossing time: walking the accesses in time order, the event time of the access that
 *       first brings some window's running count to T. It is an access's own time, not its bucket's
 *       start.
 * </ul>
 *
 * The order in which accesses are {@linkplain #add added} does not matter.
 *
 * <h2>Why one pass over the buckets is enough</h2>
 *
 * Every window holds no more than the window whose last bucket is its own last non-empty bucket,
 * and that window ends no later. So the peak is the largest of the windows ending right after each
 * non-empty bucket, and the earliest hot window is the first of those to reach T. Those windows are
 * scanned with a running sum: add the newest bucket, drop buckets that slid out. The crossing time
 * lies inside that earliest hot window: a window that ends later but crossed sooner would have put
 * the same accesses, all inside the earlier window, over T first. Walking that one window's
 * accesses in time order finds it.
 *
 * <h2>Cost</h2>
 *
 * Memory is one entry per distinct (key, event millisecond): the exact crossing time needs the
 * times inside a bucket, not only the bucket's count. Reporting costs O(m + b) per key for m
 * distinct times in b non-empty buckets, independent of W/S, plus O(m log m) for a key whose
 * accesses were added out of time order. This is a tool for traces that fit in memory once reduced
 * to that histogram; the trace readers themselves stream.
 *
 * <p>Not thread-safe.
 */
public final class ExactCounter {
    private static final Comparator<KeyPeak> HIGHEST_PEAK_FIRST =
            Comparator.comparingLong(KeyPeak::peakCount).reversed().thenComparing(KeyPeak::key);

    private final CountRule rule;
    private final Map<String, KeyTimeline> timelines = new HashMap<>();
    private long accesses;

    /** Creates a counter for one rule. */
    public ExactCounter(CountRule rule) {
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    /** Returns the rule this counter counts against. */
    public CountRule rule() {
        return rule;
    }

    /**
     * Adds {@code weight} accesses to {@code key} at {@code eventTimeMs}.
     *
     * @throws IllegalArgumentException if the weight is less than 1
     */
    public void add(long eventTimeMs, String key, long weight) {
        Objects.requireNonNull(key, "key");
        if (weight < 1) {
            throw new IllegalArgumentException("weight must be at least 1, was " + weight);
        }

        timelines.computeIfAbsent(key, k -> new KeyTimeline()).add(eventTimeMs, weight);
        accesses += weight;
    }

    /**
     * Adds every remaining access of a trace, replayed {@code speed} times faster than recorded
     * with its first access at {@code originMs} (see {@link TimeScale}).
     *
     * @return the time scale used, or empty if the trace had no access
     * @throws IllegalArgumentException if the origin is not a multiple of the bucket width or the
     *     speed is not a positive finite number
     */
    public Optional<TimeScale> addTrace(Iterator<Access> trace, long originMs, double speed) {
        requireAligned(originMs);
        TimeScale.requireValidSpeed(speed);
        if (!trace.hasNext()) {
            return Optional.empty();
        }

        Access first = trace.next();
        TimeScale scale = new TimeScale(originMs, first.timeMs(), speed);
        add(scale.eventTimeMs(first.timeMs()), first.key(), first.weight());
        trace.forEachRemaining(
                access -> add(scale.eventTimeMs(access.timeMs()), access.key(), access.weight()));
        return Optional.of(scale);
    }

    /** Counts what was added so far. The counter can keep taking accesses afterwards. */
    public ExactCountResult result() {
        List<HotKey> hotKeys = new ArrayList<>();
        List<KeyPeak> peaks = new ArrayList<>(timelines.size());
        for (Map.Entry<String, KeyTimeline> entry : timelines.entrySet()) {
            WindowScan.Outcome outcome = WindowScan.scan(entry.getValue(), rule);
            String key = entry.getKey();
            peaks.add(new KeyPeak(key, entry.getValue().accesses(), outcome.peakCount()));
            if (outcome.hot()) {
                hotKeys.add(hotKey(key, outcome));
            }
        }

        peaks.sort(HIGHEST_PEAK_FIRST);
        hotKeys.sort(
                Comparator.comparingLong(HotKey::peakCount).reversed().thenComparing(HotKey::key));
        return new ExactCountResult(rule, accesses, timelines.size(), hotKeys, peaks);
    }

    private static HotKey hotKey(String key, WindowScan.Outcome outcome) {
        return new HotKey(
                key, outcome.peakCount(), outcome.firstWindowEndMs(), outcome.crossedAtMs());
    }

    private void requireAligned(long originMs) {
        if (Math.floorMod(originMs, rule.bucketMs()) != 0) {
            throw new IllegalArgumentException(
                    "originMs must be a multiple of bucketMs ("
                            + rule.bucketMs()
                            + ") so windows line up with the trace the same way on every run,"
                            + " was "
                            + originMs);
        }
    }
}
