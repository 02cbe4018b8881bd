package io.hotkeys.tools.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hotkeys.schema.KeyDisplay;
import io.hotkeys.tools.exact.ExactCountResult;
import io.hotkeys.tools.exact.HotKey;
import io.hotkeys.tools.replay.HotKeyLog;
import io.hotkeys.tools.replay.ReplayOptions;
import io.hotkeys.tools.replay.ReplayResult;
import io.hotkeys.tools.replay.ReplaySession;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The demo's summary: the pipeline's hot keys beside the exact count, latencies and reads. */
final class DemoResult {
    private final ReplayOptions options;
    private final ReplayResult replay;
    private final Map<String, HotKeyLog.Seen> found = new LinkedHashMap<>();

    DemoResult(ReplayOptions options, ReplayResult replay, List<HotKeyLog.Seen> everHot) {
        this.options = options;
        this.replay = replay;
        everHot.stream()
                .filter(seen -> !ReplaySession.isEndMarker(seen.key()))
                .forEach(seen -> found.put(seen.key(), seen));
    }

    boolean matchesExactCount() {
        return missed().isEmpty() && unexpected().isEmpty();
    }

    void print(PrintWriter out) {
        out.println();
        out.printf(
                "%-44s %10s %10s %12s %12s%n",
                "hot key", "exact peak", "job peak", "first hot", "pinned after");
        for (HotKey key : exact().hotKeys()) {
            printRow(out, key);
        }
        for (String key : unexpected()) {
            out.printf(
                    "%-44s %10s %10d %12s %12s  NOT IN THE EXACT COUNT%n",
                    KeyDisplay.show(key, 60), "-", found.get(key).peakCount(), "", "");
        }
        out.println();
        printTotals(out);
        out.flush();
    }

    private void printRow(PrintWriter out, HotKey key) {
        HotKeyLog.Seen seen = found.get(key.key());
        long latency = timing(key.key()).map(ReplayResult.KeyTiming::pinLatencyMs).orElse(-1L);
        out.printf(
                "%-44s %10d %10s %12s %12s%s%n",
                KeyDisplay.show(key.key(), 60),
                key.peakCount(),
                seen == null ? "-" : Long.toString(seen.peakCount()),
                seen == null ? "-" : (seen.first().windowEndMs() - exactOrigin()) / 1000.0 + " s",
                latency < 0 ? "-" : latency + " ms",
                seen == null ? "  MISSED" : "");
    }

    private void printTotals(PrintWriter out) {
        ReplayResult.Totals totals = replay.totals();
        out.printf(
                "hot keys: the job found %d, the exact count %d: %s%n",
                found.size(),
                exact().hotKeys().size(),
                matchesExactCount()
                        ? "they match"
                        : "MISMATCH (missed " + missed() + ", unexpected " + unexpected() + ")");
        out.printf(
                "reads: %,d replayed; %,d (%.1f%%) served from the agents' local pins; %,d loads"
                        + " from the backend, counting those that filled and refreshed pins%n",
                replay.accessesReplayed(),
                totals.readsServedLocally(),
                100 * replay.servedLocallyShare(),
                replay.backendReads());
        out.printf(
                "agents: %,d accesses dropped, %,d unsent, %,d refused%n",
                totals.accessesDropped(), totals.accessesUnsent(), totals.accessesRefused());
        out.printf(
                "'first hot' is the event time (since the replay started) at which the job's first"
                    + " window over the threshold ends;%n'pinned after' is the wall time from the"
                    + " access that crossed the threshold until all %d agents had the key"
                    + " pinned.%n",
                options.instances());
    }

    void writeJson(Path file) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("trace", options.trace().toString());
        json.put("speed", options.speed());
        json.put("windowMs", options.rule().windowMs());
        json.put("threshold", options.rule().threshold());
        json.put("originMs", replay.originMs());
        json.put("instances", options.instances());
        json.put("hotKeys", hotKeysJson());
        json.put("exactHotKeys", exact().hotKeys().stream().map(HotKey::key).toList());
        json.put("missed", missed());
        json.put("unexpected", unexpected());
        json.put("matchesExactCount", matchesExactCount());
        json.put("accesses", replay.accessesReplayed());
        json.put("servedLocally", replay.totals().readsServedLocally());
        json.put("servedLocallyShare", replay.servedLocallyShare());
        json.put("backendReads", replay.backendReads());
        json.put("agentDroppedAccesses", replay.totals().accessesDropped());
        json.put("agentUnsentAccesses", replay.totals().accessesUnsent());
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(file.toFile(), json);
    }

    private List<Map<String, Object>> hotKeysJson() {
        List<Map<String, Object>> keys = new ArrayList<>();
        for (HotKeyLog.Seen seen : found.values()) {
            Map<String, Object> key = new LinkedHashMap<>();
            key.put("key", seen.key());
            key.put("firstHotAtMs", seen.first().detectedAtMs());
            key.put("peakCount", seen.peakCount());
            key.put("firstWindowEndMs", seen.first().windowEndMs());
            key.put("firstWindowEndAfterMs", seen.first().windowEndMs() - replay.originMs());
            exact().hotKey(seen.key())
                    .ifPresent(
                            h -> {
                                key.put("exactPeakCount", h.peakCount());
                                key.put(
                                        "exactFirstWindowEndAfterMs",
                                        h.firstWindowEndMs() - replay.originMs());
                            });
            timing(seen.key())
                    .ifPresent(
                            t -> {
                                key.put("crossedAtMs", t.crossedAtMs());
                                key.put("pinnedByAllAtMs", t.pinnedByAllAtMs());
                                key.put("pinLatencyMs", t.pinLatencyMs());
                            });
            keys.add(key);
        }
        return keys;
    }

    private Optional<ReplayResult.KeyTiming> timing(String key) {
        return replay.timings().stream().filter(t -> t.key().equals(key)).findFirst();
    }

    private ExactCountResult exact() {
        return replay.exact();
    }

    private long exactOrigin() {
        return replay.originMs();
    }

    private Set<String> missed() {
        Set<String> missed = new TreeSet<>();
        exact().hotKeys().stream()
                .map(HotKey::key)
                .filter(k -> !found.containsKey(k))
                .forEach(missed::add);
        return missed;
    }

    private Set<String> unexpected() {
        Set<String> unexpected = new TreeSet<>(found.keySet());
        exact().hotKeys().forEach(h -> unexpected.remove(h.key()));
        return unexpected;
    }
}
