package io.hotkeys.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
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
    void keysBeyondTheCap_areNotPublished_untilRoomIsMade() throws Exception {
        open(3, 1000);

        for (String key : List.of("a", "b", "c", "d", "e")) {
            send(HotKeyChange.Kind.HOT, key);
        }
        assertThat(written()).containsExactly("HOT a", "HOT b", "HOT c");

        send(HotKeyChange.Kind.COLD, "d");
        send(HotKeyChange.Kind.COLD, "b");
        send(HotKeyChange.Kind.HOT, "f");
        assertThat(written()).containsExactly("HOT a", "HOT b", "HOT c", "COLD b", "HOT f");
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
        HotKeyChange change = HotKeyChange.of(kind, "app", key.getBytes(StandardCharsets.UTF_8));
        change.peakCount = 60;
        harness.processElement(change, 0);
    }

    private List<String> written() {
        return harness.extractOutputValues().stream()
                .map(c -> c.kind + " " + new String(c.key, StandardCharsets.UTF_8))
                .toList();
    }
}
