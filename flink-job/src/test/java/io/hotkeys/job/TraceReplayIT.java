package io.hotkeys.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotkeys.tools.exact.CountRule;
import io.hotkeys.tools.exact.ExactCountResult;
import io.hotkeys.tools.exact.HotKey;
import io.hotkeys.tools.replay.HotKeyLog;
import io.hotkeys.tools.replay.ReplayOptions;
import io.hotkeys.tools.replay.ReplayResult;
import io.hotkeys.tools.replay.ReplaySession;
import io.hotkeys.tools.trace.SharedTraces;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline on real traces: simulated services with agents, a real Kafka broker, the job
 * on a Flink MiniCluster, a real ZooKeeper. The hot keys the job writes must be exactly those the
 * exact offline count of the same trace finds, and every agent must pin them.
 */
class TraceReplayIT extends PipelineTestBase {
    @Test
    void metaKvcache_oneSecondWindow_threshold100_findsExactlyTheOneHotKey() throws Exception {
        Outcome outcome = replay(SharedTraces.META_KVCACHE, "kvcache", 1, CountRule.of(1000, 100));

        assertThat(hotKeys(outcome.exact())).containsExactly("40e66a458581a103");
        assertThat(outcome.pipelineHotKeys()).containsExactly("40e66a458581a103");
        assertEveryHotKeyPinnedByEveryAgent(outcome);
    }

    @Test
    void metaTectonic_threshold50_findsNone_andNothingFlaps() throws Exception {
        Outcome outcome = replay(SharedTraces.META_TECTONIC, "tectonic", 1, CountRule.of(1000, 50));

        assertThat(outcome.exact().hotKeys()).isEmpty();
        assertThat(outcome.pipelineHotKeys()).isEmpty();
    }

    @Test
    void nasa_at1000x_oneSecondWindow_threshold50_matchesTheExactCount() throws Exception {
        Outcome outcome = replay(SharedTraces.NASA_KSC, "nasa", 1000, CountRule.of(1000, 50));

        assertThat(outcome.exact().hotKeys()).isNotEmpty();
        assertThat(outcome.pipelineHotKeys())
                .containsExactlyInAnyOrderElementsOf(hotKeys(outcome.exact()));
        assertEveryHotKeyPinnedByEveryAgent(outcome);
        for (HotKeyLog.Seen seen : outcome.seen()) {
            long exactPeak = outcome.exact().hotKey(seen.key()).orElseThrow().peakCount();
            assertThat(seen.first().count()).as(seen.key()).isBetween(50L, exactPeak);
            assertThat(seen.peakCount()).as(seen.key()).isEqualTo(exactPeak);
        }
    }

    private record Outcome(
            ExactCountResult exact,
            List<String> pipelineHotKeys,
            List<HotKeyLog.Seen> seen,
            ReplayResult replay) {}

    private static Outcome replay(String trace, String app, double speed, CountRule rule)
            throws Exception {
        ReplayOptions options =
                new ReplayOptions(
                        SharedTraces.file(trace),
                        null,
                        speed,
                        4,
                        app,
                        rule,
                        fixture.kafka.bootstrapServers(),
                        fixture.zookeeper.connectString(),
                        Map.of());
        try (PipelineFixture.RunningJob job = fixture.startJob(rule, Map.of());
                HotKeyLog log =
                        HotKeyLog.start(fixture.zookeeper.connectString(), app, change -> {});
                ReplaySession session = ReplaySession.open(withTopic(options, job.topic()))) {
            session.play();
            List<String> markers = session.sendEndMarkers();
            PipelineFixture.awaitEndMarkers(log, markers);
            PipelineFixture.awaitTraceKeysCold(log);
            session.awaitAllPinned(Duration.ofSeconds(10));
            List<HotKeyLog.Seen> seen =
                    log.everHot().stream()
                            .filter(s -> !ReplaySession.isEndMarker(s.key()))
                            .toList();
            return new Outcome(
                    session.exact(), PipelineFixture.traceKeysEverHot(log), seen, session.result());
        }
    }

    private static ReplayOptions withTopic(ReplayOptions options, String topic) {
        return new ReplayOptions(
                options.trace(),
                options.format(),
                options.speed(),
                options.instances(),
                options.app(),
                options.rule(),
                options.kafkaBootstrapServers(),
                options.zookeeperConnect(),
                Map.of("kafka.topic", topic));
    }

    private static List<String> hotKeys(ExactCountResult exact) {
        return exact.hotKeys().stream().map(HotKey::key).toList();
    }

    private static void assertEveryHotKeyPinnedByEveryAgent(Outcome outcome) {
        for (ReplayResult.KeyTiming timing : outcome.replay().timings()) {
            assertThat(timing.pinnedByAllAtMs())
                    .as("pinned by all agents: " + timing.key())
                    .isPositive();
        }
    }
}
