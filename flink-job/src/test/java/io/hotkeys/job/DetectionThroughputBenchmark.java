package io.hotkeys.job;

import io.hotkeys.schema.testing.Zipf;
import java.time.Duration;
import java.util.SplittableRandom;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;

/**
 * Throughput of the detector in pre-aggregated counts per second on one parallel task, beside a
 * plain Flink sliding-window job (window 1 s, slide 100 ms, count per key, keep windows over the
 * threshold) over the same input, in the same process.
 *
 * <p>Input: {@value #COUNTS} counts of 200,000 keys drawn from a Zipf distribution (exponent 1.2),
 * 20,000 counts per 100 ms bucket, each count between 1 and 10: the shape of what agents ship. Both
 * jobs read it from the same generator, assign event time and watermarks the same way, and discard
 * their output; only what happens after keyBy differs.
 *
 * <p>Run with {@code scripts/bench-detection throughput}.
 */
public final class DetectionThroughputBenchmark {
    static final long COUNTS = 4_000_000;
    private static final int ROUNDS = 3;
    private static final int KEYS = 200_000;
    private static final long COUNTS_PER_BUCKET = 20_000;

    private DetectionThroughputBenchmark() {}

    public static void main(String[] args) throws Exception {
        System.out.printf("%-34s %14s %14s%n", "job (parallelism 1)", "seconds", "counts/s");
        for (int round = 1; round <= ROUNDS; round++) {
            report("hotkeys detector, round " + round, run(DetectionThroughputBenchmark::detector));
            report(
                    "plain sliding window, round " + round,
                    run(DetectionThroughputBenchmark::slidingWindow));
        }
    }

    private interface Topology {
        void build(DataStream<AccessEvent> counts);
    }

    private static double run(Topology topology) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        DataStream<AccessEvent> counts =
                env.fromSequence(0, COUNTS - 1)
                        .map(DetectionThroughputBenchmark::count)
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<AccessEvent>forBoundedOutOfOrderness(
                                                Duration.ofMillis(300))
                                        .withTimestampAssigner((e, ts) -> e.timestampMs));
        topology.build(counts);
        long start = System.nanoTime();
        env.execute();
        return (System.nanoTime() - start) / 1e9;
    }

    private static void detector(DataStream<AccessEvent> counts) {
        DetectionConfig config = HotKeyDetectorTest.config(500, 250, 2000, 1_000);
        counts.keyBy(e -> AppKey.of(e.app, e.key))
                .process(new HotKeyDetector(config, FixedRuleBook.factory(config)))
                .keyBy(change -> change.app)
                .process(new HotSetGovernor(FixedRuleBook.factory(config), 200))
                .sinkTo(new DiscardingSink<>());
    }

    private static void slidingWindow(DataStream<AccessEvent> counts) {
        counts.keyBy(e -> AppKey.of(e.app, e.key))
                .window(SlidingEventTimeWindows.of(Duration.ofMillis(1000), Duration.ofMillis(100)))
                .aggregate(new Sum())
                .filter(sum -> sum >= 500)
                .sinkTo(new DiscardingSink<>());
    }

    /** The i-th count of the input: a Zipf-distributed key, a bucket that advances steadily. */
    static AccessEvent count(long i) {
        SplittableRandom random = new SplittableRandom(i * 0x9E3779B97F4A7C15L);
        long bucketStartMs = 1_700_000_000_000L + (i / COUNTS_PER_BUCKET) * 100;
        String key = "key:" + Zipf.sample(random, KEYS, 1.2);
        return new AccessEvent("bench", key.getBytes(), bucketStartMs, 1 + random.nextInt(10));
    }

    private static void report(String name, double seconds) {
        System.out.printf("%-34s %14.2f %,14.0f%n", name, seconds, COUNTS / seconds);
    }

    /** Sums the counts of a window. */
    private static final class Sum implements AggregateFunction<AccessEvent, Long, Long> {
        @Override
        public Long createAccumulator() {
            return 0L;
        }

        @Override
        public Long add(AccessEvent value, Long accumulator) {
            return accumulator + value.count;
        }

        @Override
        public Long getResult(Long accumulator) {
            return accumulator;
        }

        @Override
        public Long merge(Long a, Long b) {
            return a + b;
        }
    }
}
