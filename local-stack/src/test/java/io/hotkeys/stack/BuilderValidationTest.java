package io.hotkeys.stack;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BuilderValidationTest {
    @Test
    void zooKeeperPort_outOfRange_rejectedNamingSettingAndValue() {
        assertThatThrownBy(() -> LocalZooKeeper.builder().port(70_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("zookeeper port")
                .hasMessageContaining("70000");
    }

    @Test
    void containerCheckInterval_zero_rejectedNamingSetting() {
        assertThatThrownBy(() -> LocalZooKeeper.builder().containerCheckIntervalMs(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("containerCheckIntervalMs = 0");
    }

    @Test
    void kafkaBrokerPort_negative_rejectedNamingSettingAndValue() {
        assertThatThrownBy(() -> LocalKafka.builder().brokerPort(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kafka broker port = -1");
    }

    @Test
    void kafkaStartTimeout_negative_rejectedNamingSetting() {
        assertThatThrownBy(() -> LocalKafka.builder().startTimeoutMs(-5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("startTimeoutMs = -5");
    }

    @Test
    void kafkaBrokerConfig_derivedKey_rejectedNamingKey() {
        assertThatThrownBy(() -> LocalKafka.builder().brokerConfig("listeners", "PLAINTEXT://:9"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("listeners = PLAINTEXT://:9");
    }
}
