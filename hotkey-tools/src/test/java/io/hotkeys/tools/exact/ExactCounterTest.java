package io.hotkeys.tools.exact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hotkeys.tools.exact.BruteForceCount.Event;
import io.hotkeys.tools.exact.BruteForceCount.Figures;
import io.hotkeys.tools.trace.Access;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExactCounterTest {
    private static final CountRule SECOND_OF_THREE = new CountRule(100, 1000, 3);

    @Test
    void accessesWithinOneAlignedWindow_makeTheKeyHot_atTheExactTimeOfTheLastOne() {
        ExactCountResult result = count(SECOND_OF_THREE, at(105, "k"), at(130, "k"), at(170, "k"));

        assertThat(result.hotKeys()).containsExactly(new HotKey("k", 3, 200, 170));
    }

    @Test
    void accessesAtBothEndsOfAWindow_areCountedTogether() {
        ExactCountResult result = count(SECOND_OF_THREE, at(0, "k"), at(500, "k"), at(999, "k"));

        assertThat(result.hotKeys()).containsExactly(new HotKey("k", 3, 1000, 999));
    }

    @Test
    void accessesLessThanAWindowApart_inBucketsAWindowApart_areNeverCountedTogether() {
        ExactCountResult result = count(SECOND_OF_THREE, at(99, "k"), at(500, "k"), at(1050, "k"));

        assertThat(result.hotKeys()).isEmpty();
        assertThat(result.peakOf("k")).map(KeyPeak::peakCount).contains(2L);
    }

    @Test
    void countReachingTheThresholdExactly_isHot_oneShortIsNot() {
        ExactCountResult result =
                count(new CountRule(100, 1000, 2), at(10, "hot"), at(20, "hot"), at(10, "cold"));

        assertThat(result.hotKeys()).extracting(HotKey::key).containsExactly("hot");
        assertThat(result.coldKeys()).containsExactly(new KeyPeak("cold", 1, 1));
    }

    @Test
    void weightedAccess_countsAsThatManyAccesses() {
        ExactCounter counter = new ExactCounter(new CountRule(100, 1000, 5));

        counter.add(42, "k", 5);

        assertThat(counter.result().hotKeys()).containsExactly(new HotKey("k", 5, 100, 42));
        assertThat(counter.result().accesses()).isEqualTo(5);
    }

    @Test
    void negativeTimes_fallInBucketsBelowZero() {
        ExactCountResult result = count(new CountRule(100, 100, 2), at(-100, "k"), at(-1, "k"));

        assertThat(result.hotKeys()).containsExactly(new HotKey("k", 2, 0, -1));
    }

    @Test
    void laterWindowsCrossingLater_doNotMoveTheCrossingTime() {
        CountRule rule = new CountRule(100, 300, 3);

        ExactCountResult result = count(rule, at(0, "k"), at(250, "k"), at(260, "k"), at(270, "k"));

        assertThat(result.hotKeys()).containsExactly(new HotKey("k", 4, 300, 260));
    }

    @Test
    void inputOrder_doesNotChangeTheResult() {
        List<Event> events = randomEvents(new Random(7), 500, 20, 5_000);
        List<Event> shuffled = new ArrayList<>(events);
        Collections.shuffle(shuffled, new Random(8));
        CountRule rule = new CountRule(100, 1000, 20);

        assertThat(count(rule, shuffled)).isEqualTo(count(rule, events));
    }

    @Test
    void totals_countWeightsAndDistinctKeys_andEveryKeyHasAPeak() {
        ExactCounter counter = new ExactCounter(SECOND_OF_THREE);
        counter.add(0, "a", 2);
        counter.add(5_000, "a", 1);
        counter.add(0, "b", 1);

        ExactCountResult result = counter.result();

        assertThat(result.accesses()).isEqualTo(4);
        assertThat(result.distinctKeys()).isEqualTo(2);
        assertThat(result.peaks()).containsExactly(new KeyPeak("a", 3, 2), new KeyPeak("b", 1, 1));
    }

    @Test
    void randomInputs_matchTheBruteForceReference() {
        Random random = new Random(20_240_101L);
        for (int round = 0; round < 300; round++) {
            long bucketMs = new long[] {1, 7, 100}[random.nextInt(3)];
            CountRule rule =
                    new CountRule(
                            bucketMs, bucketMs * (1 + random.nextInt(12)), 1 + random.nextInt(25));
            List<Event> events =
                    randomEvents(random, random.nextInt(400), 1 + random.nextInt(8), 3_000);

            assertMatchesBruteForce(count(rule, events), events, rule, "round " + round);
        }
    }

    @Test
    void addTrace_replaysTraceTimeFasterFromTheOrigin() {
        ExactCounter counter = new ExactCounter(SECOND_OF_THREE);
        List<Access> trace =
                List.of(
                        Access.of(1_000_000, "k"),
                        Access.of(1_500_000, "k"),
                        Access.of(1_900_000, "k"));

        TimeScale scale = counter.addTrace(trace.iterator(), 10_000, 1000).orElseThrow();

        assertThat(scale).isEqualTo(new TimeScale(10_000, 1_000_000, 1000));
        assertThat(counter.result().hotKeys()).containsExactly(new HotKey("k", 3, 11_000, 10_900));
    }

    @Test
    void addTrace_originNotOnABucket_isRefusedWithTheReason() {
        ExactCounter counter = new ExactCounter(SECOND_OF_THREE);

        assertThatThrownBy(() -> counter.addTrace(List.<Access>of().iterator(), 150, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("originMs must be a multiple of bucketMs (100)")
                .hasMessageEndingWith("was 150");
    }

    @Test
    void add_weightBelowOne_isRefused() {
        ExactCounter counter = new ExactCounter(SECOND_OF_THREE);

        assertThatThrownBy(() -> counter.add(0, "k", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("weight must be at least 1, was 0");
    }

    /** Checks every key's figures, the hot set and the totals against the reference. */
    static void assertMatchesBruteForce(
            ExactCountResult result, List<Event> events, CountRule rule, String description) {
        Map<String, Figures> reference = BruteForceCount.count(events, rule);

        assertThat(result.distinctKeys()).as(description).isEqualTo(reference.size());
        assertThat(result.accesses())
                .as(description)
                .isEqualTo(events.stream().mapToLong(Event::weight).sum());
        for (KeyPeak peak : result.peaks()) {
            assertThat(peak.peakCount())
                    .as(description + ", peak of " + peak.key())
                    .isEqualTo(reference.get(peak.key()).peak());
        }
        List<HotKey> expectedHot = new ArrayList<>();
        reference.forEach((key, figures) -> addIfHot(expectedHot, key, figures));
        assertThat(result.hotKeys())
                .as(description)
                .containsExactlyInAnyOrderElementsOf(expectedHot);
    }

    private static void addIfHot(List<HotKey> hotKeys, String key, Figures figures) {
        if (figures.hot()) {
            hotKeys.add(
                    new HotKey(
                            key,
                            figures.peak(),
                            figures.firstWindowEndMs(),
                            figures.crossedAtMs()));
        }
    }

    static ExactCountResult count(CountRule rule, List<Event> events) {
        ExactCounter counter = new ExactCounter(rule);
        events.forEach(event -> counter.add(event.timeMs(), event.key(), event.weight()));
        return counter.result();
    }

    private static ExactCountResult count(CountRule rule, Event... events) {
        return count(rule, List.of(events));
    }

    private static Event at(long timeMs, String key) {
        return new Event(timeMs, key, 1);
    }

    /** Few keys and a narrow time range, so windows get crowded and thresholds get crossed. */
    private static List<Event> randomEvents(Random random, int count, int keys, int spanMs) {
        List<Event> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long timeMs = random.nextInt(spanMs) - spanMs / 3;
            long weight = random.nextInt(4) == 0 ? 1 + random.nextInt(5) : 1;
            events.add(new Event(timeMs, "k" + random.nextInt(keys), weight));
        }
        return events;
    }
}
