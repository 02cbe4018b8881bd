package io.hotkeys.tools.exact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CountRuleTest {

    @Test
    void bucketStart_alignsToMultiplesOfTheBucketFromEpochZero() {
        CountRule rule = CountRule.of(1000, 50);

        assertThat(rule.bucketStartMs(0)).isZero();
        assertThat(rule.bucketStartMs(199)).isEqualTo(100);
        assertThat(rule.bucketStartMs(-1)).isEqualTo(-100);
        assertThat(rule.bucketsPerWindow()).isEqualTo(10);
    }

    @Test
    void invalidSettings_areRefused_namingTheSettingAndValue() {
        assertThatThrownBy(() -> new CountRule(0, 1000, 50))
                .hasMessage("bucketMs must be at least 1, was 0");
        assertThatThrownBy(() -> new CountRule(100, 250, 50))
                .hasMessage("windowMs must be a positive multiple of bucketMs (100), was 250");
        assertThatThrownBy(() -> new CountRule(100, 0, 50))
                .hasMessage("windowMs must be a positive multiple of bucketMs (100), was 0");
        assertThatThrownBy(() -> new CountRule(100, 1000, 0))
                .hasMessage("threshold must be at least 1, was 0");
    }
}
