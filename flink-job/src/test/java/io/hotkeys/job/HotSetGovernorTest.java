package io.hotkeys.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The per-app bounds on the control plane: the cap on hot keys and the write budget. */
class HotSetGovernorTest {
    private KeyedOneInputStreamOperatorTestHarness<String, HotKeyChange, HotKeyChange> harness;

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void keysBeyondTheCap_waitUntilRoomIsMade_highestPeakFirst() throws Exception {
        open(3, 1000);

        send(HotKeyChange.Kind.HOT, "a", 60);
        send(HotKeyChange.Kind.HOT, "b", 60);
        send(HotKeyChange.Kind.HOT, "c", 60);
        send(HotKeyChange.Kind.HOT, "d", 70);
        send(HotKeyChange.Kind.HOT, "e", 65);
        send(HotKeyChange.Kind.HOT, "f", 90);
        assertThat(written()).containsExactly("HOT a", "HOT b", "HOT c");

        send(HotKeyChange.Kind.COLD, "f");
        send(HotKeyChange.Kind.COLD, "b");
        send(HotKeyChange.Kind.PEAK, "e", 80);
        send(HotKeyChange.Kind.COLD, "a");
        assertThat(written())
                .containsExactly("HOT a", "HOT b", "HOT c", "COLD b", "HOT d", "COLD a", "HOT e");
        assertThat(peakOfLast("HOT e")).isEqualTo(80);
    }

    @Test
    void keyWithTwiceTheLowestPeak_takesItsPlace_andTheDisplacedKeyWaits() throws Exception {
        open(2, 1000);

        send(HotKeyChange.Kind.HOT, "a", 60);
        send(HotKeyChange.Kind.HOT, "b", 100);
        send(HotKeyChange.Kind.HOT, "almost", 119);
        send(HotKeyChange.Kind.HOT, "flash", 500);
        assertThat(written()).containsExactly("HOT a", "HOT b", "COLD a", "HOT flash");

        send(HotKeyChange.Kind.PEAK, "almost", 200);
        assertThat(written()).endsWith("COLD b", "HOT almost");

        send(HotKeyChange.Kind.COLD, "flash");
        assertThat(written()).endsWith("COLD flash", "HOT b");
    }

    @Test
    void displacementsFasterThanTheWriteBudget_neverPublishMoreThanTheCap() throws Exception {
        open(1, 1);
        harness.setProcessingTime(10_000);

        send(HotKeyChange.Kind.HOT, "a", 10);
        send(HotKeyChange.Kind.HOT, "b", 20);
        send(HotKeyChange.Kind.HOT, "c", 40);
        send(HotKeyChange.Kind.HOT, "d", 80);
        harness.setProcessingTime(11_000);
        harness.setProcessingTime(12_000);
        harness.setProcessingTime(13_000);

        assertThat(written()).containsExactly("HOT a", "COLD a", "HOT d");
        assertThat(largestPublishedSet()).isEqualTo(1);

        send(HotKeyChange.Kind.COLD, "d");
        harness.setProcessingTime(14_000);
        harness.setProcessingTime(15_000);
        assertThat(written()).endsWith("COLD d", "HOT c");
    }

    @Test
    void aDisplacedKeyThatComesBack_isPublishedAsItWas_withItsLatestPeak() throws Exception {
        open(1, 1000);
        HotKeyChange hot = change(HotKeyChange.Kind.HOT, "a", 60);
        hot.detectedAtMs = 1_234;
        hot.windowEndMs = 2_000;
        hot.count = 61;
        harness.processElement(hot, 0);
        send(HotKeyChange.Kind.PEAK, "a", 70);

        send(HotKeyChange.Kind.HOT, "x", 200);
        send(HotKeyChange.Kind.COLD, "x");

        assertThat(written())
                .containsExactly("HOT a", "PEAK a", "COLD a", "HOT x", "COLD x", "HOT a");
        HotKeyChange back = harness.extractOutputValues().get(5);
        assertThat(back.detectedAtMs).isEqualTo(1_234);
        assertThat(back.windowEndMs).isEqualTo(2_000);
        assertThat(back.count).isEqualTo(61);
        assertThat(back.peakCount).isEqualTo(70);
    }

    @Test
    void aFloodOfKeysTurningHot_publishesAtMostTheCap_andKeepsTheHottestWaiting() throws Exception {
        int cap = 100;
        open(cap, 1_000_000);

        // Peaks cycle through 60..160: every key below 80 is displaced by a later key at 160.
        for (int i = 0; i < 20_000; i++) {
            send(HotKeyChange.Kind.HOT, "k" + i, 60 + i % 101);
        }
        assertThat(publishedKeys()).hasSize(cap);
        assertThat(largestPublishedSet()).isEqualTo(cap);
        assertThat(publishedPeaks()).allMatch(peak -> peak >= 80);

        // When they all turn cold, the waiting list (the 100 highest peaks among some 19,900 keys
        // kept out, about 200 of them at each of 159 and 160) takes their place.
        List<String> firstSet = publishedKeys();
        for (String key : firstSet) {
            send(HotKeyChange.Kind.COLD, key);
        }
        assertThat(publishedKeys()).hasSize(cap).doesNotContainAnyElementsOf(firstSet);
        assertThat(publishedPeaks()).allMatch(peak -> peak >= 159);
        assertThat(largestPublishedSet()).isEqualTo(cap);
    }

    @Test
    void writesBeyondTheBudget_waitForTheNextSecond_coldKeysFirst() throws Exception {
        open(1000, 2);
        harness.setProcessingTime(10_000);

        send(HotKeyChange.Kind.HOT, "a");
        send(HotKeyChange.Kind.HOT, "b");
        send(HotKeyChange.Kind.COLD, "a");
        send(HotKeyChange.Kind.HOT, "c");
        send(HotKeyChange.Kind.HOT, "d");
        assertThat(written()).containsExactly("HOT a", "HOT b");

        harness.setProcessingTime(11_000);
        assertThat(written()).containsExactly("HOT a", "HOT b", "COLD a", "HOT c");

        harness.setProcessingTime(12_000);
        assertThat(written()).containsExactly("HOT a", "HOT b", "COLD a", "HOT c", "HOT d");
    }

    @Test
    void keyThatTurnsHotAndColdWhileWaiting_costsNoWrite() throws Exception {
        open(1000, 1);
        harness.setProcessingTime(10_000);
        send(HotKeyChange.Kind.HOT, "a");

        send(HotKeyChange.Kind.HOT, "flash");
        send(HotKeyChange.Kind.PEAK, "flash");
        send(HotKeyChange.Kind.COLD, "flash");
        harness.setProcessingTime(11_000);
        harness.setProcessingTime(12_000);

        assertThat(written()).containsExactly("HOT a");
    }

    private void open(int maxHotKeys, int writesPerSecond) throws Exception {
        DetectionConfig config = HotKeyDetectorTest.config(50, 50, 0, maxHotKeys);
        harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new HotSetGovernor(FixedRuleBook.factory(config), writesPerSecond),
                        change -> change.app,
                        Types.STRING);
        harness.open();
    }

    private void send(HotKeyChange.Kind kind, String key) throws Exception {
        send(kind, key, 60);
    }

    private void send(HotKeyChange.Kind kind, String key, long peakCount) throws Exception {
        harness.processElement(change(kind, key, peakCount), 0);
    }

    private static HotKeyChange change(HotKeyChange.Kind kind, String key, long peakCount) {
        HotKeyChange change = HotKeyChange.of(kind, "app", key.getBytes(StandardCharsets.UTF_8));
        change.peakCount = peakCount;
        return change;
    }

    /** The most keys hot in ZooKeeper at any moment, replaying the writes so far in order. */
    private int largestPublishedSet() {
        Set<String> hot = new HashSet<>();
        int largest = 0;
        for (HotKeyChange change : harness.extractOutputValues()) {
            String key = new String(change.key, StandardCharsets.UTF_8);
            if (change.kind == HotKeyChange.Kind.HOT) {
                hot.add(key);
            } else if (change.kind == HotKeyChange.Kind.COLD) {
                hot.remove(key);
            }
            largest = Math.max(largest, hot.size());
        }
        return largest;
    }

    private long peakOfLast(String write) {
        List<HotKeyChange> changes = harness.extractOutputValues();
        for (int i = changes.size() - 1; i >= 0; i--) {
            HotKeyChange change = changes.get(i);
            if ((change.kind + " " + new String(change.key, StandardCharsets.UTF_8))
                    .equals(write)) {
                return change.peakCount;
            }
        }
        throw new AssertionError("no write " + write);
    }

    /** The hot set as the writes so far leave it, with each key's peak. */
    private Map<String, Long> publishedSet() {
        Map<String, Long> hot = new LinkedHashMap<>();
        for (HotKeyChange change : harness.extractOutputValues()) {
            String key = new String(change.key, StandardCharsets.UTF_8);
            switch (change.kind) {
                case HOT -> hot.put(key, change.peakCount);
                case PEAK -> hot.computeIfPresent(key, (k, peak) -> change.peakCount);
                case COLD -> hot.remove(key);
            }
        }
        return hot;
    }

    private List<String> publishedKeys() {
        return List.copyOf(publishedSet().keySet());
    }

    private List<Long> publishedPeaks() {
        return List.copyOf(publishedSet().values());
    }

    private List<String> written() {
        return harness.extractOutputValues().stream()
                .map(c -> c.kind + " " + new String(c.key, StandardCharsets.UTF_8))
                .toList();
    }
}
