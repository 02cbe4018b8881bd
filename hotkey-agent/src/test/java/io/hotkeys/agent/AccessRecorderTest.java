package io.hotkeys.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class AccessRecorderTest {

    @Test
    void counts_arePerKeyAndBucket() {
        ManualClock clock = new ManualClock(10_050);
        AccessRecorder recorder = new AccessRecorder(1, 64, 100, clock);

        recorder.record("a");
        recorder.record("a");
        recorder.record("b");
        clock.advanceMs(100);
        recorder.record("a");

        Map<String, Long> drained = drainToMap(recorder);
        assertThat(drained)
                .containsEntry("10000/a", 2L)
                .containsEntry("10000/b", 1L)
                .containsEntry("10100/a", 1L)
                .hasSize(3);
        assertThat(drainToMap(recorder)).isEmpty();
    }

    @Test
    void equalKeysFromDifferentStringObjects_shareASlot() {
        ManualClock clock = new ManualClock(0);
        AccessRecorder recorder = new AccessRecorder(1, 64, 100, clock);

        for (int i = 0; i < 10; i++) {
            recorder.record(new String("user:" + 7));
        }

        assertThat(drainToMap(recorder)).containsExactly(Map.entry("0/user:7", 10L));
    }

    @Test
    void moreDistinctKeysThanSlots_areDroppedAndCounted_neverLost() {
        ManualClock clock = new ManualClock(0);
        AccessRecorder recorder = new AccessRecorder(1, 64, 100, clock);

        for (int i = 0; i < 1000; i++) {
            recorder.record("k" + i);
        }

        long counted = drainToMap(recorder).values().stream().mapToLong(Long::longValue).sum();
        assertThat(counted).isLessThanOrEqualTo(64);
        assertThat(counted + recorder.droppedAccesses()).isEqualTo(1000);
    }

    @Test
    void idleKeys_areReclaimed_soNewKeysFitLater() {
        ManualClock clock = new ManualClock(0);
        AccessRecorder recorder = new AccessRecorder(1, 64, 100, clock);
        for (int i = 0; i < 64; i++) {
            recorder.record("old" + i);
        }
        drainToMap(recorder);
        long droppedWhileFull = recorder.droppedAccesses();

        clock.advanceMs(300);
        drainToMap(recorder);
        for (int i = 0; i < 40; i++) {
            recorder.record("new" + i);
        }

        assertThat(drainToMap(recorder)).hasSize(40);
        assertThat(recorder.droppedAccesses()).isEqualTo(droppedWhileFull);
    }

    @Test
    void injectedClockJumpingBackAndForth_attributesEveryAccessToItsExactBucket() {
        ManualClock clock = new ManualClock(10_050);
        AccessRecorder recorder = new AccessRecorder(1, 64, 100, clock);

        recorder.record("a");
        clock.setMs(10_099);
        recorder.record("a");
        clock.setMs(10_100);
        recorder.record("a");
        clock.setMs(5_000);
        recorder.record("a");
        clock.setMs(10_000);
        recorder.record("a");
        clock.setMs(-1);
        recorder.record("a");
        clock.setMs(10_199);
        recorder.record("a");

        assertThat(drainToMap(recorder))
                .containsEntry("10000/a", 3L)
                .containsEntry("10100/a", 2L)
                .containsEntry("5000/a", 1L)
                .containsEntry("-100/a", 1L)
                .hasSize(4);
    }

    @Test
    void systemClocks_areRecognised_otherClocksAreNot() {
        assertThat(AccessRecorder.isSystemClock(InstantSource.system())).isTrue();
        assertThat(AccessRecorder.isSystemClock(Clock.systemUTC())).isTrue();
        assertThat(AccessRecorder.isSystemClock(Clock.system(ZoneId.of("Asia/Tokyo")))).isTrue();

        assertThat(AccessRecorder.isSystemClock(new ManualClock(0))).isFalse();
        assertThat(AccessRecorder.isSystemClock(Clock.fixed(Instant.EPOCH, ZoneId.of("UTC"))))
                .isFalse();
        assertThat(
                        AccessRecorder.isSystemClock(
                                Clock.offset(Clock.systemUTC(), Duration.ofHours(1))))
                .isFalse();
    }

    @Test
    void systemClock_countsEachAccessInTheCurrentBucketOrTheOneBefore() {
        AccessRecorder recorder = new AccessRecorder(1, 64, 100, InstantSource.system());

        long before = Math.floorDiv(System.currentTimeMillis(), 100) * 100;
        for (int i = 0; i < 1000; i++) {
            recorder.record("k");
        }
        long after = Math.floorDiv(System.currentTimeMillis(), 100) * 100;

        Map<Long, Long> byBucket = new HashMap<>();
        recorder.drain((bucket, key, count) -> byBucket.merge(bucket, count, Long::sum));
        assertThat(byBucket.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1000);
        assertThat(byBucket.keySet()).allSatisfy(b -> assertThat(b).isBetween(before - 100, after));
    }

    @Test
    void systemClockBucket_catchesUpWithEachBoundary() {
        AccessRecorder.SystemClockBucket bucket = AccessRecorder.BucketTicker.follow(20);

        for (int boundaries = 0; boundaries < 5; boundaries++) {
            long next = Math.floorDiv(System.currentTimeMillis(), 20) + 1;
            await().atMost(Duration.ofSeconds(2)).until(() -> bucket.current >= next);
            long published = bucket.current;
            long now = Math.floorDiv(System.currentTimeMillis(), 20);
            assertThat(published).isBetween(now - 1, now);
        }
    }

    @Test
    void tickerThread_endsWhenNoRecorderFollowsTheSystemClock_andStartsAgain() {
        AccessRecorder.BucketTicker.follow(100);
        assertThat(AccessRecorder.BucketTicker.running()).isTrue();

        await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> {
                            System.gc();
                            return !AccessRecorder.BucketTicker.running();
                        });
        AccessRecorder.SystemClockBucket again = AccessRecorder.BucketTicker.follow(100);

        assertThat(AccessRecorder.BucketTicker.running()).isTrue();
        long now = Math.floorDiv(System.currentTimeMillis(), 100);
        assertThat(again.current).isBetween(now - 1, now);
    }

    @Test
    void concurrentWritersAndDrains_loseNothing_andMisattributeNothing() throws Exception {
        ManualClock clock = new ManualClock(0);
        AccessRecorder recorder = new AccessRecorder(2, 4096, 100, clock);
        int threads = 4;
        int perThread = 200_000;
        Map<String, AtomicLong> expected = new HashMap<>();
        for (int k = 0; k < 150; k++) {
            expected.put("key-" + k, new AtomicLong());
        }
        String[] keys = expected.keySet().toArray(String[]::new);
        AtomicBoolean writing = new AtomicBoolean(true);
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int seed = t;
            new Thread(() -> writeRandomly(recorder, keys, expected, perThread, seed, done))
                    .start();
        }

        Map<String, Long> drained = new HashMap<>();
        Thread ticker = new Thread(() -> tick(clock, writing));
        ticker.start();
        while (done.getCount() > 0) {
            recorder.drain((bucket, key, count) -> drained.merge(key, count, Long::sum));
        }
        writing.set(false);
        ticker.join();
        recorder.drain((bucket, key, count) -> drained.merge(key, count, Long::sum));

        long dropped = recorder.droppedAccesses();
        long total = drained.values().stream().mapToLong(Long::longValue).sum();
        assertThat(total + dropped).isEqualTo((long) threads * perThread);
        assertThat(dropped).isZero();
        for (String key : keys) {
            assertThat(drained.getOrDefault(key, 0L)).as(key).isEqualTo(expected.get(key).get());
        }
    }

    private static void writeRandomly(
            AccessRecorder recorder,
            String[] keys,
            Map<String, AtomicLong> expected,
            int accesses,
            int seed,
            CountDownLatch done) {
        Random random = new Random(seed);
        for (int i = 0; i < accesses; i++) {
            String key = keys[random.nextInt(keys.length)];
            expected.get(key).incrementAndGet();
            recorder.record(key);
        }
        done.countDown();
    }

    private static void tick(ManualClock clock, AtomicBoolean running) {
        while (running.get()) {
            clock.advanceMs(1);
            LockSupport.parkNanos(10_000);
        }
    }

    private static Map<String, Long> drainToMap(AccessRecorder recorder) {
        Map<String, Long> out = new HashMap<>();
        recorder.drain((bucket, key, count) -> out.merge(bucket + "/" + key, count, Long::sum));
        return out;
    }
}
