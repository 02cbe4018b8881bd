package io.hotkeys.job;

import io.hotkeys.schema.config.Settings;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The job's topology: Kafka source of access batches, with event time from the agents' buckets and
 * per-partition watermarks; keyed by app and key into the {@link HotKeyDetector}; hot-key changes
 * into the {@link ZooKeeperHotKeySink}.
 */
public final class HotKeyPipeline {
    private HotKeyPipeline() {}

    /** Adds the job's operators to an environment. */
    public static void build(StreamExecutionEnvironment env, Settings settings) {
        DetectionConfig config = DetectionConfig.from(settings);
        RuleBook.Factory rules =
                ZooKeeperRuleBook.factory(
                        settings.get(JobSettings.ZOOKEEPER_CONNECT),
                        settings.get(JobSettings.ZOOKEEPER_ROOT),
                        config);
        DataStream<AccessEvent> events =
                env.fromSource(source(settings), watermarks(settings), "access-batches")
                        .uid("access-batches")
                        .filter(event -> !event.isTick())
                        .name("counts")
                        .uid("counts");
        events.keyBy(event -> AppKey.of(event.app, event.key))
                .process(new HotKeyDetector(config, rules))
                .name("hot-key-detector")
                .uid("hot-key-detector")
                .keyBy(change -> change.app)
                .process(
                        new HotSetGovernor(
                                rules, settings.get(JobSettings.ZOOKEEPER_WRITES_PER_SECOND)))
                .name("hot-set-governor")
                .uid("hot-set-governor")
                .sinkTo(
                        new ZooKeeperHotKeySink(
                                settings.get(JobSettings.ZOOKEEPER_CONNECT),
                                settings.get(JobSettings.ZOOKEEPER_ROOT)))
                .name("zookeeper-hot-keys")
                .uid("zookeeper-hot-keys");
    }

    private static KafkaSource<AccessEvent> source(Settings settings) {
        return KafkaSource.<AccessEvent>builder()
                .setBootstrapServers(settings.get(JobSettings.KAFKA_BOOTSTRAP_SERVERS))
                .setTopics(settings.get(JobSettings.KAFKA_TOPIC))
                .setGroupId(settings.get(JobSettings.KAFKA_GROUP_ID))
                .setStartingOffsets(
                        startingOffsets(settings.get(JobSettings.KAFKA_STARTING_OFFSETS)))
                .setDeserializer(
                        new AccessBatchDeserializer(settings.get(JobSettings.MAX_CLOCK_SKEW_MS)))
                .setProperty("commit.offsets.on.checkpoint", "true")
                .build();
    }

    private static OffsetsInitializer startingOffsets(String where) {
        return switch (where) {
            case "earliest" -> OffsetsInitializer.earliest();
            case "latest" -> OffsetsInitializer.latest();
            default -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.LATEST);
        };
    }

    private static WatermarkStrategy<AccessEvent> watermarks(Settings settings) {
        Duration outOfOrderness = Duration.ofMillis(settings.get(JobSettings.OUT_OF_ORDERNESS_MS));
        Duration idleness = Duration.ofMillis(settings.get(JobSettings.IDLENESS_MS));
        WatermarkStrategy<AccessEvent> strategy =
                WatermarkStrategy.<AccessEvent>forBoundedOutOfOrderness(outOfOrderness)
                        .withTimestampAssigner((event, kafkaTimestamp) -> event.timestampMs);
        return idleness.isZero() ? strategy : strategy.withIdleness(idleness);
    }
}
