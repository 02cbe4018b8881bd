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

    @Test
    void redisPort_outOfRange_rejectedNamingSettingAndValue() {
        assertThatThrownBy(() -> LocalRedis.builder().port(65_536))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("redis port = 65536");
    }

    @Test
    void redisStopTimeout_zero_rejectedNamingSetting() {
        assertThatThrownBy(() -> LocalRedis.builder().stopTimeoutMs(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stopTimeoutMs = 0");
    }

    @Test
    void redisConfig_derivedKey_rejectedNamingKey() {
        assertThatThrownBy(() -> LocalRedis.builder().config("appendonly", "yes"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("appendonly = yes")
                .hasMessageContaining("set by LocalRedis");
    }

    @Test
    void redisConfig_keyWithSpace_rejectedNamingKey() {
        assertThatThrownBy(() -> LocalRedis.builder().config("maxmemory 1", "2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxmemory 1 = 2");
    }

    @Test
    void redisConfig_valueWithLineBreak_rejected() {
        assertThatThrownBy(() -> LocalRedis.builder().config("maxmemory", "1mb\nport 1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be one line");
    }

    @Test
    void redisStartMany_zero_rejected() {
        assertThatThrownBy(() -> LocalRedis.startMany(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("count = 0");
    }
}
