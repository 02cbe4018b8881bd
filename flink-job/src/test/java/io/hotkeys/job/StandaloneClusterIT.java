package io.hotkeys.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hotkeys.cluster.StandaloneFlinkCluster;
import io.hotkeys.stack.LocalKafka;
import io.hotkeys.stack.LocalZooKeeper;
import io.hotkeys.tools.exact.CountRule;
import io.hotkeys.tools.exact.HotKey;
import io.hotkeys.tools.replay.HotKeyLog;
import io.hotkeys.tools.replay.ReplayOptions;
import io.hotkeys.tools.replay.ReplaySession;
import io.hotkeys.tools.trace.SharedTraces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged job jar, submitted with Flink's command line client to a standalone Flink cluster
 * whose JobManager and TaskManager run as separate processes, finds the hot keys the exact count
 * finds.
 */
class StandaloneClusterIT {
    private static final String APP = "on-cluster";
    private static final String TOPIC = "access-standalone";

    @TempDir Path work;

    @Test
    void jobSubmittedToAStandaloneCluster_findsTheExactHotKeys() throws Exception {
        CountRule rule = CountRule.of(1000, 100);
        try (LocalZooKeeper zookeeper = LocalZooKeeper.start();
                LocalKafka kafka = LocalKafka.start();
                StandaloneFlinkCluster cluster =
                        StandaloneFlinkCluster.start(flinkClasspath(), work, 2)) {
            String jobId = cluster.submit(jobJar(), jobArgs(kafka, zookeeper, rule));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> cluster.jobStatus(jobId).equals("RUNNING"));

            try (HotKeyLog log = HotKeyLog.start(zookeeper.connectString(), APP, c -> {});
                    ReplaySession session = ReplaySession.open(options(rule, kafka, zookeeper))) {
                session.play();
                PipelineFixture.awaitEndMarkers(log, session.sendEndMarkers());
                List<String> exact = session.exact().hotKeys().stream().map(HotKey::key).toList();
                assertThat(exact).isNotEmpty();
                assertThat(PipelineFixture.traceKeysEverHot(log))
                        .containsExactlyInAnyOrderElementsOf(exact);
                assertThat(session.awaitAllPinned(Duration.ofSeconds(10))).isTrue();
            }
            cluster.cancel(jobId);
        }
    }

    private static List<String> jobArgs(
            LocalKafka kafka, LocalZooKeeper zookeeper, CountRule rule) {
        return List.of(
                "--kafka.bootstrap.servers", kafka.bootstrapServers(),
                "--zookeeper.connect", zookeeper.connectString(),
                "--kafka.topic", TOPIC,
                "--kafka.starting.offsets", "earliest",
                "--threshold", Long.toString(rule.threshold()),
                "--window.ms", Long.toString(rule.windowMs()));
    }

    private static ReplayOptions options(
            CountRule rule, LocalKafka kafka, LocalZooKeeper zookeeper) {
        return new ReplayOptions(
                SharedTraces.file(SharedTraces.META_KVCACHE),
                null,
                1,
                4,
                APP,
                rule,
                kafka.bootstrapServers(),
                zookeeper.connectString(),
                Map.of("kafka.topic", TOPIC));
    }

    /** Flink's class path, written by the flink-cluster module's build. */
    private static String flinkClasspath() throws Exception {
        return Files.readString(Path.of("..", "flink-cluster", "target", "classpath.txt")).trim();
    }

    private static Path jobJar() throws Exception {
        try (var files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("flink-job-[^-].*\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no job jar in target/"));
        }
    }
}
