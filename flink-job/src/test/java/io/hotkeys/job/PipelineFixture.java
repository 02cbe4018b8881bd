package io.hotkeys.job;

import static org.awaitility.Awaitility.await;

import io.hotkeys.agent.HotKeyAgent;
import io.hotkeys.schema.config.Settings;
import io.hotkeys.stack.LocalKafka;
import io.hotkeys.stack.LocalZooKeeper;
import io.hotkeys.tools.exact.CountRule;
import io.hotkeys.tools.replay.HotKeyLog;
import io.hotkeys.tools.replay.ReplaySession;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Real servers for end-to-end tests: a ZooKeeper server and a Kafka broker for the test class, and
 * the detector job started on the class's Flink MiniCluster for each test, with its own topic.
 */
final class PipelineFixture implements AutoCloseable {
    private static final AtomicInteger TOPICS = new AtomicInteger();

    final LocalZooKeeper zookeeper = LocalZooKeeper.start();
    final LocalKafka kafka = LocalKafka.start();

    /** A running job and where it reads. */
    record RunningJob(JobClient client, String topic) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            client.cancel().get();
        }
    }

    RunningJob startJob(CountRule rule, Map<String, String> extraSettings) throws Exception {
        String topic = "access-" + TOPICS.incrementAndGet();
        Map<String, String> raw = new HashMap<>();
        raw.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        raw.put("kafka.topic", topic);
        raw.put("kafka.topic.partitions", "4");
        raw.put("kafka.starting.offsets", "earliest");
        raw.put("zookeeper.connect", zookeeper.connectString());
        raw.put("window.ms", Long.toString(rule.windowMs()));
        raw.put("threshold", Long.toString(rule.threshold()));
        raw.put("bucket.ms", Long.toString(rule.bucketMs()));
        raw.put("parallelism", "2");
        raw.putAll(extraSettings);
        Settings settings = Settings.parse(JobSettings.ALL, raw);

        HotKeyJob.prepare(settings);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        HotKeyJob.configure(env, settings);
        HotKeyPipeline.build(env, settings);
        return new RunningJob(env.executeAsync("hotkeys-detector-test"), topic);
    }

    /** An agent of an app shipping to a job's topic, stamped by the system clock. */
    HotKeyAgent agent(String app, String topic, String instance) {
        return HotKeyAgent.builder()
                .app(app)
                .instanceId(instance)
                .kafkaBootstrapServers(kafka.bootstrapServers())
                .zookeeperConnect(zookeeper.connectString())
                .set("kafka.topic", topic)
                .build();
    }

    /** Waits until the end markers of a replay are hot: the job has read all the replay sent. */
    static void awaitEndMarkers(HotKeyLog log, List<String> markers) {
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () ->
                                log.everHot().stream()
                                        .map(HotKeyLog.Seen::key)
                                        .toList()
                                        .containsAll(markers));
    }

    /**
     * Waits until no key of the trace is hot any more: event time has passed every window of the
     * trace, so every peak is final.
     */
    static void awaitTraceKeysCold(HotKeyLog log) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> log.hotNow().stream().allMatch(ReplaySession::isEndMarker));
    }

    static List<String> traceKeysEverHot(HotKeyLog log) {
        return log.everHot().stream()
                .map(HotKeyLog.Seen::key)
                .filter(key -> !ReplaySession.isEndMarker(key))
                .toList();
    }

    @Override
    public void close() {
        kafka.close();
        zookeeper.close();
    }
}
