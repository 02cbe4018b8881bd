package io.hotkeys.tools.exact;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The counter's semantics spelled out the slow way, as a reference for tests: every aligned window
 * that could hold an access is enumerated and summed from the raw accesses, and the crossing time
 * is found by replaying the accesses in time order into every window each one belongs to.
 */
final class BruteForceCount {
    static final long NEVER = Long.MIN_VALUE;

    /** One access, already in event time. */
    record Event(long timeMs, String key, long weight) {}

    /** What the reference says about one key. */
    record Figures(long peak, long firstWindowEndMs, long crossedAtMs) {
        boolean hot() {
            return firstWindowEndMs != NEVER;
        }
    }

    private BruteForceCount() {}

    static Map<String, Figures> count(List<Event> events, CountRule rule) {
        Map<String, List<Event>> byKey = new LinkedHashMap<>();
        for (Event event : events) {
            byKey.computeIfAbsent(event.key(), k -> new ArrayList<>()).add(event);
        }
        Map<String, Long> crossings = crossings(events, rule);

        Map<String, Figures> figures = new HashMap<>();
        byKey.forEach((key, own) -> figures.put(key, windows(own, rule, crossings.get(key))));
        return figures;
    }

    /** Enumerates [start, start + W) for every multiple of S that could hold one of the events. */
    private static Figures windows(List<Event> own, CountRule rule, Long crossedAtMs) {
        long minMs = own.stream().mapToLong(Event::timeMs).min().orElseThrow();
        long maxMs = own.stream().mapToLong(Event::timeMs).max().orElseThrow();
        long first = Math.floorDiv(minMs, rule.bucketMs()) * rule.bucketMs() - rule.windowMs();

        long peak = 0;
        long firstEnd = NEVER;
        for (long start = first; start <= maxMs; start += rule.bucketMs()) {
            long end = start + rule.windowMs();
            long count = 0;
            for (Event event : own) {
                count += event.timeMs() >= start && event.timeMs() < end ? event.weight() : 0;
            }
            peak = Math.max(peak, count);
            if (firstEnd == NEVER && count >= rule.threshold()) {
                firstEnd = end;
            }
        }
        return new Figures(peak, firstEnd, crossedAtMs == null ? NEVER : crossedAtMs);
    }

    /** Replays the events in time order, adding each to all W/S windows that contain it. */
    private static Map<String, Long> crossings(List<Event> events, CountRule rule) {
        List<Event> inOrder = new ArrayList<>(events);
        inOrder.sort(Comparator.comparingLong(Event::timeMs));

        Map<String, Map<Long, Long>> running = new HashMap<>();
        Map<String, Long> crossings = new HashMap<>();
        for (Event event : inOrder) {
            Map<Long, Long> windows = running.computeIfAbsent(event.key(), k -> new HashMap<>());
            long bucket = Math.floorDiv(event.timeMs(), rule.bucketMs()) * rule.bucketMs();
            for (long i = 0; i < rule.bucketsPerWindow(); i++) {
                long count = windows.merge(bucket - i * rule.bucketMs(), event.weight(), Long::sum);
                if (count >= rule.threshold()) {
                    crossings.putIfAbsent(event.key(), event.timeMs());
                }
            }
        }
        return crossings;
    }
}
