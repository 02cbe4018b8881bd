package io.hotkeys.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hotkeys.agent.HotKeyAgent;
import io.hotkeys.schema.ZkLayout;
import io.hotkeys.tools.exact.CountRule;
import io.hotkeys.tools.replay.HotKeyLog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rules kept in ZooKeeper steer the running job; a broken rule set changes nothing. */
class RulesIT extends PipelineTestBase {
    private static final String APP = "ruled";
    private static CuratorFramework zk;

    @BeforeAll
    static void connect() {
        zk =
                CuratorFrameworkFactory.newClient(
                        fixture.zookeeper.connectString(), new ExponentialBackoffRetry(100, 5));
        zk.start();
    }

    @AfterAll
    static void disconnect() {
        zk.close();
    }

    @Test
    void rulesApplyWithoutRestart_andABrokenRuleSetLeavesTheLastGoodOneInForce() throws Exception {
        try (PipelineFixture.RunningJob job = fixture.startJob(CountRule.of(1000, 50), Map.of());
                HotKeyLog log = HotKeyLog.start(fixture.zookeeper.connectString(), APP, c -> {});
                HotKeyAgent agent = fixture.agent(APP, job.topic(), "ruled-1")) {
            writeRules(rules("probe-1", "\"prefix\", \"value\": \"/images/\"", 20));
            awaitRulesApplied(agent, log, "probe-1");

            record(agent, "/images/a", 25);
            record(agent, "/other/a", 25);
            record(agent, "/images/end", 25);
            await().atMost(Duration.ofSeconds(20)).until(() -> hot(log, "/images/end"));
            assertThat(hot(log, "/images/a")).isTrue();
            assertThat(hot(log, "/other/a"))
                    .as("default threshold 50 applies outside /images/")
                    .isFalse();

            writeRules(
                    "{\"version\": 1, \"rules\": [{\"name\": \"bad\", \"match\": {\"type\":"
                            + " \"prefix\", \"value\": \"/images/\"}, \"windowMs\": 1000,"
                            + " \"threshold\": 0}]}");
            record(agent, "/images/b", 20);
            await().atMost(Duration.ofSeconds(20)).until(() -> hot(log, "/images/b"));

            writeRules(rules("probe-3", "\"prefix\", \"value\": \"/other/\"", 10));
            awaitRulesApplied(agent, log, "probe-3");
            record(agent, "/other/b", 12);
            await().atMost(Duration.ofSeconds(20)).until(() -> hot(log, "/other/b"));
            assertThat(
                            log.everHot().stream()
                                    .filter(s -> s.key().equals("/other/b"))
                                    .findFirst()
                                    .orElseThrow()
                                    .first()
                                    .threshold())
                    .isEqualTo(10);
        }
    }

    /** A rule set with a probe rule (threshold 1 for one exact key) and one other rule. */
    private static String rules(String probe, String match, long threshold) {
        return "{\"version\": 1, \"rules\": ["
                + "{\"name\": \""
                + probe
                + "\", \"match\": {\"type\": \"exact\", \"value\": \""
                + probe
                + "\"},"
                + " \"windowMs\": 1000, \"threshold\": 1},"
                + "{\"name\": \"main\", \"match\": {\"type\": "
                + match
                + "}, \"windowMs\": 1000,"
                + " \"threshold\": "
                + threshold
                + "}]}";
    }

    /** Records the probe key until it turns hot: the job then applies this rule set. */
    private static void awaitRulesApplied(HotKeyAgent agent, HotKeyLog log, String probe) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(300))
                .until(
                        () -> {
                            agent.recordAccess(probe);
                            return hot(log, probe);
                        });
    }

    private static void writeRules(String json) throws Exception {
        zk.create()
                .orSetData()
                .creatingParentsIfNeeded()
                .forPath(
                        ZkLayout.defaultLayout().rulesPath(APP),
                        json.getBytes(StandardCharsets.UTF_8));
    }

    private static void record(HotKeyAgent agent, String key, int times) {
        for (int i = 0; i < times; i++) {
            agent.recordAccess(key);
        }
    }

    private static boolean hot(HotKeyLog log, String key) {
        return log.everHot().stream().anyMatch(s -> s.key().equals(key));
    }
}
