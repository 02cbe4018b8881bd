package io.hotkeys.tools.exact;

import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

/** Prints an exact count as an aligned table or as JSON. */
final class ReportWriter {
    /**
     * What was counted, for the report's header.
     *
     * @param trace the trace file as given
     * @param format the trace format's id
     * @param speed replay speed
     * @param originMs event time of the first access
     * @param skippedLines malformed lines of the trace that were skipped
     */
    record Source(String trace, String format, double speed, long originMs, long skippedLines) {}

    /** Keys longer than this push the other columns right rather than widening every row. */
    private static final int MAX_KEY_COLUMN_CHARS = 60;

    private final PrintWriter out;

    ReportWriter(PrintWriter out) {
        this.out = out;
    }

    /** Prints a summary, the hot keys, and the highest {@code coldLimit} peaks of other keys. */
    void table(Source source, ExactCountResult result, int coldLimit) {
        summary(source, result);

        out.printf("%nhot keys: %d%n", result.hotKeys().size());
        if (!result.hotKeys().isEmpty()) {
            hotKeyTable(result.hotKeys());
        }
        if (coldLimit > 0) {
            out.printf("%nhighest peaks of keys that are not hot%n");
            coldTable(result.coldKeys().stream().limit(coldLimit).toList());
        }
        out.flush();
    }

    /** Prints the same as {@link #table} as one JSON object. */
    void json(Source source, ExactCountResult result, int coldLimit) {
        CountRule rule = result.rule();
        out.println("{");
        field("trace", Json.quote(source.trace()));
        field("format", Json.quote(source.format()));
        field("speed", number(source.speed()));
        field("originMs", source.originMs());
        field("bucketMs", rule.bucketMs());
        field("windowMs", rule.windowMs());
        field("threshold", rule.threshold());
        field("accesses", result.accesses());
        field("distinctKeys", result.distinctKeys());
        field("skippedLines", source.skippedLines());
        out.println(
                "  \"hotKeys\": "
                        + array(result.hotKeys().stream().map(this::json).toList())
                        + ",");
        List<String> cold = result.coldKeys().stream().limit(coldLimit).map(this::json).toList();
        out.println("  \"coldKeys\": " + array(cold));
        out.println("}");
        out.flush();
    }

    private void summary(Source source, ExactCountResult result) {
        CountRule rule = result.rule();
        out.printf(
                "trace %s (%s): %d accesses, %d keys, %d lines skipped%n",
                source.trace(),
                source.format(),
                result.accesses(),
                result.distinctKeys(),
                source.skippedLines());
        out.printf(
                "window %d ms in %d ms buckets, threshold %d, speed %s, origin %d ms%n",
                rule.windowMs(),
                rule.bucketMs(),
                rule.threshold(),
                number(source.speed()),
                source.originMs());
    }

    private void hotKeyTable(List<HotKey> hotKeys) {
        int width = keyWidth(hotKeys.stream().map(hot -> Json.escape(hot.key())).toList());
        String row = "%-" + width + "s  %8s  %20s  %16s%n";
        out.printf(row, "KEY", "PEAK", "FIRST WINDOW END MS", "CROSSED AT MS");
        for (HotKey hot : hotKeys) {
            out.printf(
                    row,
                    Json.escape(hot.key()),
                    hot.peakCount(),
                    hot.firstWindowEndMs(),
                    hot.crossedAtMs());
        }
    }

    private void coldTable(List<KeyPeak> peaks) {
        int width = keyWidth(peaks.stream().map(peak -> Json.escape(peak.key())).toList());
        String row = "%-" + width + "s  %8s%n";
        out.printf(row, "KEY", "PEAK");
        for (KeyPeak peak : peaks) {
            out.printf(row, Json.escape(peak.key()), peak.peakCount());
        }
    }

    private static int keyWidth(List<String> keys) {
        int longest = keys.stream().mapToInt(String::length).max().orElse(0);
        return Math.max("KEY".length(), Math.min(longest, MAX_KEY_COLUMN_CHARS));
    }

    private String json(HotKey hot) {
        return String.format(
                "{\"key\": %s, \"peakCount\": %d, \"firstWindowEndMs\": %d, \"crossedAtMs\": %d}",
                Json.quote(hot.key()), hot.peakCount(), hot.firstWindowEndMs(), hot.crossedAtMs());
    }

    private String json(KeyPeak peak) {
        return String.format(
                "{\"key\": %s, \"peakCount\": %d, \"accesses\": %d}",
                Json.quote(peak.key()), peak.peakCount(), peak.accesses());
    }

    private static String array(List<String> elements) {
        if (elements.isEmpty()) {
            return "[]";
        }
        return elements.stream().collect(Collectors.joining(",\n    ", "[\n    ", "\n  ]"));
    }

    private void field(String name, Object value) {
        out.println("  " + Json.quote(name) + ": " + value + ",");
    }

    /** Returns a whole speed without a decimal point, any other with one. */
    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : Double.toString(value);
    }
}
