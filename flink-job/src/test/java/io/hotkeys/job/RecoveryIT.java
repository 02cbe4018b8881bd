package io.hotkeys.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hotkeys.tools.exact.CountRule;
import io.hotkeys.tools.exact.HotKey;
import io.hotkeys.tools.replay.HotKeyLog;
import io.hotkeys.tools.replay.ReplayOptions;
import io.hotkeys.tools.replay.ReplaySession;
import io.hotkeys.tools.trace.SharedTraces;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.junit.jupiter.api.Test;

/**
 * No lost counts: the TaskManager running the job is killed in the middle of a replay; the job
 * restarts from its last checkpoint on a new TaskManager, and the hot keys and their peaks still
 * equal the exact offline count of the whole trace.
 */
class RecoveryIT extends PipelineTestBase {
    @Test
    void taskManagerKilledMidReplay_losesNoCounts(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        CountRule rule = CountRule.of(1000, 50);
        Map<String, String> settings = Map.of("checkpoint.interval.ms", "1000");
        try (PipelineFixture.RunningJob job = fixture.startJob(rule, settings);
                HotKeyLog log =
                        HotKeyLog.start(fixture.zookeeper.connectString(), "recovery", c -> {});
                ReplaySession session = ReplaySession.open(options(rule, job.topic()))) {
            CompletableFuture<Void> replay = CompletableFuture.runAsync(() -> play(session));
            await().atMost(Duration.ofSeconds(60)).until(() -> session.accessesReplayed() > 12_000);

            cluster.terminateTaskManager(0).get();
            cluster.startTaskManager();

            replay.get();
            PipelineFixture.awaitEndMarkers(log, session.sendEndMarkers());
            PipelineFixture.awaitTraceKeysCold(log);
            List<String> exactKeys = session.exact().hotKeys().stream().map(HotKey::key).toList();
            assertThat(PipelineFixture.traceKeysEverHot(log))
                    .containsExactlyInAnyOrderElementsOf(exactKeys);
            for (HotKeyLog.Seen seen : log.everHot()) {
                session.exact()
                        .hotKey(seen.key())
                        .ifPresent(
                                exact ->
                                        assertThat(seen.peakCount())
                                                .as(seen.key())
                                                .isEqualTo(exact.peakCount()));
            }
        }
    }

    private static ReplayOptions options(CountRule rule, String topic) {
        return new ReplayOptions(
                SharedTraces.file(SharedTraces.NASA_KSC),
                null,
                1000,
                4,
                "recovery",
                rule,
                fixture.kafka.bootstrapServers(),
                fixture.zookeeper.connectString(),
                Map.of("kafka.topic", topic));
    }

    private static void play(ReplaySession session) {
        try {
            session.play();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
