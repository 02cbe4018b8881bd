package io.hotkeys.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class AccessRecorderTest {
    private static final long CHURN_BUCKET_MS = 100;

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
        assertThat(counted).isLessThanOrEqualTo(recorder.capacity());
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
    void ownerThatLivesOn_keepsItsTable_andEachDrainShipsOnlyWhatIsNew() throws Exception {
        ManualClock clock = new ManualClock(0);
        AccessRecorder recorder = new AccessRecorder(1, 64, 100, clock);
        ExecutorService owner = Executors.newSingleThreadExecutor();

        owner.submit(() -> repeat(3, () -> recorder.record("a"))).get();
        Map<String, Long> first = drainToMap(recorder);
        owner.submit(() -> repeat(2, () -> recorder.record("a"))).get();
        Map<String, Long> second = drainToMap(recorder);
        Map<String, Long> third = drainToMap(recorder);
        int tablesWhileAlive = recorder.ownedTablesInUse();
        owner.shutdown();
        owner.awaitTermination(10, TimeUnit.SECONDS);

        assertThat(first).containsExactly(Map.entry("0/a", 3L));
        assertThat(second).containsExactly(Map.entry("0/a", 2L));
        assertThat(third).isEmpty();
        assertThat(tablesWhileAlive).isEqualTo(1);
    }

    @Test
    void endedOwner_hasItsCountsShipped_andItsTableFreedForTheNextThread() throws Exception {
        ManualClock clock = new ManualClock(0);
        AccessRecorder recorder = new AccessRecorder(1, 64, 100, clock);

        runOnNewThread(
                () -> {
                    repeat(10, () -> recorder.record("a"));
                    recorder.record("b");
                });
        int tablesAfterFirstEnded = recorder.ownedTablesInUse();
        Map<String, Long> fromFirst = drainToMap(recorder);
        int tablesAfterDrain = recorder.ownedTablesInUse();
        runOnNewThread(() -> repeat(5, () -> recorder.record("c")));
        int tablesAfterSecond = recorder.ownedTablesInUse();
        Map<String, Long> fromSecond = drainToMap(recorder);

        assertThat(tablesAfterFirstEnded).isEqualTo(1);
        assertThat(fromFirst).containsOnly(Map.entry("0/a", 10L), Map.entry("0/b", 1L));
        assertThat(tablesAfterDrain).isZero();
        assertThat(tablesAfterSecond).isEqualTo(1);
        assertThat(fromSecond).containsExactly(Map.entry("0/c", 5L));
        assertThat(recorder.droppedAccesses()).isZero();
    }

    @Test
    void slotsOfAnOlderBucket_areReusedOnlyOnceTheDrainShippedThem() {
        ManualClock clock = new ManualClock(0);
        AccessRecorder recorder = new AccessRecorder(1, 64, 100, clock);
        for (int i = 0; i < 64; i++) {
            recorder.record("old" + i);
        }
        clock.advanceMs(300);
        for (int i = 0; i < 64; i++) {
            recorder.record("new" + i);
        }

        Map<String, Long> drained = drainToMap(recorder);
        long dropped = recorder.droppedAccesses();
        for (int i = 0; i < 40; i++) {
            recorder.record("newer" + i);
        }

        assertThat(drained.keySet())
                .allSatisfy(k -> assertThat(k).matches("0/old\\d+|300/new\\d+"));
        assertThat(drained.values()).containsOnly(1L);
        assertThat(drained.size() + dropped).isEqualTo(128);
        assertThat(drainToMap(recorder)).hasSize(40);
        assertThat(recorder.droppedAccesses()).isEqualTo(dropped);
    }

    @Test
    void threadsThatComeAndGo_whileTheClockMovesAndDrainsRun_loseAndMisattributeNothing()
            throws Exception {
        ManualClock clock = new ManualClock(0);
        AccessRecorder recorder = new AccessRecorder(2, 4096, CHURN_BUCKET_MS, clock);
        Tally tally = new Tally();
        AtomicBoolean running = new AtomicBoolean(true);
        Map<String, Long> drained = new ConcurrentHashMap<>();
        Thread ticker = new Thread(() -> tick(clock, running));
        Thread drainer =
                new Thread(
                        () -> {
                            while (running.get()) {
                                recorder.drain(
                                        (bucket, key, count) ->
                                                drained.merge(
                                                        bucket + "/" + key, count, Long::sum));
                            }
                        });
        ticker.start();
        drainer.start();

        for (int wave = 0; wave < 8; wave++) {
            Thread[] writers = new Thread[4];
            for (int t = 0; t < writers.length; t++) {
                int seed = wave * 10 + t;
                writers[t] = new Thread(() -> writeAndTally(recorder, clock, tally, seed));
                writers[t].start();
            }
            for (Thread writer : writers) {
                writer.join();
            }
        }
        running.set(false);
        ticker.join();
        drainer.join();
        recorder.drain((bucket, key, count) -> drained.merge(bucket + "/" + key, count, Long::sum));

        long total = drained.values().stream().mapToLong(Long::longValue).sum();
        assertThat(total + recorder.droppedAccesses()).isEqualTo(tally.accesses.get());
        assertThat(recorder.droppedAccesses()).isZero();
        assertThat(recorder.ownedTablesInUse()).isZero();
        for (String bucketKey : tally.possibleKeys()) {
            long certain = tally.certain.getOrDefault(bucketKey, new AtomicLong()).get();
            long possible = tally.possible.getOrDefault(bucketKey, new AtomicLong()).get();
            assertThat(drained.getOrDefault(bucketKey, 0L))
                    .as(bucketKey)
                    .isBetween(certain, certain + possible);
        }
        assertThat(tally.possibleKeys()).containsAll(drained.keySet());
    }

    /** What writers recorded, per bucket and key: certainly, or possibly (at a boundary). */
    private static final class Tally {
        final AtomicLong accesses = new AtomicLong();
        final Map<String, AtomicLong> certain = new ConcurrentHashMap<>();
        final Map<String, AtomicLong> possible = new ConcurrentHashMap<>();

        Set<String> possibleKeys() {
            Set<String> keys = new HashSet<>(certain.keySet());
            keys.addAll(possible.keySet());
            return keys;
        }

        void add(Map<String, AtomicLong> map, long bucket, String key) {
            map.computeIfAbsent(bucket * CHURN_BUCKET_MS + "/" + key, k -> new AtomicLong())
                    .incrementAndGet();
        }
    }

    private static void writeAndTally(
            AccessRecorder recorder, ManualClock clock, Tally tally, int seed) {
        Random random = new Random(seed);
        for (int i = 0; i < 20_000; i++) {
            String key = "key-" + random.nextInt(100);
            long before = Math.floorDiv(clock.millis(), CHURN_BUCKET_MS);
            recorder.record(key);
            long after = Math.floorDiv(clock.millis(), CHURN_BUCKET_MS);
            tally.accesses.incrementAndGet();
            if (before == after) {
                tally.add(tally.certain, before, key);
            } else {
                for (long bucket = before; bucket <= after; bucket++) {
                    tally.add(tally.possible, bucket, key);
                }
            }
        }
    }

    private static void repeat(int times, Runnable action) {
        for (int i = 0; i < times; i++) {
            action.run();
        }
    }

    private static void runOnNewThread(Runnable action) throws InterruptedException {
        Thread thread = new Thread(action);
        thread.start();
        thread.join();
    }

    @Test
    void slotHandedFromKeyToKeyWhileTheDrainReadsIt_neverMixesOneKeyWithAnothersCount()
            throws Exception {
        ManualClock clock = new ManualClock(0);
        AccessRecorder recorder = new AccessRecorder(1, 1, 100, clock);
        Map<String, Long> expected = new HashMap<>();
        Map<String, Long> drained = new HashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread drainer =
                new Thread(
                        () -> {
                            while (running.get()) {
                                recorder.drain(
                                        (bucket, key, count) ->
                                                drained.merge(
                                                        bucket + "/" + key, count, Long::sum));
                            }
                        });
        drainer.start();

        runOnNewThread(
                () -> {
                    for (int n = 0; n < 300_000; n++) {
                        clock.setMs(n * 300L);
                        String key = n % 2 == 0 ? "even" : "odd";
                        long droppedBefore = recorder.droppedAccesses();
                        recorder.record(key);
                        if (recorder.droppedAccesses() == droppedBefore) {
                            expected.merge(n * 300L + "/" + key, 1L, Long::sum);
                        }
                    }
                });
        running.set(false);
        drainer.join();
        recorder.drain((bucket, key, count) -> drained.merge(bucket + "/" + key, count, Long::sum));

        assertThat(drained).isEqualTo(expected);
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
