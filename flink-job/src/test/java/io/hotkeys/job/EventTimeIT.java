package io.hotkeys.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hotkeys.agent.HotKeyAgent;
import io.hotkeys.schema.AccessBatch;
import io.hotkeys.schema.AccessBatchCodec;
import io.hotkeys.schema.AccessCount;
import io.hotkeys.schema.KeyCodec;
import io.hotkeys.tools.exact.CountRule;
import io.hotkeys.tools.replay.HotKeyLog;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * Event time cannot be stalled or poisoned: counts stamped hours ahead by a wrong clock are dropped
 * instead of moving time forward for everyone, and partitions that receive nothing do not hold time
 * back, so keys still turn cold on time.
 */
class EventTimeIT extends PipelineTestBase {
    private static final String APP = "timely";

    @Test
    void futureDatedCounts_andIdlePartitions_neitherStopDetectionNorDelayCold() throws Exception {
        try (PipelineFixture.RunningJob job = fixture.startJob(CountRule.of(1000, 50), Map.of());
                HotKeyLog log = HotKeyLog.start(fixture.zookeeper.connectString(), APP, c -> {});
                HotKeyAgent agent = fixture.agent(APP, job.topic(), "one-partition-only")) {
            sendCountsStampedThreeHoursAhead(job.topic());

            for (int second = 0; second < 4; second++) {
                record(agent, "steady", 60);
                Thread.sleep(1000);
            }
            List<HotKeyLog.Change> whileBusy = log.changes();
            long stoppedAtMs = System.currentTimeMillis();
            await().atMost(Duration.ofSeconds(30))
                    .until(
                            () ->
                                    log.changes().stream()
                                            .anyMatch(c -> c.key().equals("steady") && !c.hot()));
            long coldAfterMs = System.currentTimeMillis() - stoppedAtMs;

            assertThat(whileBusy)
                    .extracting(c -> c.key() + (c.hot() ? " hot" : " cold"))
                    .containsExactly("steady hot");
            assertThat(coldAfterMs)
                    .as("cold after cool-down 2 s + window 1 s + idle partitions 1 s, not never")
                    .isLessThan(15_000);
            assertThat(log.everHot()).extracting(HotKeyLog.Seen::key).containsExactly("steady");
        }
    }

    @Test
    void keyAlternatingJustAboveAndBelowTheThreshold_forAMinute_turnsHotOnceAndColdOnce()
            throws Exception {
        long minuteAndMoreAgoMs = (System.currentTimeMillis() - 70_000) / 1000 * 1000;
        SteppedClock clock = new SteppedClock(minuteAndMoreAgoMs);
        try (PipelineFixture.RunningJob job = fixture.startJob(CountRule.of(1000, 50), Map.of());
                HotKeyLog log =
                        HotKeyLog.start(fixture.zookeeper.connectString(), "hovering", c -> {});
                HotKeyAgent agent =
                        HotKeyAgent.builder()
                                .app("hovering")
                                .instanceId("hovering-1")
                                .kafkaBootstrapServers(fixture.kafka.bootstrapServers())
                                .zookeeperConnect(fixture.zookeeper.connectString())
                                .set("kafka.topic", job.topic())
                                .clock(clock)
                                .build()) {
            for (int second = 0; second < 60; second++) {
                record(agent, "hovering", second % 2 == 0 ? 52 : 48);
                clock.runOn(1000);
            }
            clock.runOn(6000);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> log.changes().stream().anyMatch(c -> !c.hot()));

            assertThat(log.changes())
                    .extracting(c -> c.key() + (c.hot() ? " hot" : " cold"))
                    .containsExactly("hovering hot", "hovering cold");
        }
    }

    /**
     * Event time that runs ten times faster than the wall clock, in 100 ms steps, so a minute of
     * traffic takes six seconds. It starts 70 s in the past so that it never runs ahead of the
     * job's clock (counts from the future are dropped).
     */
    private static final class SteppedClock implements InstantSource {
        private volatile long nowMs;

        SteppedClock(long startMs) {
            this.nowMs = startMs;
        }

        void runOn(long eventMs) throws InterruptedException {
            for (long step = 0; step < eventMs; step += 100) {
                Thread.sleep(10);
                nowMs += 100;
            }
        }

        @Override
        public long millis() {
            return nowMs;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(nowMs);
        }
    }

    /** A batch on every partition, from an agent whose clock is three hours fast. */
    private static void sendCountsStampedThreeHoursAhead(String topic) throws Exception {
        long future = (System.currentTimeMillis() + 3 * 3_600_000L) / 100 * 100;
        AccessBatch batch =
                new AccessBatch(
                        APP,
                        "fast-clock",
                        100,
                        future,
                        0,
                        List.of(
                                new AccessCount(
                                        future, KeyCodec.toBytes("from-the-future"), 1_000)));
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int partition = 0; partition < 4; partition++) {
                producer.send(
                                new ProducerRecord<>(
                                        topic, partition, null, AccessBatchCodec.encode(batch)))
                        .get();
            }
        }
    }

    private static void record(HotKeyAgent agent, String key, int times) {
        for (int i = 0; i < times; i++) {
            agent.recordAccess(key);
        }
    }
}
