package io.hotkeys.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
                .containsExactly("HOT a", "HOT b", "HOT c", "HOT d", "COLD b", "HOT e", "COLD a");
        assertThat(peakOfLast("HOT e")).isEqualTo(80);
    }

    @Test
    void keyWithTwiceTheLowestPeak_takesItsPlace_andTheDisplacedKeyWaits() throws Exception {
        open(2, 1000);

        send(HotKeyChange.Kind.HOT, "a", 60);
        send(HotKeyChange.Kind.HOT, "b", 100);
        send(HotKeyChange.Kind.HOT, "almost", 119);
        send(HotKeyChange.Kind.HOT, "flash", 500);
        assertThat(written()).containsExactly("HOT a", "HOT b", "HOT flash", "COLD a");

        send(HotKeyChange.Kind.PEAK, "almost", 200);
        assertThat(written()).endsWith("HOT almost", "COLD b");

        send(HotKeyChange.Kind.COLD, "flash");
        assertThat(written()).endsWith("HOT b", "COLD flash");
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
        assertThat((long) written().size()).isEqualTo(cap + 2 * coldWrites());
        assertThat(publishedPeaks()).allMatch(peak -> peak >= 80);

        // When they all turn cold, the keys kept waiting (about 200 of each peak) take their place.
        List<String> firstSet = publishedKeys();
        for (String key : firstSet) {
            send(HotKeyChange.Kind.COLD, key);
        }
        assertThat(publishedKeys()).hasSize(cap).doesNotContainAnyElementsOf(firstSet);
        assertThat(publishedPeaks()).allMatch(peak -> peak >= 159);
    }

    @Test
    void writesBeyondTheBudget_waitForTheNextSecond_hotKeysFirst() throws Exception {
        open(1000, 2);
        harness.setProcessingTime(10_000);

        send(HotKeyChange.Kind.HOT, "a");
        send(HotKeyChange.Kind.HOT, "b");
        send(HotKeyChange.Kind.COLD, "a");
        send(HotKeyChange.Kind.HOT, "c");
        send(HotKeyChange.Kind.HOT, "d");
        assertThat(written()).containsExactly("HOT a", "HOT b");

        harness.setProcessingTime(11_000);
        assertThat(written()).containsExactly("HOT a", "HOT b", "HOT c", "HOT d");

        harness.setProcessingTime(12_000);
        assertThat(written()).containsExactly("HOT a", "HOT b", "HOT c", "HOT d", "COLD a");
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
        HotKeyChange change = HotKeyChange.of(kind, "app", key.getBytes(StandardCharsets.UTF_8));
        change.peakCount = peakCount;
        harness.processElement(change, 0);
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

    private long coldWrites() {
        return harness.extractOutputValues().stream()
                .filter(change -> change.kind == HotKeyChange.Kind.COLD)
                .count();
    }

    private List<String> written() {
        return harness.extractOutputValues().stream()
                .map(c -> c.kind + " " + new String(c.key, StandardCharsets.UTF_8))
                .toList();
    }
}
