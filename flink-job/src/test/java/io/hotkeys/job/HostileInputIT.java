package io.hotkeys.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hotkeys.agent.HotKeyAgent;
import io.hotkeys.schema.KeyCodec;
import io.hotkeys.schema.testing.HostileKeys;
import io.hotkeys.tools.exact.CountRule;
import io.hotkeys.tools.replay.HotKeyLog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.JobStatus;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * Keys that break naive encodings go through the whole pipeline unchanged; records that are not
 * access batches are skipped without stopping the job; a key too large to track is refused with a
 * reason and counted.
 */
class HostileInputIT extends PipelineTestBase {
    private static final long THRESHOLD = 20;
    private static final String ONE_MEBIBYTE_KEY = "k".repeat(1 << 20);

    @Test
    void hostileKeys_turnHot_andArriveAtEveryAgentUnchanged_despiteGarbageOnTheTopic()
            throws Exception {
        List<String> keys = hostileKeys();
        try (PipelineFixture.RunningJob job =
                        fixture.startJob(CountRule.of(1000, THRESHOLD), Map.of());
                HotKeyLog log =
                        HotKeyLog.start(fixture.zookeeper.connectString(), "hostile", c -> {});
                HotKeyAgent recorder = agent(job.topic(), "recorder");
                HotKeyAgent watcher = agent(job.topic(), "watcher")) {
            sendGarbage(job.topic());

            for (String key : keys) {
                recordTimes(recorder, key, THRESHOLD);
            }
            recordTimes(recorder, ONE_MEBIBYTE_KEY, THRESHOLD);

            await().atMost(Duration.ofSeconds(60))
                    .until(() -> watcher.hotKeys().size() >= keys.size());
            assertThat(watcher.hotKeys()).containsExactlyInAnyOrderElementsOf(keys);
            for (String key : keys) {
                assertThat(watcher.hotKeyRecord(key).key()).isEqualTo(KeyCodec.toBytes(key));
            }
            assertThat(log.everHot())
                    .extracting(HotKeyLog.Seen::key)
                    .containsExactlyInAnyOrderElementsOf(keys);
            assertThat(recorder.stats().accessesRefused()).isEqualTo(THRESHOLD);
            assertThat(job.client().getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        }
    }

    private static List<String> hostileKeys() {
        List<String> keys = new ArrayList<>(HostileKeys.all());
        keys.add("y".repeat(KeyCodec.MAX_KEY_BYTES));
        return keys;
    }

    private static void recordTimes(HotKeyAgent agent, String key, long times) {
        for (long i = 0; i < times; i++) {
            agent.recordAccess(key);
        }
    }

    private static HotKeyAgent agent(String topic, String instance) {
        return HotKeyAgent.builder()
                .app("hostile")
                .instanceId(instance)
                .kafkaBootstrapServers(fixture.kafka.bootstrapServers())
                .zookeeperConnect(fixture.zookeeper.connectString())
                .set("kafka.topic", topic)
                .build();
    }

    private static void sendGarbage(String topic) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String garbage :
                    List.of("", "{\"json\":true}", "HK\u0001\u00ff\u00ff", "HK\u0009")) {
                byte[] value = garbage.getBytes(StandardCharsets.ISO_8859_1);
                for (int partition = 0; partition < 4; partition++) {
                    producer.send(new ProducerRecord<>(topic, partition, null, value)).get();
                }
            }
            producer.send(new ProducerRecord<>(topic, 0, null, null)).get();
        }
    }
}
