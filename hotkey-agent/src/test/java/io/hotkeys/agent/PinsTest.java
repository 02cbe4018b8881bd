package io.hotkeys.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class PinsTest {

    @Test
    void manyConcurrentReadersOfAMissingValue_causeOneLoad() throws Exception {
        Pins pins = new Pins(100, 500, 80, 5_000);
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch loading = new CountDownLatch(1);
        ExecutorService readers = Executors.newFixedThreadPool(50);
        List<Future<Object>> answers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            answers.add(
                    readers.submit(
                            () ->
                                    pins.get(
                                            "k",
                                            60_000,
                                            key -> {
                                                loads.incrementAndGet();
                                                await(loading);
                                                return "v";
                                            })));
        }
        Awaitility.await().until(() -> loads.get() == 1);
        loading.countDown();

        for (Future<Object> answer : answers) {
            assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo("v");
        }
        readers.shutdown();
        assertThat(loads.get()).isEqualTo(1);
    }

    @Test
    void valueOlderThanTheRefreshPoint_isReloadedByOneReader_whileOthersGetTheOldOne()
            throws Exception {
        Pins pins = new Pins(100, 500, 1, 5_000);
        pins.get("k", 60_000, key -> "old");
        Awaitility.await().pollDelay(700, TimeUnit.MILLISECONDS).until(() -> true);

        Pins.Lookup refresher = pins.lookup("k");
        Pins.Lookup other = pins.lookup("k");

        assertThat(refresher).isInstanceOf(Pins.Load.class);
        assertThat(((Pins.Load) refresher).refresh()).isTrue();
        assertThat(other).isEqualTo(new Pins.Hit("old"));
        pins.complete((Pins.Load) refresher, "new", 60_000);
        assertThat(pins.peek("k")).isEqualTo("new");
    }

    @Test
    void absentValue_isPinnedAsMissingForTheMissTtl_only() {
        Pins pins = new Pins(100, 200, 80, 5_000);
        AtomicInteger loads = new AtomicInteger();

        for (int i = 0; i < 10; i++) {
            assertThat(pins.get("absent", 60_000, key -> nullAfterCounting(loads))).isNull();
        }
        assertThat(loads.get()).isEqualTo(1);

        Awaitility.await()
                .atMost(5, TimeUnit.SECONDS)
                .until(
                        () -> {
                            pins.get("absent", 60_000, key -> nullAfterCounting(loads));
                            return loads.get() == 2;
                        });
    }

    @Test
    void invalidationDuringARefresh_isNotUndoneByTheRefresh() {
        Pins pins = new Pins(100, 500, 1, 5_000);
        pins.get("k", 60_000, key -> "old");
        Awaitility.await().pollDelay(700, TimeUnit.MILLISECONDS).until(() -> true);
        Pins.Load refresh = (Pins.Load) pins.lookup("k");

        pins.invalidate("k");
        pins.complete(refresh, "read-before-the-write", 60_000);

        assertThat(pins.peek("k")).isNull();
    }

    @Test
    void failedLoad_pinsNothing_andTheNextReaderLoadsAgain() {
        Pins pins = new Pins(100, 500, 80, 5_000);
        Pins.Load load = (Pins.Load) pins.lookup("k");

        pins.fail(load);

        assertThat(pins.peek("k")).isNull();
        assertThat(pins.lookup("k")).isInstanceOf(Pins.Load.class);
    }

    private static Object nullAfterCounting(AtomicInteger loads) {
        loads.incrementAndGet();
        return null;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
