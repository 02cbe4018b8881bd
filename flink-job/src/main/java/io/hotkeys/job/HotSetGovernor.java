package io.hotkeys.job;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
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
 * cold keys first (so that the hot set in ZooKeeper never outgrows the cap), then hot ones, then
 * new peaks; the rest wait for the next second.
 *
 * <p>The keys admitted to the hot set are at most the cap. A key that turns hot when the set is
 * full takes the place of the admitted key with the lowest peak if its own peak is at least {@value
 * #DISPLACING_PEAK_RATIO} times that; otherwise it waits. The displaced key waits too. Waiting keys
 * (at most {@value #MAX_WAITING_KEYS}, or the cap if that is smaller; those with the highest peaks
 * are kept) enter, highest peak first, as admitted keys turn cold, and leave the list when they
 * turn cold themselves. Every key kept out is counted in the {@code hotKeysCapped} metric, every
 * displacement in {@code hotKeysDisplaced}, and the cap is logged at most once a minute per app.
 * When the rules lower an app's cap, the lowest peaks move to the waiting list; when they raise it,
 * waiting keys enter. Agents therefore read at most {@code maxHotKeys} nodes per app.
 *
 * <p>Keys are ranked by peak, the highest count of a window since they turned hot, because that is
 * what the detector reports: a key whose burst is over keeps its rank until it cools down.
 */
final class HotSetGovernor extends KeyedProcessFunction<String, HotKeyChange, HotKeyChange> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(HotSetGovernor.class);
    private static final long LOG_INTERVAL_MS = 60_000;
    private static final HotKeyChange.Kind[] PRIORITY = {
        HotKeyChange.Kind.COLD, HotKeyChange.Kind.HOT, HotKeyChange.Kind.PEAK
    };

    /** How many times the lowest admitted peak a key's peak must be to take its place. */
    static final long DISPLACING_PEAK_RATIO = 2;

    /** Most keys of one app that wait for room in the hot set. */
    static final int MAX_WAITING_KEYS = 1_000;

    private final RuleBook.Factory rules;
    private final int maxWritesPerSecond;
    private transient RuleBook ruleBook;
    private transient MapState<String, HotKeyChange> published;
    private transient MapState<String, HotKeyChange> pending;
    private transient MapState<String, HotKeyChange> waiting;
    private transient ValueState<Long> desiredHotKeys;
    private transient ValueState<Long> waitingKeys;
    private transient ValueState<long[]> budget;
    private transient Counter capped;
    private transient Counter displaced;
    private transient Counter deferred;
    private transient Map<String, Long> lastCapLogMs;
    private transient Map<String, KeyPeak> lowestAdmittedByApp;
    private transient Map<String, KeyPeak> lowestWaitingByApp;

    /** A key and its peak count. */
    private record KeyPeak(String key, long peak) {}

    HotSetGovernor(RuleBook.Factory rules, int maxWritesPerSecond) {
        this.rules = rules;
        this.maxWritesPerSecond = maxWritesPerSecond;
    }

    @Override
    public void open(OpenContext context) {
        TypeInformation<HotKeyChange> changeType = TypeInformation.of(HotKeyChange.class);
        published = mapState("published", changeType);
        pending = mapState("pending", changeType);
        waiting = mapState("waiting", changeType);
        desiredHotKeys =
                getRuntimeContext().getState(new ValueStateDescriptor<>("hotKeys", Types.LONG));
        waitingKeys =
                getRuntimeContext().getState(new ValueStateDescriptor<>("waitingKeys", Types.LONG));
        budget = getRuntimeContext().getState(new ValueStateDescriptor<>("budget", long[].class));
        ruleBook = rules.open(getRuntimeContext().getMetricGroup());
        capped = getRuntimeContext().getMetricGroup().counter("hotKeysCapped");
        displaced = getRuntimeContext().getMetricGroup().counter("hotKeysDisplaced");
        deferred = getRuntimeContext().getMetricGroup().counter("zookeeperWritesDeferred");
        lastCapLogMs = new ConcurrentHashMap<>();
        lowestAdmittedByApp = new HashMap<>();
        lowestWaitingByApp = new HashMap<>();
    }

    private MapState<String, HotKeyChange> mapState(
            String name, TypeInformation<HotKeyChange> changeType) {
        return getRuntimeContext()
                .getMapState(new MapStateDescriptor<>(name, Types.STRING, changeType));
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
        fitToCap(change.app);
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

    /**
     * Brings the admitted set back within the app's cap, which the rules can change at any time:
     * evicts the lowest peaks while above it, admits waiting keys while below it.
     */
    private void fitToCap(String app) throws Exception {
        int cap = ruleBook.maxHotKeys(app);
        while (hotKeys() > cap) {
            KeyPeak lowest = lowestAdmitted(app);
            if (lowest == null) {
                break;
            }
            moveToWaiting(app, lowest);
        }
        admitWaitingWhileRoom(app);
    }

    private void wantHot(String key, HotKeyChange change) throws Exception {
        if (waiting.contains(key)) {
            updateWaiting(key, change);
        } else if (isAdmitted(key)) {
            pending.put(key, change);
            peakChanged(lowestAdmittedByApp, change.app, key, change.peakCount);
        } else if (hotKeys() < ruleBook.maxHotKeys(change.app)) {
            admit(key, change);
        } else if (!displaceFor(key, change)) {
            keepWaiting(key, change);
        }
    }

    private void wantPeak(String key, HotKeyChange change) throws Exception {
        if (waiting.contains(key)) {
            updateWaiting(key, change);
            return;
        }
        HotKeyChange queued = pending.get(key);
        if (queued != null && queued.kind == HotKeyChange.Kind.HOT) {
            queued.peakCount = Math.max(queued.peakCount, change.peakCount);
            pending.put(key, queued);
            peakChanged(lowestAdmittedByApp, change.app, key, queued.peakCount);
        } else if (queued != null && queued.kind == HotKeyChange.Kind.PEAK
                || queued == null && published.contains(key)) {
            pending.put(key, change);
            peakChanged(lowestAdmittedByApp, change.app, key, change.peakCount);
        }
    }

    private void wantCold(String key, HotKeyChange change) throws Exception {
        if (waiting.contains(key)) {
            removeWaiting(change.app, key);
            return;
        }
        if (!isAdmitted(key)) {
            return;
        }
        leave(key, change);
        admitWaitingWhileRoom(change.app);
    }

    /** A waiting key turned hot again or reached a higher peak: it may now take a place. */
    private void updateWaiting(String key, HotKeyChange change) throws Exception {
        HotKeyChange before = waiting.get(key);
        HotKeyChange hot =
                change.kind == HotKeyChange.Kind.HOT
                        ? HotKeyChange.copyOf(change, HotKeyChange.Kind.HOT)
                        : before;
        hot.peakCount = Math.max(before.peakCount, change.peakCount);
        removeWaiting(change.app, key);
        if (!displaceFor(key, hot)) {
            putWaiting(key, hot);
        }
    }

    private void admit(String key, HotKeyChange hot) throws Exception {
        desiredHotKeys.update(hotKeys() + 1);
        pending.put(key, hot);
        peakChanged(lowestAdmittedByApp, hot.app, key, hot.peakCount);
    }

    /** The key leaves the admitted set: a write deletes its node if it was published. */
    private void leave(String key, HotKeyChange cold) throws Exception {
        desiredHotKeys.update(hotKeys() - 1);
        removed(lowestAdmittedByApp, cold.app, key);
        if (published.contains(key)) {
            pending.put(key, cold);
        } else {
            pending.remove(key);
        }
    }

    /**
     * Admits the key in place of the admitted key with the lowest peak, if the key's peak is high
     * enough; the displaced key waits.
     */
    private boolean displaceFor(String key, HotKeyChange hot) throws Exception {
        KeyPeak lowest = lowestAdmitted(hot.app);
        if (lowest == null
                || hot.peakCount <= 0
                || hot.peakCount < DISPLACING_PEAK_RATIO * lowest.peak()) {
            return false;
        }
        moveToWaiting(hot.app, lowest);
        admit(key, hot);
        displaced.inc();
        return true;
    }

    private void moveToWaiting(String app, KeyPeak admitted) throws Exception {
        HotKeyChange hot = admittedAsHot(admitted.key());
        hot.peakCount = admitted.peak();
        leave(admitted.key(), HotKeyChange.coldOf(hot));
        keepWaiting(admitted.key(), hot);
    }

    /** Puts a hot key that the cap keeps out on the waiting list, if it is among its highest. */
    private void keepWaiting(String key, HotKeyChange hot) throws Exception {
        refuse(hot, ruleBook.maxHotKeys(hot.app));
        long limit = Math.min(MAX_WAITING_KEYS, ruleBook.maxHotKeys(hot.app));
        if (waitingCount() >= limit) {
            KeyPeak lowest = lowestWaiting(hot.app);
            if (lowest == null || lowest.peak() >= hot.peakCount) {
                return;
            }
            removeWaiting(hot.app, lowest.key());
        }
        putWaiting(key, hot);
    }

    private void putWaiting(String key, HotKeyChange hot) throws Exception {
        HotKeyChange copy = HotKeyChange.copyOf(hot, HotKeyChange.Kind.HOT);
        waiting.put(key, copy);
        waitingKeys.update(waitingCount() + 1);
        peakChanged(lowestWaitingByApp, hot.app, key, copy.peakCount);
    }

    private void removeWaiting(String app, String key) throws Exception {
        waiting.remove(key);
        waitingKeys.update(waitingCount() - 1);
        removed(lowestWaitingByApp, app, key);
    }

    private void admitWaitingWhileRoom(String app) throws Exception {
        while (waitingCount() > 0 && hotKeys() < ruleBook.maxHotKeys(app)) {
            KeyPeak highest = highestWaiting();
            HotKeyChange hot = waiting.get(highest.key());
            removeWaiting(app, highest.key());
            admit(highest.key(), hot);
        }
    }

    private KeyPeak highestWaiting() throws Exception {
        KeyPeak found = null;
        for (Map.Entry<String, HotKeyChange> entry : waiting.entries()) {
            long peak = entry.getValue().peakCount;
            if (found == null || peak > found.peak()) {
                found = new KeyPeak(entry.getKey(), peak);
            }
        }
        return found;
    }

    private KeyPeak lowestWaiting(String app) throws Exception {
        KeyPeak known = lowestWaitingByApp.get(app);
        if (known != null) {
            return known;
        }
        KeyPeak found = null;
        for (Map.Entry<String, HotKeyChange> entry : waiting.entries()) {
            found = lower(found, entry.getKey(), entry.getValue().peakCount);
        }
        return remember(lowestWaitingByApp, app, found);
    }

    /** The admitted key with the lowest peak, published or about to be. */
    private KeyPeak lowestAdmitted(String app) throws Exception {
        KeyPeak known = lowestAdmittedByApp.get(app);
        if (known != null) {
            return known;
        }
        KeyPeak found = null;
        for (Map.Entry<String, HotKeyChange> entry : pending.entries()) {
            HotKeyChange change = entry.getValue();
            if (change.kind != HotKeyChange.Kind.COLD) {
                found = lower(found, entry.getKey(), change.peakCount);
            }
        }
        for (Map.Entry<String, HotKeyChange> entry : published.entries()) {
            if (!pending.contains(entry.getKey())) {
                found = lower(found, entry.getKey(), entry.getValue().peakCount);
            }
        }
        return remember(lowestAdmittedByApp, app, found);
    }

    /*
     * The lowest peaks are remembered per app so that a flood of keys turning hot against a full
     * hot set does not scan the set once per key. A remembered lowest is exact or absent: a key
     * entering with a lower peak replaces it; the key itself leaving, or its peak changing,
     * forgets it. Not checkpointed: after a restore it is found again by one scan.
     */

    private static KeyPeak remember(Map<String, KeyPeak> lowest, String app, KeyPeak found) {
        if (found != null) {
            lowest.put(app, found);
        }
        return found;
    }

    private static void peakChanged(
            Map<String, KeyPeak> lowest, String app, String key, long peak) {
        KeyPeak known = lowest.get(app);
        if (known == null) {
            return;
        }
        if (known.key().equals(key)) {
            lowest.remove(app);
        } else if (peak < known.peak()) {
            lowest.put(app, new KeyPeak(key, peak));
        }
    }

    private static void removed(Map<String, KeyPeak> lowest, String app, String key) {
        KeyPeak known = lowest.get(app);
        if (known != null && known.key().equals(key)) {
            lowest.remove(app);
        }
    }

    private static KeyPeak lower(KeyPeak found, String key, long peak) {
        return found == null || peak < found.peak() ? new KeyPeak(key, peak) : found;
    }

    /** What an admitted key would be published as: its waiting hot change or its node's. */
    private HotKeyChange admittedAsHot(String key) throws Exception {
        HotKeyChange queued = pending.get(key);
        HotKeyChange base =
                queued != null && queued.kind == HotKeyChange.Kind.HOT
                        ? queued
                        : published.get(key);
        HotKeyChange hot = HotKeyChange.copyOf(base, HotKeyChange.Kind.HOT);
        if (queued != null) {
            hot.peakCount = Math.max(hot.peakCount, queued.peakCount);
        }
        return hot;
    }

    private boolean isAdmitted(String key) throws Exception {
        HotKeyChange queued = pending.get(key);
        if (queued != null) {
            return queued.kind != HotKeyChange.Kind.COLD;
        }
        return published.contains(key);
    }

    /** Writes waiting changes while this second's budget lasts: cold, then hot, then peaks. */
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
        switch (change.kind) {
            case COLD -> published.remove(key);
            case HOT -> published.put(key, change);
            case PEAK -> published.put(key, withPeak(published.get(key), change.peakCount));
        }
        out.collect(change);
    }

    /** The node as a peak update leaves it: everything as it was but the peak. */
    private static HotKeyChange withPeak(HotKeyChange node, long peakCount) {
        HotKeyChange updated = HotKeyChange.copyOf(node, HotKeyChange.Kind.HOT);
        updated.peakCount = Math.max(node.peakCount, peakCount);
        return updated;
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

    private long waitingCount() throws Exception {
        Long count = waitingKeys.value();
        return count == null ? 0 : count;
    }

    private void refuse(HotKeyChange change, int cap) {
        capped.inc();
        long now = System.currentTimeMillis();
        Long last = lastCapLogMs.get(change.app);
        if (last == null || now - last >= LOG_INTERVAL_MS) {
            lastCapLogMs.put(change.app, now);
            LOG.warn(
                    "app {} has {} hot keys, its cap; further keys that turn hot wait for room"
                        + " unless their peak is {} times the lowest admitted one (counted in the"
                        + " hotKeysCapped metric). If this app really has more hot keys, raise"
                        + " maxHotKeys in its rules; if not, raise the threshold of the rule '{}'"
                        + " that finds them",
                    change.app,
                    cap,
                    DISPLACING_PEAK_RATIO,
                    change.rule);
        }
    }

    private static long nextSecond(long nowMs) {
        return (nowMs / 1000 + 1) * 1000;
    }
}
