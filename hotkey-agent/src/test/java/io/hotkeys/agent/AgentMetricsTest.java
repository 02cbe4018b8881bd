package io.hotkeys.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class AgentMetricsTest {

    @Test
    void meters_readTheAgentsCounters_taggedWithAppAndInstance() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (HotKeyAgent agent =
                HotKeyAgent.builder()
                        .app("metered")
                        .instanceId("i-1")
                        .kafkaBootstrapServers("127.0.0.1:1")
                        .zookeeperConnect("127.0.0.1:1")
                        .build()) {
            AgentMetrics.bind(agent, registry);

            for (int i = 0; i < 7; i++) {
                agent.get("cold-key", key -> "value");
            }
            agent.keyWritten("cold-key");

            double remoteReads =
                    registry.get("hotkeys.agent.reads")
                            .tags("app", "metered", "instance", "i-1", "served", "remote")
                            .functionCounter()
                            .count();
            assertThat(remoteReads).isEqualTo(7);
            assertThat(registry.get("hotkeys.agent.hot.keys").gauge().value()).isZero();
            assertThat(registry.get("hotkeys.agent.invalidations").functionCounter().count())
                    .isZero();
        }
    }
}
