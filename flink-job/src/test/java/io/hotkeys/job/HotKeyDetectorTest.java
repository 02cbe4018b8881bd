package io.hotkeys.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotkeys.schema.Rule;
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
    private KeyedOneInputStreamOperatorTestHarness<String, AccessEvent, HotKeyChange> harness;

    @BeforeEach
    void open() throws Exception {
        harness = harness(50, 50, 0);
    }

    /** A detector whose default rule has a 1 s window and the given levels. */
    static KeyedOneInputStreamOperatorTestHarness<String, AccessEvent, HotKeyChange> harness(
            long threshold, long coldThreshold, long coolDownMs) throws Exception {
        DetectionConfig config = config(threshold, coldThreshold, coolDownMs, 1000);
        KeyedOneInputStreamOperatorTestHarness<String, AccessEvent, HotKeyChange> harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new HotKeyDetector(config, FixedRuleBook.factory(config)),
                        e -> AppKey.of(e.app, e.key),
                        Types.STRING);
        harness.open();
        return harness;
    }

    static DetectionConfig config(
            long threshold, long coldThreshold, long coolDownMs, int maxHotKeys) {
        Rule.Resolved rule =
                new Rule.Resolved("default", 1000, threshold, coldThreshold, coolDownMs, 1000, 0);
        return new DetectionConfig(
                100, 2000, rule, new Rule.Defaults(50, coolDownMs, 1000, 0), maxHotKeys);
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
    void keyAlternatingAroundTheThresholdForAMinute_turnsHotOnce_andColdOnceAfterwards()
            throws Exception {
        harness.close();
        harness = harness(50, 25, 2000);

        alternateAroundTheThresholdForAMinute();
        assertThat(kinds()).containsExactly(HotKeyChange.Kind.HOT);

        harness.processWatermark(80_000);
        assertThat(kinds()).containsExactly(HotKeyChange.Kind.HOT, HotKeyChange.Kind.COLD);
    }

    @Test
    void withoutHysteresis_theSameKeyFlapsEverySecond() throws Exception {
        alternateAroundTheThresholdForAMinute();

        assertThat(kinds().stream().filter(k -> k == HotKeyChange.Kind.COLD).count())
                .isGreaterThan(20);
    }

    @Test
    void coolDown_waitsForEnoughClosedWindowsBelowTheColdLevel() throws Exception {
        harness.close();
        harness = harness(50, 25, 500);
        count("k", 10_000, 60);

        harness.processWatermark(11_399);
        assertThat(kinds()).containsExactly(HotKeyChange.Kind.HOT);

        harness.processWatermark(11_499);
        assertThat(kinds()).containsExactly(HotKeyChange.Kind.HOT, HotKeyChange.Kind.COLD);
    }

    /** Second after second, one bucket of 55 then one of 45 accesses, for 60 seconds. */
    private void alternateAroundTheThresholdForAMinute() throws Exception {
        for (int second = 0; second < 60; second++) {
            long start = 10_000 + second * 1000L;
            count("k", start, second % 2 == 0 ? 55 : 45);
            harness.processWatermark(start + 999);
        }
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
