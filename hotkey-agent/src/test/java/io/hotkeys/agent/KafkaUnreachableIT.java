package io.hotkeys.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hotkeys.stack.LocalZooKeeper;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * With Kafka unreachable, recording accesses must neither block nor grow memory: the counts that
 * cannot be shipped are counted, not kept.
 */
class KafkaUnreachableIT {
    private static final int THREADS = 2;
    private static final int ACCESSES_PER_PHASE = 2_000_000;

    @Test
    void recording_neitherBlocksNorGrowsMemory_andCountsWhatItCouldNotSend() throws Exception {
        try (LocalZooKeeper zookeeper = LocalZooKeeper.start();
                HotKeyAgent agent =
                        HotKeyAgent.builder()
                                .app("offline")
                                .kafkaBootstrapServers("127.0.0.1:1")
                                .zookeeperConnect(zookeeper.connectString())
                                .set("kafka.max.block.ms", "2000")
                                .build()) {
            AtomicLong keySeed = new AtomicLong();
            long slowestFirstNanos = recordPhase(agent, keySeed);
            long heapAfterFirstPhase = usedHeapAfterGc();

            long slowestSecondNanos = recordPhase(agent, keySeed);
            long heapAfterSecondPhase = usedHeapAfterGc();

            assertThat(Math.max(slowestFirstNanos, slowestSecondNanos))
                    .as(
                            "slowest single recordAccess call, ns (a call that waited on Kafka"
                                    + " would take the 2 s max.block.ms)")
                    .isLessThan(Duration.ofMillis(500).toNanos());
            assertThat(heapAfterSecondPhase - heapAfterFirstPhase)
                    .as("heap growth over %d more accesses to new keys", ACCESSES_PER_PHASE)
                    .isLessThan(32L << 20);
            await().atMost(Duration.ofSeconds(30)).until(() -> agent.stats().accessesUnsent() > 0);
            assertThat(agent.stats().accessesSent()).isZero();
        }
    }

    /** Records accesses to ever new keys from several threads; returns the slowest call, ns. */
    private static long recordPhase(HotKeyAgent agent, AtomicLong keySeed)
            throws InterruptedException {
        AtomicLong slowest = new AtomicLong();
        Thread[] threads = new Thread[THREADS];
        for (int t = 0; t < THREADS; t++) {
            threads[t] =
                    new Thread(() -> slowest.accumulateAndGet(record(agent, keySeed), Math::max));
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return slowest.get();
    }

    private static long record(HotKeyAgent agent, AtomicLong keySeed) {
        long slowest = 0;
        for (int i = 0; i < ACCESSES_PER_PHASE / THREADS; i++) {
            String key = "user:" + keySeed.incrementAndGet() % 500_000;
            long start = System.nanoTime();
            agent.recordAccess(key);
            slowest = Math.max(slowest, System.nanoTime() - start);
        }
        return slowest;
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
