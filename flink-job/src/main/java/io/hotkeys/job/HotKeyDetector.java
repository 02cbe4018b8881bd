package io.hotkeys.job;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Finds hot keys: keyed by app and key, it adds each count to the key's {@link KeyWindowState} and
 * reports the key hot as soon as a window containing the count reaches the threshold. While a key
 * is hot, an event-time timer at the close of each window checks it; the first closed window below
 * the threshold turns it cold. Keys that are not hot and receive no counts are forgotten once their
 * newest bucket is older than the window plus the allowed lateness.
 */
final class HotKeyDetector extends KeyedProcessFunction<String, AccessEvent, HotKeyChange> {
    private static final long serialVersionUID = 1L;

    private final DetectionRule rule;
    private transient ValueState<KeyWindowState> state;
    private transient Counter countsIn;
    private transient Counter lateCounts;
    private transient Counter keysTurnedHot;
    private transient Counter keysTurnedCold;

    HotKeyDetector(DetectionRule rule) {
        this.rule = rule;
    }

    @Override
    public void open(OpenContext context) {
        state =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("window", KeyWindowState.class));
        countsIn = getRuntimeContext().getMetricGroup().counter("countsIn");
        lateCounts = getRuntimeContext().getMetricGroup().counter("lateCounts");
        keysTurnedHot = getRuntimeContext().getMetricGroup().counter("keysTurnedHot");
        keysTurnedCold = getRuntimeContext().getMetricGroup().counter("keysTurnedCold");
    }

    @Override
    public void processElement(AccessEvent event, Context ctx, Collector<HotKeyChange> out)
            throws Exception {
        KeyWindowState window = currentState();
        long bucket = Math.floorDiv(event.timestampMs, rule.bucketMs());
        countsIn.inc(event.count);
        long newestBefore = window.newestBucket;
        if (!window.add(bucket, event.count)) {
            lateCounts.inc(event.count);
            return;
        }
        if (!window.hot) {
            checkTurnsHot(window, bucket, ctx, out);
        }
        if (window.newestBucket != newestBefore) {
            ctx.timerService().registerEventTimeTimer(forgetTimeMs(window));
        }
        state.update(window);
    }

    @Override
    public void onTimer(long timestampMs, OnTimerContext ctx, Collector<HotKeyChange> out)
            throws Exception {
        KeyWindowState window = state.value();
        if (window == null) {
            return;
        }
        if (window.hot && timestampMs == closeTimeMs(window.nextCheckBucket)) {
            checkStillHot(window, ctx, out);
        }
        if (!window.hot && timestampMs >= forgetTimeMs(window)) {
            state.clear();
            return;
        }
        state.update(window);
    }

    private KeyWindowState currentState() throws Exception {
        KeyWindowState window = state.value();
        return window != null
                ? window
                : KeyWindowState.create(rule.windowBuckets(), rule.latenessBuckets());
    }

    /** Called when a count arrives for a key that is not hot: the windows holding it may be. */
    private void checkTurnsHot(
            KeyWindowState window, long bucket, Context ctx, Collector<HotKeyChange> out) {
        int n = rule.windowBuckets();
        long last = window.firstWindowReaching(bucket, bucket + n - 1, n, rule.threshold());
        if (last != Long.MIN_VALUE) {
            turnHot(window, last, ctx.getCurrentKey(), ctx.timerService(), out);
        }
    }

    private void turnHot(
            KeyWindowState window,
            long lastBucket,
            String appKey,
            TimerService timers,
            Collector<HotKeyChange> out) {
        window.hot = true;
        window.peakCount = window.windowCount(lastBucket, rule.windowBuckets());
        window.nextCheckBucket = lastBucket;
        timers.registerEventTimeTimer(closeTimeMs(lastBucket));
        keysTurnedHot.inc();
        HotKeyChange change = change(HotKeyChange.Kind.HOT, appKey);
        change.detectedAtMs = System.currentTimeMillis();
        change.windowEndMs = (lastBucket + 1) * rule.bucketMs();
        change.windowMs = rule.windowMs();
        change.threshold = rule.threshold();
        change.count = window.peakCount;
        change.peakCount = window.peakCount;
        out.collect(change);
    }

    /** Runs when the window ending with nextCheckBucket has closed. */
    private void checkStillHot(
            KeyWindowState window, OnTimerContext ctx, Collector<HotKeyChange> out) {
        long last = window.nextCheckBucket;
        int n = rule.windowBuckets();
        boolean retained = last - n + 1 > window.newestBucket - window.counts.length;
        if (retained && window.windowCount(last, n) < rule.threshold()) {
            turnCold(window, last, ctx, out);
            return;
        }
        if (retained) {
            publishIfNewPeak(window, ctx, out, window.windowCount(last, n));
        }
        window.nextCheckBucket = last + 1;
        ctx.timerService().registerEventTimeTimer(closeTimeMs(last + 1));
    }

    /**
     * Turns the key cold because the window ending with lastBucket closed below the threshold.
     * Counts of later windows may already be here (the watermark lags the data): if one of those
     * windows reaches the threshold, the key turns hot again at once, as the exact count has it.
     */
    private void turnCold(
            KeyWindowState window,
            long lastBucket,
            OnTimerContext ctx,
            Collector<HotKeyChange> out) {
        window.hot = false;
        window.nextCheckBucket = -1;
        window.peakCount = 0;
        keysTurnedCold.inc();
        out.collect(change(HotKeyChange.Kind.COLD, ctx.getCurrentKey()));
        int n = rule.windowBuckets();
        long toLast = window.newestBucket + n - 1;
        long next = window.firstWindowReaching(lastBucket + 1, toLast, n, rule.threshold());
        if (next != Long.MIN_VALUE) {
            turnHot(window, next, ctx.getCurrentKey(), ctx.timerService(), out);
            return;
        }
        ctx.timerService().registerEventTimeTimer(forgetTimeMs(window));
    }

    /**
     * Publishes the count of a closed window if it is the highest since the key turned hot. Every
     * window that reaches the threshold is closed while the key is hot, so the published peak is
     * exact once the key's windows have closed.
     */
    private void publishIfNewPeak(
            KeyWindowState window, OnTimerContext ctx, Collector<HotKeyChange> out, long count) {
        if (count <= window.peakCount) {
            return;
        }
        window.peakCount = count;
        HotKeyChange change = change(HotKeyChange.Kind.PEAK, ctx.getCurrentKey());
        change.peakCount = count;
        out.collect(change);
    }

    private static HotKeyChange change(HotKeyChange.Kind kind, String appKey) {
        String[] appAndKey = AppKey.split(appKey);
        return HotKeyChange.of(kind, appAndKey[0], AppKey.keyBytes(appAndKey[1]));
    }

    /** Event time at which the window ending with lastBucket is closed by the watermark. */
    private long closeTimeMs(long lastBucket) {
        return (lastBucket + 1) * rule.bucketMs() - 1;
    }

    private long forgetTimeMs(KeyWindowState window) {
        return closeTimeMs(window.newestBucket + window.counts.length);
    }
}
