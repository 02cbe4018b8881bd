package io.hotkeys.agent;

import java.time.InstantSource;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The cost of recording one access in the agent's {@link AccessRecorder}, beside the obvious
 * alternative measured in the same run: a {@code ConcurrentHashMap<String, LongAdder>} counter.
 *
 * <p>Both take their keys from the same pre-generated Zipf trace (10,000 keys, exponent 1.2 by
 * default), each thread from its own random starting point. The recorder is set up as the agent
 * sets it up, with the system clock, and a background thread drains it every 100 ms as the reporter
 * does, so the figures are those of the counting path and not of a full table dropping everything.
 * The baseline only counts per key: it keeps no time buckets and is never drained, which flatters
 * it.
 *
 * <p>Honesty check: after each iteration the number of accesses counted and dropped is printed, and
 * at the end of a trial the benchmark fails unless every access handed to the recorder was either
 * drained or counted as dropped.
 *
 * <p>The class sits in the agent's package because the recorder is package-private there; a public
 * factory only for benchmarks would widen the agent's public surface for no user's gain.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class RecordAccessBenchmark {
    private static final long DRAIN_INTERVAL_MS = 100;
    private static final long BUCKET_MS = 100;
    private static final double ZIPF_EXPONENT = 1.2;
    private static final int LOG2_TRACE_LENGTH = 22;

    @Param("10000")
    public int distinctKeys;

    /** The agent's default for {@code recorder.stripes}. */
    @Param("16")
    public int stripes;

    /**
     * Slots per stripe. One thread touches nearly all 10,000 keys of this trace in 100 ms, and a
     * key holds a second slot while its previous bucket waits for the drain, so the agent's default
     * (4096) drops part of them; the default here leaves room for the key set. Run with {@code -p
     * slotsPerStripe=4096} to see the drops at the agent's default.
     */
    @Param("65536")
    public int slotsPerStripe;

    private ZipfTrace trace;
    private AccessRecorder recorder;
    private ConcurrentHashMap<String, LongAdder> counters;
    private Drainer drainer;
    private final Queue<Cursor> cursors = new ConcurrentLinkedQueue<>();
    private long droppedBefore;
    private long countedBefore;

    /** Each benchmark thread's place in the trace and the number of accesses it made. */
    @State(Scope.Thread)
    public static class Cursor {
        private int position;
        private long accesses;

        @Setup(Level.Trial)
        public void start(RecordAccessBenchmark benchmark) {
            position = ThreadLocalRandom.current().nextInt();
            benchmark.cursors.add(this);
        }

        String next(ZipfTrace trace) {
            accesses++;
            return trace.at(position++);
        }
    }

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        trace = ZipfTrace.generate(distinctKeys, ZIPF_EXPONENT, LOG2_TRACE_LENGTH, 42);
        counters = new ConcurrentHashMap<>();
        recorder = new AccessRecorder(stripes, slotsPerStripe, BUCKET_MS, InstantSource.system());
        if (params.getBenchmark().contains("agentRecorder")) {
            drainer = new Drainer(recorder);
            drainer.start();
        }
    }

    @TearDown(Level.Iteration)
    public void printDrops() {
        if (drainer == null) {
            return;
        }
        long counted = drainer.counted;
        long dropped = recorder.droppedAccesses();
        System.out.printf(
                "  [recorder: %,d accesses counted, %,d dropped in this iteration]%n",
                counted - countedBefore, dropped - droppedBefore);
        countedBefore = counted;
        droppedBefore = dropped;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        if (drainer == null) {
            return;
        }
        drainer.stop();
        long handed = cursors.stream().mapToLong(c -> c.accesses).sum();
        long counted = drainer.counted;
        long dropped = recorder.droppedAccesses();
        System.out.printf(
                "  [recorder, whole trial: %,d accesses recorded = %,d counted + %,d dropped"
                        + " (%.4f%% dropped); %d of %d benchmark threads had a table of their"
                        + " own]%n",
                handed,
                counted,
                dropped,
                100.0 * dropped / Math.max(1, handed),
                recorder.ownedTablesInUse(),
                cursors.size());
        if (counted + dropped != handed) {
            throw new IllegalStateException(
                    "the recorder lost or invented accesses: "
                            + handed
                            + " recorded, "
                            + counted
                            + " counted, "
                            + dropped
                            + " dropped");
        }
    }

    @Benchmark
    @Threads(1)
    public void agentRecorder_1thread(Cursor cursor) {
        recorder.record(cursor.next(trace));
    }

    @Benchmark
    @Threads(2)
    public void agentRecorder_2threads(Cursor cursor) {
        recorder.record(cursor.next(trace));
    }

    /**
     * The floor under both counters: the harness taking the next key of the trace and handing it to
     * JMH's blackhole, with no counting at all.
     */
    @Benchmark
    @Threads(1)
    public String harnessOnly_1thread(Cursor cursor) {
        return cursor.next(trace);
    }

    @Benchmark
    @Threads(2)
    public String harnessOnly_2threads(Cursor cursor) {
        return cursor.next(trace);
    }

    @Benchmark
    @Threads(1)
    public void mapLongAdder_1thread(Cursor cursor) {
        counters.computeIfAbsent(cursor.next(trace), k -> new LongAdder()).increment();
    }

    @Benchmark
    @Threads(2)
    public void mapLongAdder_2threads(Cursor cursor) {
        counters.computeIfAbsent(cursor.next(trace), k -> new LongAdder()).increment();
    }

    /**
     * Drains the recorder every 100 ms on its own thread, as the agent's reporter does, summing
     * what it takes without allocating (so the GC profiler's figures are the benchmark threads').
     */
    private static final class Drainer implements AccessRecorder.CountSink {
        private final AccessRecorder recorder;
        private final Thread thread;
        private volatile boolean running = true;
        private volatile long counted;

        Drainer(AccessRecorder recorder) {
            this.recorder = recorder;
            this.thread = new Thread(this::drainPeriodically, "recorder-drainer");
            this.thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            LockSupport.unpark(thread);
            thread.join();
            recorder.drain(this);
        }

        @Override
        public void accept(long bucketStartMs, String key, long count) {
            counted += count;
        }

        private void drainPeriodically() {
            while (running) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(DRAIN_INTERVAL_MS));
                recorder.drain(this);
            }
        }
    }
}
