package io.hotkeys.job;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the control plane bounded, per app: at most {@code maxHotKeys} keys of the app are hot in
 * ZooKeeper at once, and at most {@code maxWritesPerSecond} writes per second go to ZooKeeper for
 * the app, however fast keys turn hot and cold.
 *
 * <p>Keyed by app, it holds the app's hot set as published and the changes still waiting for a
 * write. A change waiting for a key replaces the one before it, so a key that turns hot and cold
 * again while its writes wait costs nothing. Writes go out at once while the second's budget lasts,
 * hot keys first, then cold ones, then new peaks; the rest wait for the next second. A key that
 * would make the app's hot set larger than its cap is not published: it is counted in the {@code
 * hotKeysCapped} metric and logged at most once a minute per app. Agents therefore read at most
 * {@code maxHotKeys} nodes per app.
 */
final class HotSetGovernor extends KeyedProcessFunction<String, HotKeyChange, HotKeyChange> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(HotSetGovernor.class);
    private static final long LOG_INTERVAL_MS = 60_000;
    private static final HotKeyChange.Kind[] PRIORITY = {
        HotKeyChange.Kind.HOT, HotKeyChange.Kind.COLD, HotKeyChange.Kind.PEAK
    };

    private final RuleBook.Factory rules;
    private final int maxWritesPerSecond;
    private transient RuleBook ruleBook;
    private transient MapState<String, HotKeyChange> published;
    private transient MapState<String, HotKeyChange> pending;
    private transient ValueState<Long> desiredHotKeys;
    private transient ValueState<long[]> budget;
    private transient Counter capped;
    private transient Counter deferred;
    private transient Map<String, Long> lastCapLogMs;

    HotSetGovernor(RuleBook.Factory rules, int maxWritesPerSecond) {
        this.rules = rules;
        this.maxWritesPerSecond = maxWritesPerSecond;
    }

    @Override
    public void open(OpenContext context) {
        TypeInformation<HotKeyChange> changeType = TypeInformation.of(HotKeyChange.class);
        published =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>("published", Types.STRING, changeType));
        pending =
                getRuntimeContext()
                        .getMapState(new MapStateDescriptor<>("pending", Types.STRING, changeType));
        desiredHotKeys =
                getRuntimeContext().getState(new ValueStateDescriptor<>("hotKeys", Types.LONG));
        budget = getRuntimeContext().getState(new ValueStateDescriptor<>("budget", long[].class));
        ruleBook = rules.open(getRuntimeContext().getMetricGroup());
        capped = getRuntimeContext().getMetricGroup().counter("hotKeysCapped");
        deferred = getRuntimeContext().getMetricGroup().counter("zookeeperWritesDeferred");
        lastCapLogMs = new ConcurrentHashMap<>();
    }

    @Override
    public void close() {
        if (ruleBook != null) {
            ruleBook.close();
        }
    }

    @Override
    public void processElement(HotKeyChange change, Context ctx, Collector<HotKeyChange> out)
            throws Exception {
        String key = new String(change.key, StandardCharsets.ISO_8859_1);
        switch (change.kind) {
            case HOT -> wantHot(key, change);
            case PEAK -> wantPeak(key, change);
            case COLD -> wantCold(key, change);
        }
        drain(ctx.timerService().currentProcessingTime(), ctx, out);
    }

    @Override
    public void onTimer(long timestampMs, OnTimerContext ctx, Collector<HotKeyChange> out)
            throws Exception {
        drain(timestampMs, ctx, out);
    }

    private void wantHot(String key, HotKeyChange change) throws Exception {
        if (!isDesiredHot(key)) {
            long hotKeys = hotKeys();
            int cap = ruleBook.maxHotKeys(change.app);
            if (hotKeys >= cap) {
                refuse(change, cap);
                return;
            }
            desiredHotKeys.update(hotKeys + 1);
        }
        pending.put(key, change);
    }

    private void wantPeak(String key, HotKeyChange change) throws Exception {
        HotKeyChange waiting = pending.get(key);
        if (waiting != null && waiting.kind == HotKeyChange.Kind.HOT) {
            waiting.peakCount = Math.max(waiting.peakCount, change.peakCount);
            pending.put(key, waiting);
        } else if (waiting == null && published.contains(key)) {
            pending.put(key, change);
        } else if (waiting != null && waiting.kind == HotKeyChange.Kind.PEAK) {
            pending.put(key, change);
        }
    }

    private void wantCold(String key, HotKeyChange change) throws Exception {
        if (!isDesiredHot(key)) {
            return;
        }
        desiredHotKeys.update(hotKeys() - 1);
        if (published.contains(key)) {
            pending.put(key, change);
        } else {
            pending.remove(key);
        }
    }

    private boolean isDesiredHot(String key) throws Exception {
        HotKeyChange waiting = pending.get(key);
        if (waiting != null) {
            return waiting.kind != HotKeyChange.Kind.COLD;
        }
        return published.contains(key);
    }

    /** Writes waiting changes while this second's budget lasts: hot, then cold, then peaks. */
    private void drain(long nowMs, Context ctx, Collector<HotKeyChange> out) throws Exception {
        for (HotKeyChange.Kind kind : PRIORITY) {
            Iterator<Map.Entry<String, HotKeyChange>> waiting = pending.iterator();
            while (waiting.hasNext()) {
                Map.Entry<String, HotKeyChange> entry = waiting.next();
                if (entry.getValue().kind != kind) {
                    continue;
                }
                if (!spend(nowMs)) {
                    deferred.inc();
                    ctx.timerService().registerProcessingTimeTimer(nextSecond(nowMs));
                    return;
                }
                emit(entry.getKey(), entry.getValue(), out);
                waiting.remove();
            }
        }
    }

    private void emit(String key, HotKeyChange change, Collector<HotKeyChange> out)
            throws Exception {
        if (change.kind == HotKeyChange.Kind.COLD) {
            published.remove(key);
        } else {
            published.put(key, change);
        }
        out.collect(change);
    }

    /** Takes one write from the current second's budget, if any is left. */
    private boolean spend(long nowMs) throws Exception {
        long second = nowMs / 1000;
        long[] used = budget.value();
        if (used == null || used[0] != second) {
            used = new long[] {second, 0};
        }
        if (used[1] >= maxWritesPerSecond) {
            return false;
        }
        used[1]++;
        budget.update(used);
        return true;
    }

    private long hotKeys() throws Exception {
        Long hotKeys = desiredHotKeys.value();
        return hotKeys == null ? 0 : hotKeys;
    }

    private void refuse(HotKeyChange change, int cap) {
        capped.inc();
        long now = System.currentTimeMillis();
        Long last = lastCapLogMs.get(change.app);
        if (last == null || now - last >= LOG_INTERVAL_MS) {
            lastCapLogMs.put(change.app, now);
            LOG.warn(
                    "app {} has {} hot keys, its cap; further keys that turn hot are not published"
                        + " (counted in the hotKeysCapped metric). If this app really has more hot"
                        + " keys, raise maxHotKeys in its rules; if not, raise the threshold of the"
                        + " rule '{}' that finds them",
                    change.app,
                    cap,
                    change.rule);
        }
    }

    private static long nextSecond(long nowMs) {
        return (nowMs / 1000 + 1) * 1000;
    }
}
