package io.hotkeys.agent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the building blocks of recording an access cost on this machine, one at a time, to tell
 * where the floor of {@link RecordAccessBenchmark} is: a clock read, a thread-local lookup, a
 * 64-bit division, the ways of adding one to a word in memory, and a hash table that counts the
 * same Zipf trace per key with no thread safety and no time buckets at all.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@Threads(1)
@State(Scope.Thread)
public class RecordingCostsBenchmark {
    private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(long[].class);

    private final InstantSource systemClock = InstantSource.system();
    private final ThreadLocal<long[]> perThread = ThreadLocal.withInitial(() -> new long[1]);
    private final long[] words = new long[16];
    private long dividend = 1_700_000_000_123L;
    private long bucketMs = 100;

    private final ZipfTrace trace = ZipfTrace.generate(10_000, 1.2, 22, 42);
    private final String[] tableKeys = new String[1 << 16];
    private final long[] tableCounts = new long[1 << 16];
    private int position;

    @Benchmark
    public long systemCurrentTimeMillis() {
        return System.currentTimeMillis();
    }

    @Benchmark
    public long instantSourceSystemMillis() {
        return systemClock.millis();
    }

    @Benchmark
    public long systemNanoTime() {
        return System.nanoTime();
    }

    @Benchmark
    public long[] threadLocalGet() {
        return perThread.get();
    }

    @Benchmark
    public long floorDivBy100() {
        return Math.floorDiv(dividend++, bucketMs);
    }

    @Benchmark
    public boolean compareAndSetIncrement() {
        long word = (long) WORDS.getVolatile(words, 5);
        return WORDS.compareAndSet(words, 5, word, word + 1);
    }

    @Benchmark
    public long getAndAddIncrement() {
        return (long) WORDS.getAndAdd(words, 5, 1L);
    }

    @Benchmark
    public void releaseStoreIncrement() {
        long word = (long) WORDS.get(words, 5);
        WORDS.setRelease(words, 5, word + 1);
    }

    /** Linear probing, identity comparison, a plain increment: the least any counter can do. */
    @Benchmark
    public void unsynchronizedTableIncrement() {
        String key = trace.at(position++);
        int h = key.hashCode();
        int mask = tableKeys.length - 1;
        int i = ((h ^ (h >>> 16)) * 0x45D9F3B) & mask;
        while (true) {
            String held = tableKeys[i];
            if (held == key) {
                tableCounts[i]++;
                return;
            }
            if (held == null) {
                tableKeys[i] = key;
                tableCounts[i] = 1;
                return;
            }
            i = (i + 1) & mask;
        }
    }
}
