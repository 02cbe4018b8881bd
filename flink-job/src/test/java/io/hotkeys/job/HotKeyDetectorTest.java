package io.hotkeys.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The detector's decisions, driven by hand: counts in, watermarks in, changes out. */
class HotKeyDetectorTest {
    private static final DetectionRule RULE = new DetectionRule(1000, 50, 100, 2000);

    private KeyedOneInputStreamOperatorTestHarness<String, AccessEvent, HotKeyChange> harness;

    @BeforeEach
    void open() throws Exception {
        harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new HotKeyDetector(RULE), e -> AppKey.of(e.app, e.key), Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void countReachingTheThreshold_turnsTheKeyHotAtOnce_beforeAnyWatermark() throws Exception {
        count("k", 10_000, 30);
        assertThat(changes()).isEmpty();

        count("k", 10_500, 20);

        assertThat(changes())
                .singleElement()
                .satisfies(
                        change -> {
                            assertThat(change.kind).isEqualTo(HotKeyChange.Kind.HOT);
                            assertThat(change.count).isEqualTo(50);
                            assertThat(change.windowEndMs).isEqualTo(10_600);
                            assertThat(new String(change.key, StandardCharsets.UTF_8))
                                    .isEqualTo("k");
                        });
    }

    @Test
    void closedWindowBelowTheThreshold_turnsTheKeyCold() throws Exception {
        count("k", 10_000, 60);
        harness.processWatermark(10_999);
        assertThat(kinds()).containsExactly(HotKeyChange.Kind.HOT);

        harness.processWatermark(11_099);

        assertThat(kinds()).containsExactly(HotKeyChange.Kind.HOT, HotKeyChange.Kind.COLD);
    }

    @Test
    void laterWindowAlreadyOverTheThreshold_turnsTheKeyHotAgainRightAfterCold() throws Exception {
        count("k", 13_000, 163);
        count("k", 15_000, 254);
        assertThat(kinds()).containsExactly(HotKeyChange.Kind.HOT);

        harness.processWatermark(15_999);

        assertThat(kinds())
                .containsExactly(
                        HotKeyChange.Kind.HOT, HotKeyChange.Kind.COLD, HotKeyChange.Kind.HOT);
        assertThat(changes().get(2).count).isEqualTo(254);
        assertThat(changes().get(2).windowEndMs).isEqualTo(15_100);
    }

    @Test
    void closedWindowAboveThePublishedPeak_publishesTheNewPeak() throws Exception {
        count("k", 10_000, 50);
        count("k", 10_300, 30);
        harness.processWatermark(10_999);

        List<HotKeyChange> changes = changes();
        assertThat(kinds()).containsExactly(HotKeyChange.Kind.HOT, HotKeyChange.Kind.PEAK);
        assertThat(changes.get(0).count).isEqualTo(50);
        assertThat(changes.get(1).peakCount).isEqualTo(80);
    }

    @Test
    void keysThatNeverTurnHot_areForgottenWhenTheirCountsAreOld() throws Exception {
        count("cold", 10_000, 5);
        assertThat(harness.numKeyedStateEntries()).isPositive();

        harness.processWatermark(20_000);

        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(changes()).isEmpty();
    }

    @Test
    void countsFarBehindTheKeysNewestBucket_areLate_andChangeNothing() throws Exception {
        count("k", 100_000, 1);
        count("k", 10_000, 500);

        assertThat(changes()).isEmpty();
    }

    private void count(String key, long bucketStartMs, long count) throws Exception {
        AccessEvent event =
                new AccessEvent("app", key.getBytes(StandardCharsets.UTF_8), bucketStartMs, count);
        harness.processElement(event, bucketStartMs);
    }

    private List<HotKeyChange> changes() {
        return harness.extractOutputValues();
    }

    private List<HotKeyChange.Kind> kinds() {
        return changes().stream().map(c -> c.kind).toList();
    }
}
