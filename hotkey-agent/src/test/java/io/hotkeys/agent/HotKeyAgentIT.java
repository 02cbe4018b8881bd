package io.hotkeys.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hotkeys.schema.AccessBatch;
import io.hotkeys.schema.AccessBatchCodec;
import io.hotkeys.schema.AccessCount;
import io.hotkeys.schema.HotKeyRecord;
import io.hotkeys.schema.KeyCodec;
import io.hotkeys.schema.ZkLayout;
import io.hotkeys.schema.config.ConfigException;
import io.hotkeys.schema.testing.HostileKeys;
import io.hotkeys.stack.LocalKafka;
import io.hotkeys.stack.LocalZooKeeper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The agent against a real ZooKeeper and a real Kafka broker. */
class HotKeyAgentIT {
    private static LocalZooKeeper zookeeper;
    private static LocalKafka kafka;
    private static CuratorFramework zk;
    private static final AtomicInteger TOPICS = new AtomicInteger();

    @BeforeAll
    static void startServers() {
        zookeeper = LocalZooKeeper.start();
        kafka = LocalKafka.start();
        zk =
                CuratorFrameworkFactory.newClient(
                        zookeeper.connectString(), new ExponentialBackoffRetry(100, 5));
        zk.start();
    }

    @AfterAll
    static void stopServers() {
        zk.close();
        kafka.close();
        zookeeper.close();
    }

    @Test
    void recordedAccesses_allArriveInKafka_countedExactly() {
        String topic = newTopic();
        Map<String, Long> recorded = new HashMap<>();
        try (HotKeyAgent agent = agent("counting", topic).build()) {
            for (int i = 0; i < 20_000; i++) {
                String key = "item:" + (i % 37) * (i % 5);
                agent.recordAccess(key);
                recorded.merge(key, 1L, Long::sum);
            }
        }

        Map<String, Long> shipped = consumeCounts(topic, 20_000);
        assertThat(shipped).isEqualTo(recorded);
    }

    @Test
    void hotKeyNode_makesAgentPin_andItsDeletionUnpins() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        try (HotKeyAgent agent = agent("pinning", newTopic()).build()) {
            assertThat(agent.<String>get("k", k -> "v" + loads.incrementAndGet())).isEqualTo("v1");

            String path = writeHotKey("pinning", "k");
            await().atMost(Duration.ofSeconds(10)).until(() -> agent.isHot("k"));
            assertThat(agent.<String>get("k", k -> "v" + loads.incrementAndGet())).isEqualTo("v2");
            assertThat(agent.<String>get("k", k -> "v" + loads.incrementAndGet())).isEqualTo("v2");
            assertThat(agent.stats().readsServedLocally()).isEqualTo(1);

            zk.delete().forPath(path);
            await().atMost(Duration.ofSeconds(10)).until(() -> !agent.isHot("k"));
            assertThat(agent.<String>get("k", k -> "v" + loads.incrementAndGet())).isEqualTo("v3");
        }
    }

    @Test
    void hostileKeys_arriveAtTheAgentUnchanged() throws Exception {
        List<String> keys = HostileKeys.all();
        try (HotKeyAgent agent = agent("hostile", newTopic()).build()) {
            for (String key : keys) {
                writeHotKey("hostile", key);
            }

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> agent.hotKeys().size() == keys.size());
            assertThat(agent.hotKeys()).containsExactlyInAnyOrderElementsOf(keys);
            for (String key : keys) {
                assertThat(KeyCodec.toBytes(key)).isEqualTo(agent.hotKeyRecord(key).key());
            }
        }
    }

    @Test
    void nodeWhoseNameDoesNotMatchItsKey_isIgnored() throws Exception {
        try (HotKeyAgent agent = agent("forged", newTopic()).build()) {
            HotKeyRecord record = record("forged", "real-key");
            String forgedPath = ZkLayout.defaultLayout().hotKeysPath("forged") + "/=other-key";
            zk.create()
                    .creatingParentsIfNeeded()
                    .forPath(forgedPath, HotKeyRecord.CODEC.encode(record));
            writeHotKey("forged", "good");

            await().atMost(Duration.ofSeconds(10)).until(() -> agent.isHot("good"));
            assertThat(agent.hotKeys()).containsExactly("good");
        }
    }

    @Test
    void agentRegistersItself_whileItRuns() throws Exception {
        String path = ZkLayout.defaultLayout().agentPath("registered", "instance-7");
        try (HotKeyAgent agent = agent("registered", newTopic()).instanceId("instance-7").build()) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> zk.checkExists().forPath(path) != null);
        }
        assertThat(zk.checkExists().forPath(path)).isNull();
    }

    @Test
    void badSetting_failsAtBuild_namingIt() {
        assertThatThrownBy(() -> agent("x", "t").set("report.interval.ms", "0").build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'report.interval.ms'");
        assertThatThrownBy(() -> agent("x", "t").set("report.intervall.ms", "5").build())
                .hasMessageContaining("unknown setting(s) [report.intervall.ms]");
        assertThatThrownBy(() -> agent("bad/app", "t").build()).hasMessageContaining("app name");
    }

    @Test
    void withZooKeeperDown_readsStillWork_andTheHotSetConvergesWhenItReturns() throws Exception {
        String path = writeHotKey("zkdown", "later");
        zookeeper.stop();
        try (HotKeyAgent agent = agent("zkdown", newTopic()).build()) {
            assertThat(agent.<String>get("later", k -> "remote")).isEqualTo("remote");
            assertThat(agent.isHot("later")).isFalse();

            zookeeper.restart();
            await().atMost(Duration.ofSeconds(20)).until(() -> agent.isHot("later"));
        } finally {
            zk.delete().quietly().forPath(path);
        }
    }

    @Test
    void afterItsZooKeeperSessionExpires_theAgentsHotSetConvergesOnWhatZooKeeperHolds()
            throws Exception {
        String stale = writeHotKey("expiring", "was-hot");
        try (HotKeyAgent agent = agent("expiring", newTopic()).build()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> agent.isHot("was-hot"));

            agent.zookeeperClient()
                    .getZookeeperClient()
                    .getZooKeeper()
                    .getTestable()
                    .injectSessionExpiration();
            zk.delete().forPath(stale);
            writeHotKey("expiring", "now-hot");

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> agent.hotKeys().equals(java.util.Set.of("now-hot")));
        }
    }

    private static HotKeyAgent.Builder agent(String app, String topic) {
        return HotKeyAgent.builder()
                .app(app)
                .kafkaBootstrapServers(kafka.bootstrapServers())
                .zookeeperConnect(zookeeper.connectString())
                .set("kafka.topic", topic);
    }

    private static String newTopic() {
        String topic = "access-" + TOPICS.incrementAndGet();
        kafka.createTopic(topic, 2);
        return topic;
    }

    private static HotKeyRecord record(String app, String key) {
        return new HotKeyRecord(
                1, app, KeyCodec.toBytes(key), 1, 1000, 1000, 50, 50, 50, "default", 1000, 0);
    }

    private static String writeHotKey(String app, String key) throws Exception {
        String path = ZkLayout.defaultLayout().hotKeyPath(app, KeyCodec.toBytes(key));
        zk.create()
                .orSetData()
                .creatingParentsIfNeeded()
                .forPath(path, HotKeyRecord.CODEC.encode(record(app, key)));
        return path;
    }

    private static Map<String, Long> consumeCounts(String topic, long expectedTotal) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + topic);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, Long> counts = new HashMap<>();
        long[] total = {0};
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> {
                                for (ConsumerRecord<byte[], byte[]> r :
                                        consumer.poll(Duration.ofMillis(200))) {
                                    AccessBatch batch = AccessBatchCodec.decode(r.value());
                                    for (AccessCount c : batch.counts()) {
                                        counts.merge(
                                                new String(c.key(), StandardCharsets.UTF_8),
                                                c.count(),
                                                Long::sum);
                                        total[0] += c.count();
                                    }
                                }
                                return total[0] >= expectedTotal;
                            });
        }
        return counts;
    }
}
