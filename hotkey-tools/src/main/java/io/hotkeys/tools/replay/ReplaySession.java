package io.hotkeys.tools.replay;

import io.hotkeys.agent.AgentStats;
import io.hotkeys.agent.HotKeyAgent;
import io.hotkeys.agent.HotKeyListener;
import io.hotkeys.schema.HotKeyRecord;
import io.hotkeys.tools.exact.ExactCountResult;
import io.hotkeys.tools.exact.ExactCounter;
import io.hotkeys.tools.exact.HotKey;
import io.hotkeys.tools.exact.TimeScale;
import io.hotkeys.tools.trace.Access;
import io.hotkeys.tools.trace.TraceReader;
import io.hotkeys.tools.trace.TraceStats;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Replays a trace through several simulated service instances, each with its own {@link
 * HotKeyAgent}, as a load balancer would spread the requests: every access of the trace is a read
 * of its key through one instance's agent, round robin.
 *
 * <p>Event time comes from the trace, scaled by the speed ({@link TimeScale}), and every agent is
 * stamped by the shared {@link ReplayClock}; the replay paces itself so that event time follows the
 * wall clock. What the pipeline detects therefore depends on the trace only, not on how fast the
 * machine is; the latencies it measures do depend on the machine.
 *
 * <p>Before replaying, the session counts the same trace exactly ({@link ExactCounter}) with the
 * same time mapping, so it knows which access makes each hot key cross the threshold and can time
 * how long the agents take to pin it.
 */
public final class ReplaySession implements AutoCloseable {
    /** Keys of the end markers start with this; they are not part of any trace. */
    public static final String END_MARKER_PREFIX = "__hotkeys_end_marker__/";

    private static final long END_MARGIN_MS = 1_000;

    private final ReplayOptions options;
    private final ReplayClock clock;
    private final PinTimes pinTimes;
    private final List<HotKeyAgent> agents = new ArrayList<>();
    private final LongAdder backendReads = new LongAdder();
    private ExactCountResult exact;
    private TimeScale timeScale;
    private TraceStats traceStats;
    private volatile long accessesReplayed;
    private volatile long originMs = -1;

    private ReplaySession(ReplayOptions options) {
        this.options = options;
        this.clock = new ReplayClock(System.currentTimeMillis());
        this.pinTimes = new PinTimes(options.instances());
    }

    /** Starts one agent per simulated instance; they connect to Kafka and ZooKeeper. */
    public static ReplaySession open(ReplayOptions options) {
        ReplaySession session = new ReplaySession(options);
        for (int i = 0; i < options.instances(); i++) {
            session.agents.add(session.newAgent(i));
        }
        return session;
    }

    /**
     * Counts the trace exactly, then replays it, pacing event time to the wall clock. Returns when
     * the last access has been recorded.
     */
    public void play() throws IOException {
        long bucketMs = options.rule().bucketMs();
        originMs = Math.floorDiv(System.currentTimeMillis(), bucketMs) * bucketMs + bucketMs;
        exact = countExactly(originMs);
        Map<String, Long> crossings = crossingTimes(exact);
        waitUntilWall(originMs);
        try (TraceReader reader = openTrace()) {
            replay(reader, originMs, crossings);
            traceStats = reader.stats();
        }
    }

    /**
     * Waits until every instance has pinned every key the exact count finds hot.
     *
     * @return true if they all did within the timeout
     */
    public boolean awaitAllPinned(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> expected = exact.hotKeys().stream().map(HotKey::key).toList();
        while (!pinTimes.pinnedByAll(expected)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        return true;
    }

    /**
     * Lets event time run on, paced like the replay, for one window and {@value #END_MARGIN_MS} ms
     * past the last access, so that the job's event time passes the end of every window of the
     * trace one bucket at a time (as it would if the services kept running with no traffic). Then
     * makes every agent record its own end-marker key as often as the threshold. Each agent ships
     * to one Kafka partition in order, so once a marker is hot the job has read everything that
     * agent shipped before it.
     *
     * @return the marker keys
     */
    public List<String> sendEndMarkers() {
        runClockOn(options.rule().windowMs() + END_MARGIN_MS);
        List<String> markers = new ArrayList<>();
        for (HotKeyAgent agent : agents) {
            String marker = END_MARKER_PREFIX + agent.instanceId();
            for (long i = 0; i < options.rule().threshold(); i++) {
                agent.recordAccess(marker);
            }
            markers.add(marker);
        }
        return markers;
    }

    private void runClockOn(long durationMs) {
        long bucketMs = options.rule().bucketMs();
        long endMs = clock.millis() + durationMs;
        for (long t = clock.millis() + bucketMs; t <= endMs; t += bucketMs) {
            waitUntilWall(t);
            clock.set(t);
        }
    }

    /** Tells whether a key is an end marker rather than a key of the trace. */
    public static boolean isEndMarker(String key) {
        return key.startsWith(END_MARKER_PREFIX);
    }

    /** Event time of the trace's first access; -1 until {@link #play()} has started. */
    public long originMs() {
        return originMs;
    }

    /** Reads replayed so far; may be read from another thread while {@link #play()} runs. */
    public long accessesReplayed() {
        return accessesReplayed;
    }

    public ExactCountResult exact() {
        return exact;
    }

    public TimeScale timeScale() {
        return timeScale;
    }

    public List<HotKeyAgent> agents() {
        return List.copyOf(agents);
    }

    /** What happened: per exact hot key, when it crossed and when every agent had it pinned. */
    public ReplayResult result() {
        List<ReplayResult.KeyTiming> timings = new ArrayList<>();
        for (HotKey key : exact.hotKeys()) {
            timings.add(
                    new ReplayResult.KeyTiming(
                            key.key(),
                            pinTimes.crossedAtMs(key.key()),
                            pinTimes.pinnedByAllAtMs(key.key())));
        }
        return new ReplayResult(
                exact,
                timeScale.originMs(),
                traceStats,
                accessesReplayed,
                backendReads.sum(),
                timings,
                totals());
    }

    /** Closes every agent; each ships its last counts first. */
    @Override
    public void close() {
        for (HotKeyAgent agent : agents) {
            agent.close();
        }
    }

    private HotKeyAgent newAgent(int index) {
        Map<String, String> settings = new HashMap<>(options.agentSettings());
        settings.putIfAbsent("bucket.ms", Long.toString(options.rule().bucketMs()));
        return HotKeyAgent.builder()
                .app(options.app())
                .instanceId("replay-" + index)
                .kafkaBootstrapServers(options.kafkaBootstrapServers())
                .zookeeperConnect(options.zookeeperConnect())
                .setAll(settings)
                .clock(clock)
                .listener(new PinListener(index))
                .build();
    }

    private ExactCountResult countExactly(long originMs) throws IOException {
        ExactCounter counter = new ExactCounter(options.rule());
        try (TraceReader reader = openTrace()) {
            timeScale = counter.addTrace(reader, originMs, options.speed()).orElse(null);
        }
        return counter.result();
    }

    private static Map<String, Long> crossingTimes(ExactCountResult exact) {
        Map<String, Long> crossings = new HashMap<>();
        exact.hotKeys().forEach(key -> crossings.put(key.key(), key.crossedAtMs()));
        return crossings;
    }

    private void replay(TraceReader reader, long originMs, Map<String, Long> crossings) {
        int next = 0;
        while (reader.hasNext()) {
            Access access = reader.next();
            long eventMs = timeScale.eventTimeMs(access.timeMs());
            waitUntilWall(eventMs);
            clock.set(eventMs);
            for (long i = 0; i < access.weight(); i++) {
                read(agents.get(next), access.key());
                next = (next + 1) % agents.size();
            }
            accessesReplayed += access.weight();
            Long crossing = crossings.get(access.key());
            if (crossing != null && eventMs >= crossing) {
                pinTimes.crossed(access.key(), System.currentTimeMillis());
            }
        }
    }

    private void read(HotKeyAgent agent, String key) {
        agent.get(
                key,
                k -> {
                    backendReads.increment();
                    return "value:" + k;
                });
    }

    private TraceReader openTrace() throws IOException {
        return options.format() == null
                ? TraceReader.open(options.trace())
                : TraceReader.open(options.trace(), options.format());
    }

    private static void waitUntilWall(long wallMs) {
        long aheadMs;
        while ((aheadMs = wallMs - System.currentTimeMillis()) > 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(aheadMs));
        }
    }

    private ReplayResult.Totals totals() {
        long served = 0;
        long loaded = 0;
        long remote = 0;
        long dropped = 0;
        long unsent = 0;
        long refused = 0;
        for (HotKeyAgent agent : agents) {
            AgentStats stats = agent.stats();
            served += stats.readsServedLocally();
            loaded += stats.readsLoadedIntoPin();
            remote += stats.readsRemote();
            dropped += stats.accessesDropped();
            unsent += stats.accessesUnsent();
            refused += stats.accessesRefused();
        }
        return new ReplayResult.Totals(served, loaded, remote, dropped, unsent, refused);
    }

    /** Notes when an instance's agent learns that a key is hot. */
    private final class PinListener implements HotKeyListener {
        private final int instance;

        PinListener(int instance) {
            this.instance = instance;
        }

        @Override
        public void onHot(String key, HotKeyRecord record) {
            pinTimes.pinned(key, instance, System.currentTimeMillis());
        }

        @Override
        public void onCold(String key) {}
    }
}
