package io.hotkeys.job;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Finds hot keys. Keyed by app and key, it adds each count to the key's {@link KeyWindowState} and
 * reports the key hot as soon as a window containing the count reaches the rule's threshold.
 *
 * <p>While a key is hot, an event-time timer at the close of each window checks it. The key turns
 * cold only after its closed windows have stayed below the rule's cold level for the rule's
 * cool-down (hysteresis: a key hovering at the threshold does not flap). A closed window above the
 * published peak publishes the new peak. Keys that are not hot and receive no counts are forgotten
 * once their newest bucket is older than the window plus the allowed lateness.
 *
 * <p>The rule of a key comes from the {@link RuleBook} and is looked up again whenever the rules
 * change, so rule changes apply to keys already counted.
 */
final class HotKeyDetector extends KeyedProcessFunction<String, AccessEvent, HotKeyChange> {
    private static final long serialVersionUID = 1L;

    private final DetectionConfig config;
    private final RuleBook.Factory rules;
    private transient RuleBook ruleBook;
    private transient ValueState<KeyWindowState> state;
    private transient Counter countsIn;
    private transient Counter lateCounts;
    private transient Counter keysTurnedHot;
    private transient Counter keysTurnedCold;

    HotKeyDetector(DetectionConfig config, RuleBook.Factory rules) {
        this.config = config;
        this.rules = rules;
    }

    @Override
    public void open(OpenContext context) {
        state =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("window", KeyWindowState.class));
        ruleBook = rules.open(getRuntimeContext().getMetricGroup());
        countsIn = getRuntimeContext().getMetricGroup().counter("countsIn");
        lateCounts = getRuntimeContext().getMetricGroup().counter("lateCounts");
        keysTurnedHot = getRuntimeContext().getMetricGroup().counter("keysTurnedHot");
        keysTurnedCold = getRuntimeContext().getMetricGroup().counter("keysTurnedCold");
    }

    @Override
    public void close() {
        if (ruleBook != null) {
            ruleBook.close();
        }
    }

    @Override
    public void processElement(AccessEvent event, Context ctx, Collector<HotKeyChange> out)
            throws Exception {
        KeyWindowState window = currentState(ctx.getCurrentKey());
        long bucket = Math.floorDiv(event.timestampMs, config.bucketMs());
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
        refreshRule(window, ctx.getCurrentKey());
        if (window.hot && timestampMs == closeTimeMs(window.nextCheckBucket)) {
            checkStillHot(window, ctx, out);
        }
        if (!window.hot && timestampMs >= forgetTimeMs(window)) {
            state.clear();
            return;
        }
        state.update(window);
    }

    private KeyWindowState currentState(String appKey) throws Exception {
        KeyWindowState window = state.value();
        if (window == null) {
            window = KeyWindowState.create(config.latenessBuckets());
        }
        refreshRule(window, appKey);
        return window;
    }

    /** Looks the key's rule up again if the rules changed since it was last applied. */
    private void refreshRule(KeyWindowState window, String appKey) {
        long generation = ruleBook.generation();
        if (window.ruleGeneration == generation) {
            return;
        }
        String[] appAndKey = AppKey.split(appKey);
        String key = new String(AppKey.keyBytes(appAndKey[1]), StandardCharsets.UTF_8);
        window.apply(ruleBook.ruleFor(appAndKey[0], key), generation, config.latenessBuckets());
    }

    /** Called when a count arrives for a key that is not hot: the windows holding it may be. */
    private void checkTurnsHot(
            KeyWindowState window, long bucket, Context ctx, Collector<HotKeyChange> out) {
        int n = window.windowBuckets;
        long last = window.firstWindowReaching(bucket, bucket + n - 1, n, window.threshold);
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
        window.peakCount = window.windowCount(lastBucket);
        window.nextCheckBucket = lastBucket;
        window.windowsBelowColdLevel = 0;
        timers.registerEventTimeTimer(closeTimeMs(lastBucket));
        keysTurnedHot.inc();
        HotKeyChange change = change(HotKeyChange.Kind.HOT, appKey, window);
        change.detectedAtMs = System.currentTimeMillis();
        change.windowEndMs = (lastBucket + 1) * config.bucketMs();
        change.count = window.peakCount;
        out.collect(change);
    }

    /** Runs when the window ending with nextCheckBucket has closed. */
    private void checkStillHot(
            KeyWindowState window, OnTimerContext ctx, Collector<HotKeyChange> out) {
        long last = window.nextCheckBucket;
        if (window.retains(last)) {
            long count = window.windowCount(last);
            window.windowsBelowColdLevel =
                    count < window.coldThreshold ? window.windowsBelowColdLevel + 1 : 0;
            if (cooledDown(window)) {
                turnCold(window, last, ctx, out);
                return;
            }
            publishIfNewPeak(window, ctx, out, count);
        }
        window.nextCheckBucket = last + 1;
        ctx.timerService().registerEventTimeTimer(closeTimeMs(last + 1));
    }

    /** Whether the key's closed windows have stayed below the cold level for the cool-down. */
    private boolean cooledDown(KeyWindowState window) {
        return window.windowsBelowColdLevel > 0
                && window.windowsBelowColdLevel * config.bucketMs() >= window.coolDownMs;
    }

    /**
     * Turns the key cold after the window ending with lastBucket. Counts of later windows may
     * already be here (the watermark lags the data): if one of those windows reaches the threshold,
     * the key turns hot again at once, as the exact count has it.
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
        out.collect(change(HotKeyChange.Kind.COLD, ctx.getCurrentKey(), window));
        int n = window.windowBuckets;
        long toLast = window.newestBucket + n - 1;
        long next = window.firstWindowReaching(lastBucket + 1, toLast, n, window.threshold);
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
        out.collect(change(HotKeyChange.Kind.PEAK, ctx.getCurrentKey(), window));
    }

    private HotKeyChange change(HotKeyChange.Kind kind, String appKey, KeyWindowState window) {
        String[] appAndKey = AppKey.split(appKey);
        HotKeyChange change = HotKeyChange.of(kind, appAndKey[0], AppKey.keyBytes(appAndKey[1]));
        change.windowMs = window.windowBuckets * config.bucketMs();
        change.threshold = window.threshold;
        change.peakCount = window.peakCount;
        change.rule = window.ruleName;
        change.pinTtlMs = window.pinTtlMs;
        change.replicas = window.replicas;
        return change;
    }

    /** Event time at which the window ending with lastBucket is closed by the watermark. */
    private long closeTimeMs(long lastBucket) {
        return (lastBucket + 1) * config.bucketMs() - 1;
    }

    private long forgetTimeMs(KeyWindowState window) {
        return closeTimeMs(window.newestBucket + window.counts.length);
    }
}
