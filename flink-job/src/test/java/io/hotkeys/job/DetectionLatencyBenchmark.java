package io.hotkeys.job;

import io.hotkeys.agent.HotKeyAgent;
import io.hotkeys.agent.HotKeyListener;
import io.hotkeys.schema.HotKeyRecord;
import io.hotkeys.schema.config.Settings;
import io.hotkeys.stack.LocalKafka;
import io.hotkeys.stack.LocalZooKeeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.util.Collector;

/**
 * Detection latency at default settings: from the moment a key's count crosses the threshold (the
 * access that makes it reach 50 within a second) to the moment every one of four agents has it
 * pinned. Measured for this pipeline and, in the same run, for a baseline that detects with a plain
 * Flink sliding window (1 s, slide 100 ms), which reports a key when its window closes; both read
 * the same Kafka topic format, write the same ZooKeeper nodes and are watched by the same agents.
 *
 * <p>Load: four agents record background accesses to 10,000 keys (about 20,000 accesses per second,
 * none of them hot) while, four times a second, a new key receives 50 accesses at once.
 *
 * <p>Run with {@code scripts/bench-detection latency}.
 */
public final class DetectionLatencyBenchmark {
    private static final int SAMPLES = 120;
    private static final int AGENTS = 4;
    private static final long THRESHOLD = 50;

    private DetectionLatencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        try (LocalZooKeeper zookeeper = LocalZooKeeper.start();
                LocalKafka kafka = LocalKafka.start()) {
            Histogram ours = measure(kafka, zookeeper, "hotkeys", false);
            Histogram baseline = measure(kafka, zookeeper, "baseline", true);
            System.out.printf(
                    "%n%-36s %8s %8s %8s %8s %8s%n",
                    "crossing -> pinned by all 4 agents",
                    "samples",
                    "p50 ms",
                    "p90 ms",
                    "p99 ms",
                    "max ms");
            print("hotkeys (early firing)", ours);
            print("plain sliding window (fires at end)", baseline);
        }
        System.exit(0);
    }

    private static Histogram measure(
            LocalKafka kafka, LocalZooKeeper zookeeper, String name, boolean baseline)
            throws Exception {
        String topic = "latency-" + name;
        String root = "/" + name;
        Settings settings = settings(kafka, zookeeper, topic, root);
        HotKeyJob.prepare(settings);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        HotKeyJob.configure(env, settings);
        if (baseline) {
            buildBaseline(env, settings);
        } else {
            HotKeyPipeline.build(env, settings);
        }
        JobClient job = env.executeAsync(name);
        try {
            return run(kafka, zookeeper, topic, root);
        } finally {
            job.cancel().get();
        }
    }

    private static Histogram run(
            LocalKafka kafka, LocalZooKeeper zookeeper, String topic, String root)
            throws Exception {
        Map<String, long[]> pinnedAt = new ConcurrentHashMap<>();
        List<HotKeyAgent> agents = new ArrayList<>();
        for (int i = 0; i < AGENTS; i++) {
            agents.add(agent(kafka, zookeeper, topic, root, i, pinnedAt));
        }
        AtomicBoolean running = new AtomicBoolean(true);
        Thread noise = new Thread(() -> backgroundLoad(agents, running), "background-load");
        noise.start();
        Thread.sleep(3_000);
        Map<String, Long> crossedAt = burstKeys(agents);
        Thread.sleep(5_000);
        running.set(false);
        noise.join();
        agents.forEach(HotKeyAgent::close);
        return latencies(crossedAt, pinnedAt);
    }

    /** Every 250 ms a new key gets the threshold's worth of accesses; returns when each crossed. */
    private static Map<String, Long> burstKeys(List<HotKeyAgent> agents)
            throws InterruptedException {
        Map<String, Long> crossedAt = new HashMap<>();
        for (int sample = 0; sample < SAMPLES; sample++) {
            String key = "burst:" + sample;
            for (int i = 0; i < THRESHOLD; i++) {
                agents.get(i % AGENTS).recordAccess(key);
            }
            crossedAt.put(key, System.nanoTime());
            Thread.sleep(250);
        }
        return crossedAt;
    }

    private static void backgroundLoad(List<HotKeyAgent> agents, AtomicBoolean running) {
        SplittableRandom random = new SplittableRandom(1);
        while (running.get()) {
            for (int i = 0; i < 200; i++) {
                agents.get(i % AGENTS).recordAccess("background:" + random.nextInt(10_000));
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static Histogram latencies(Map<String, Long> crossedAt, Map<String, long[]> pinnedAt) {
        Histogram histogram = new Histogram(60_000, 3);
        int missing = 0;
        for (Map.Entry<String, Long> crossing : crossedAt.entrySet()) {
            long[] pins = pinnedAt.get(crossing.getKey());
            long last = 0;
            for (int i = 0; pins != null && i < AGENTS; i++) {
                last = pins[i] == 0 ? -1 : Math.max(last, pins[i]);
                if (last < 0) {
                    break;
                }
            }
            if (pins == null || last <= 0) {
                missing++;
                continue;
            }
            histogram.recordValue(Math.max(0, (last - crossing.getValue()) / 1_000_000));
        }
        if (missing > 0) {
            System.out.println(missing + " keys were not pinned by every agent within the run");
        }
        return histogram;
    }

    private static HotKeyAgent agent(
            LocalKafka kafka,
            LocalZooKeeper zookeeper,
            String topic,
            String root,
            int index,
            Map<String, long[]> pinnedAt) {
        return HotKeyAgent.builder()
                .app("latency")
                .instanceId("agent-" + index)
                .kafkaBootstrapServers(kafka.bootstrapServers())
                .zookeeperConnect(zookeeper.connectString())
                .set("kafka.topic", topic)
                .set("zookeeper.root", root)
                .listener(
                        new HotKeyListener() {
                            @Override
                            public void onHot(String key, HotKeyRecord record) {
                                long now = System.nanoTime();
                                pinnedAt.computeIfAbsent(key, k -> new long[AGENTS])[index] = now;
                            }

                            @Override
                            public void onCold(String key) {}
                        })
                .build();
    }

    private static Settings settings(
            LocalKafka kafka, LocalZooKeeper zookeeper, String topic, String root) {
        Map<String, String> raw = new HashMap<>();
        raw.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        raw.put("kafka.topic", topic);
        raw.put("kafka.starting.offsets", "latest");
        raw.put("zookeeper.connect", zookeeper.connectString());
        raw.put("zookeeper.root", root);
        raw.put("parallelism", "2");
        return Settings.parse(JobSettings.ALL, raw);
    }

    /**
     * A plain Flink sliding window over the same input, writing keys the first time a window over
     * the threshold closes.
     */
    private static void buildBaseline(StreamExecutionEnvironment env, Settings settings) {
        KafkaSource<AccessEvent> source =
                KafkaSource.<AccessEvent>builder()
                        .setBootstrapServers(settings.get(JobSettings.KAFKA_BOOTSTRAP_SERVERS))
                        .setTopics(settings.get(JobSettings.KAFKA_TOPIC))
                        .setGroupId("baseline")
                        .setStartingOffsets(OffsetsInitializer.latest())
                        .setDeserializer(new AccessBatchDeserializer(5_000))
                        .build();
        WatermarkStrategy<AccessEvent> watermarks =
                WatermarkStrategy.<AccessEvent>forBoundedOutOfOrderness(Duration.ofMillis(300))
                        .withTimestampAssigner((e, ts) -> e.timestampMs)
                        .withIdleness(Duration.ofSeconds(1));
        env.fromSource(source, watermarks, "access-batches")
                .filter(e -> !e.isTick())
                .map(e -> Tuple2.of(AppKey.of(e.app, e.key), e.count))
                .returns(Types.TUPLE(Types.STRING, Types.LONG))
                .keyBy(t -> t.f0)
                .window(SlidingEventTimeWindows.of(Duration.ofMillis(1000), Duration.ofMillis(100)))
                .sum(1)
                .filter(t -> t.f1 >= THRESHOLD)
                .keyBy(t -> t.f0)
                .process(new FirstTimeHot())
                .sinkTo(
                        new ZooKeeperHotKeySink(
                                settings.get(JobSettings.ZOOKEEPER_CONNECT),
                                settings.get(JobSettings.ZOOKEEPER_ROOT)));
    }

    /** Emits a HOT change the first time a key's window count reaches the threshold. */
    private static final class FirstTimeHot
            extends KeyedProcessFunction<String, Tuple2<String, Long>, HotKeyChange> {
        private transient ValueState<Boolean> seen;

        @Override
        public void open(OpenContext context) {
            seen = getRuntimeContext().getState(new ValueStateDescriptor<>("seen", Types.BOOLEAN));
        }

        @Override
        public void processElement(
                Tuple2<String, Long> value, Context ctx, Collector<HotKeyChange> out)
                throws Exception {
            if (seen.value() != null) {
                return;
            }
            seen.update(true);
            String[] appAndKey = AppKey.split(value.f0);
            HotKeyChange change =
                    HotKeyChange.of(
                            HotKeyChange.Kind.HOT, appAndKey[0], AppKey.keyBytes(appAndKey[1]));
            change.count = value.f1;
            change.peakCount = value.f1;
            change.threshold = THRESHOLD;
            change.windowMs = 1000;
            change.rule = "baseline";
            change.pinTtlMs = 1000;
            change.detectedAtMs = System.currentTimeMillis();
            out.collect(change);
        }
    }

    private static void print(String name, Histogram h) {
        System.out.printf(
                "%-36s %8d %8d %8d %8d %8d%n",
                name,
                h.getTotalCount(),
                h.getValueAtPercentile(50),
                h.getValueAtPercentile(90),
                h.getValueAtPercentile(99),
                h.getMaxValue());
    }
}
