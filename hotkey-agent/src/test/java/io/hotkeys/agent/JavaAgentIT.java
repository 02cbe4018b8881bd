package io.hotkeys.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hotkeys.schema.AccessBatch;
import io.hotkeys.schema.AccessBatchCodec;
import io.hotkeys.schema.AccessCount;
import io.hotkeys.schema.HotKeyRecord;
import io.hotkeys.schema.KeyCodec;
import io.hotkeys.schema.ReplicaKeys;
import io.hotkeys.schema.ZkLayout;
import io.hotkeys.stack.LocalKafka;
import io.hotkeys.stack.LocalRedis;
import io.hotkeys.stack.LocalZooKeeper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

/**
 * The agent attached with {@code -javaagent} to a small program that uses Jedis and knows nothing
 * of hot keys, against a real Redis, ZooKeeper and Kafka. Keys are made hot by writing their nodes
 * into ZooKeeper, as the job does.
 */
class JavaAgentIT {
    /** How soon a write through one instance reaches another instance's pin (see README). */
    static final Duration STALENESS_BOUND = Duration.ofSeconds(1);

    private static final AtomicInteger APPS = new AtomicInteger();

    /** Timed rounds of the Kafka-unreachable comparison; the best of each side is compared. */
    private static final int ROUNDS = 6;

    private static LocalZooKeeper zookeeper;
    private static LocalKafka kafka;
    private static LocalRedis redisServer;
    private static RedisClient redis;
    private static CuratorFramework zk;

    @TempDir Path work;

    @BeforeAll
    static void startServers() {
        zookeeper = LocalZooKeeper.start();
        kafka = LocalKafka.start();
        redisServer = LocalRedis.start();
        redis = RedisClient.create(redisServer.host(), redisServer.port());
        zk =
                CuratorFrameworkFactory.newClient(
                        zookeeper.connectString(), new ExponentialBackoffRetry(100, 5));
        zk.start();
    }

    @AfterAll
    static void stopServers() {
        zk.close();
        redis.close();
        redisServer.close();
        kafka.close();
        zookeeper.close();
    }

    @Test
    void hotReads_areServedFromThePin_andEveryReadIsRecorded() throws Exception {
        String app = newApp();
        redis.set("product:1", "v1");
        try (ServiceProcess service = service(app, "a", "")) {
            makeHot(app, "product:1", 60_000, 0);
            awaitServedLocally(service, "product:1");

            long before = getCalls();
            for (int i = 0; i < 100; i++) {
                assertThat(service.ask("get product:1")).isEqualTo("v1");
            }

            assertThat(getCalls() - before).isZero();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> recordedAccesses(app, "product:1") >= 100);
        }
    }

    @Test
    void writeThroughOneInstance_reachesThePinOfAnother_withinTheStalenessBound() throws Exception {
        String app = newApp();
        redis.set("price:7", "old");
        try (ServiceProcess writer = service(app, "writer", "");
                ServiceProcess reader = service(app, "reader", "")) {
            makeHot(app, "price:7", 600_000, 0);
            awaitServedLocally(writer, "price:7");
            awaitServedLocally(reader, "price:7");

            assertThat(writer.ask("set price:7 new")).isEqualTo("OK");
            long writtenAt = System.nanoTime();
            await().atMost(STALENESS_BOUND)
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> reader.ask("get price:7").equals("new"));
            long staleForMs = (System.nanoTime() - writtenAt) / 1_000_000;
            System.out.printf(
                    "the other instance returned the new value %d ms after the write%n",
                    staleForMs);

            for (int i = 0; i < 20; i++) {
                assertThat(reader.ask("get price:7")).isEqualTo("new");
            }
            assertThat(writer.ask("get price:7")).isEqualTo("new");
            assertThat(staleForMs).isLessThan(STALENESS_BOUND.toMillis());
        }
    }

    @Test
    void concurrentReadersOfAnExpiredHotKey_causeOneLoad() throws Exception {
        String app = newApp();
        redis.set("flash-sale", "item");
        try (ServiceProcess service = service(app, "a", "")) {
            makeHot(app, "flash-sale", 1_000, 0);
            awaitServedLocally(service, "flash-sale");
            await().pollDelay(Duration.ofMillis(1_200)).until(() -> true);

            long before = getCalls();
            String answers = service.ask("burst 200 flash-sale");

            assertThat(answers).isEqualTo("[item]");
            assertThat(getCalls() - before).isEqualTo(1);
        }
    }

    @Test
    void mgetOfPinnedAndOtherKeys_asksRedisOnlyForTheOthers_inTheCallersOrder() throws Exception {
        String app = newApp();
        redis.set("mget:hot", "h");
        redis.set("mget:cold-1", "c1");
        redis.set("mget:cold-2", "c2");
        try (ServiceProcess service = service(app, "a", "")) {
            makeHot(app, "mget:hot", 60_000, 0);
            awaitServedLocally(service, "mget:hot");

            long hitsBefore = keyspaceLookups();
            String answer = service.ask("mget mget:cold-1 mget:hot mget:absent mget:cold-2");
            long lookups = keyspaceLookups() - hitsBefore;
            long mgetsBefore = commandCalls("mget");
            String allPinned = service.ask("mget mget:hot mget:hot");

            assertThat(answer).isEqualTo("[c1, h, null, c2]");
            assertThat(lookups).as("keys Redis looked up").isEqualTo(3);
            assertThat(allPinned).isEqualTo("[h, h]");
            assertThat(commandCalls("mget") - mgetsBefore).isZero();
        }
    }

    @Test
    void absentHotKey_isPinnedAsMissing_soItsReadsDoNotReachRedis() throws Exception {
        String app = newApp();
        try (ServiceProcess service = service(app, "a", "")) {
            makeHot(app, "no-such-key", 60_000, 0);
            awaitServedLocally(service, "no-such-key");

            long before = getCalls();
            for (int i = 0; i < 50; i++) {
                assertThat(service.ask("get no-such-key")).isEqualTo("null");
            }

            assertThat(getCalls() - before).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void remoteReadsOfAHotKey_goToReplicaKeys_thatExpireApart_andAWriteDeletesThem()
            throws Exception {
        String app = newApp();
        String key = "banner";
        redis.set(key, "v1");
        String[] replicas = ReplicaKeys.names(key, 4);
        try (ServiceProcess service =
                service(app, "a", ",replica.ttl.min.ms=20000,replica.ttl.max.ms=40000")) {
            makeHot(app, key, 100, 4);
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(150))
                    .until(() -> service.ask("get " + key).equals("v1") && existing(replicas) >= 3);

            List<Long> ttls =
                    Arrays.stream(replicas).filter(r -> redis.exists(r)).map(redis::pttl).toList();
            assertThat(ttls).allMatch(ttl -> ttl > 10_000 && ttl <= 40_000);
            assertThat(ttls).doesNotHaveDuplicates();

            assertThat(service.ask("set " + key + " v2")).isEqualTo("OK");
            assertThat(existing(replicas)).isZero();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> service.ask("get " + key).equals("v2"));
        }
    }

    @Test
    void badOption_leavesTheServiceRunningWithoutTheAgent_andNamesTheOption() throws Exception {
        redis.set("plain", "value");
        String options =
                "app=bad/app,kafka="
                        + kafka.bootstrapServers()
                        + ",zookeeper="
                        + zookeeper.connectString();
        try (ServiceProcess service = ServiceProcess.start(redisServer.port(), options, work)) {
            assertThat(service.ask("get plain")).isEqualTo("value");
            assertThat(service.stderr())
                    .contains("hotkeys agent: not started")
                    .contains("app name 'bad/app' is invalid");
        }
    }

    @Test
    void withKafkaUnreachable_readsRunAsFastAsWithoutTheAgent_andMemoryStaysFlat()
            throws Exception {
        String options =
                "app=" + newApp() + ",kafka=127.0.0.1:1,zookeeper=" + zookeeper.connectString();
        try (ServiceProcess plain = ServiceProcess.start(redisServer.port(), null, work);
                ServiceProcess attached = ServiceProcess.start(redisServer.port(), options, work)) {
            plain.ask("loop 20000 warm:");
            attached.ask("loop 20000 warm:");
            long heapBefore = Long.parseLong(attached.ask("heap"));
            long plainBest = Long.MAX_VALUE;
            long attachedBest = Long.MAX_VALUE;
            for (int round = 0; round < ROUNDS; round++) {
                plainBest =
                        Math.min(
                                plainBest,
                                Long.parseLong(plain.ask("loop 20000 round" + round + ":")));
                attachedBest =
                        Math.min(
                                attachedBest,
                                Long.parseLong(attached.ask("loop 20000 round" + round + ":")));
            }
            long heapAfter = Long.parseLong(attached.ask("heap"));
            System.out.printf(
                    "20,000 reads with Kafka unreachable: best %d ms without the agent, %d ms with"
                            + " it; heap %+d KiB%n",
                    plainBest / 1_000_000,
                    attachedBest / 1_000_000,
                    (heapAfter - heapBefore) / 1024);

            assertThat(attached.stderr()).doesNotContain("not started");
            assertThat(attachedBest)
                    .as(
                            "best of %d runs of 20,000 reads of new keys, with the agent and Kafka"
                                    + " unreachable, against %d ns without the agent",
                            ROUNDS, plainBest)
                    .isLessThan(plainBest * 3 / 2 + 100_000_000L);
            assertThat(heapAfter - heapBefore)
                    .as("heap growth over %d more reads of new keys", ROUNDS * 20_000)
                    .isLessThan(16L << 20);
        }
    }

    private ServiceProcess service(String app, String instance, String extraOptions)
            throws Exception {
        String options =
                "app="
                        + app
                        + ",instance.id="
                        + instance
                        + ",kafka="
                        + kafka.bootstrapServers()
                        + ",zookeeper="
                        + zookeeper.connectString()
                        + ",kafka.topic=access-"
                        + app
                        + extraOptions;
        return ServiceProcess.start(redisServer.port(), options, work);
    }

    /** A new app, with the access topic its agents ship to (the job creates it in production). */
    private static String newApp() {
        String app = "svc" + APPS.incrementAndGet();
        kafka.createTopic("access-" + app, 1);
        return app;
    }

    private static void makeHot(String app, String key, long pinTtlMs, int replicas)
            throws Exception {
        byte[] bytes = KeyCodec.toBytes(key);
        HotKeyRecord record =
                new HotKeyRecord(
                        1,
                        app,
                        bytes,
                        System.currentTimeMillis(),
                        1000,
                        1000,
                        50,
                        50,
                        50,
                        "test",
                        pinTtlMs,
                        replicas);
        zk.create()
                .orSetData()
                .creatingParentsIfNeeded()
                .forPath(
                        ZkLayout.defaultLayout().hotKeyPath(app, bytes),
                        HotKeyRecord.CODEC.encode(record));
    }

    /**
     * Waits until two reads in a row through the service reach Redis no more: the key is pinned.
     */
    private static void awaitServedLocally(ServiceProcess service, String key) {
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> {
                            service.ask("get " + key);
                            long before = getCalls();
                            service.ask("get " + key);
                            service.ask("get " + key);
                            return getCalls() == before;
                        });
    }

    /** GET commands Redis has run so far. */
    private static long getCalls() {
        return commandCalls("get");
    }

    private static long commandCalls(String command) {
        Matcher calls =
                Pattern.compile("cmdstat_" + command + ":calls=(\\d+)")
                        .matcher(redis.info("commandstats"));
        return calls.find() ? Long.parseLong(calls.group(1)) : 0;
    }

    /** Keys Redis has looked up so far, found or not. */
    private static long keyspaceLookups() {
        String stats = redis.info("stats");
        return statistic(stats, "keyspace_hits") + statistic(stats, "keyspace_misses");
    }

    private static long statistic(String info, String name) {
        Matcher value = Pattern.compile(name + ":(\\d+)").matcher(info);
        return value.find() ? Long.parseLong(value.group(1)) : 0;
    }

    private static long existing(String[] keys) {
        return Arrays.stream(keys).filter(redis::exists).count();
    }

    /** Accesses to a key the agent shipped to Kafka. */
    private static long recordedAccesses(String app, String key) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "check-" + System.nanoTime());
        long total = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("access-" + app));
            for (int polls = 0; polls < 10; polls++) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(300))) {
                    AccessBatch batch = AccessBatchCodec.decode(record.value());
                    for (AccessCount count : batch.counts()) {
                        if (new String(count.key(), StandardCharsets.UTF_8).equals(key)) {
                            total += count.count();
                        }
                    }
                }
            }
        }
        return total;
    }
}
