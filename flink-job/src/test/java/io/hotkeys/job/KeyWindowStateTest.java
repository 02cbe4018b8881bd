package io.hotkeys.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class KeyWindowStateTest {
    private static final int N = 10;

    @Test
    void firstWindowReaching_findsTheEarliestEndingWindowThatContainsTheBucket() {
        KeyWindowState state = state(5);
        state.add(100, 30);
        state.add(105, 20);

        assertThat(state.firstWindowReaching(105, 105 + N - 1, N, 50)).isEqualTo(105);
        assertThat(state.firstWindowReaching(105, 105 + N - 1, N, 51)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void countsOlderThanTheRing_areRefusedAsLate() {
        KeyWindowState state = state(5);
        state.add(100, 1);

        assertThat(state.add(86, 1)).isTrue();
        assertThat(state.add(85, 1)).isFalse();
        assertThat(state.bucketCount(86)).isEqualTo(1);
    }

    @Test
    void randomCounts_matchABruteForceWindowSum() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            KeyWindowState state = state(8);
            TreeMap<Long, Long> truth = new TreeMap<>();
            long newest = 1000;
            for (int i = 0; i < 100; i++) {
                newest += random.nextInt(3);
                long bucket = newest - random.nextInt(6);
                long count = 1 + random.nextInt(5);
                state.add(bucket, count);
                truth.merge(bucket, count, Long::sum);

                long threshold = 5 + random.nextInt(40);
                assertThat(state.firstWindowReaching(bucket, bucket + N - 1, N, threshold))
                        .isEqualTo(bruteFirstWindow(truth, bucket, threshold));
            }
        }
    }

    @Test
    void widerRule_keepsTheNewestBuckets() {
        KeyWindowState state = state(5);
        state.add(100, 7);
        state.add(99, 3);

        state.apply(new AppliedRule("wide", 2 * N, 1, 1, 0, 1, 0), 1, 5);

        assertThat(state.bucketCount(100)).isEqualTo(7);
        assertThat(state.bucketCount(99)).isEqualTo(3);
        assertThat(state.windowCount(100)).isEqualTo(10);
        assertThat(state.counts).hasSize(2 * N + 5);
    }

    private static KeyWindowState state(int latenessBuckets) {
        KeyWindowState state = KeyWindowState.create(latenessBuckets);
        state.apply(new AppliedRule("r", N, 1, 1, 0, 1, 0), 0, latenessBuckets);
        return state;
    }

    private static long bruteSum(TreeMap<Long, Long> truth, long last) {
        return truth.subMap(last - N + 1, true, last, true).values().stream()
                .mapToLong(Long::longValue)
                .sum();
    }

    private static long bruteFirstWindow(TreeMap<Long, Long> truth, long bucket, long threshold) {
        for (long last = bucket; last < bucket + N; last++) {
            if (bruteSum(truth, last) >= threshold) {
                return last;
            }
        }
        return Long.MIN_VALUE;
    }
}
