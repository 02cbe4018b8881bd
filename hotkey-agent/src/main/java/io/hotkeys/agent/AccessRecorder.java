package io.hotkeys.agent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.time.Clock;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Counts accesses per key and time bucket on the service's threads, without locks and in bounded
 * memory, for a background thread to drain.
 *
 * <h2>Design</h2>
 *
 * The recorder is a fixed number of stripes; a thread picks its stripe from its id, so threads
 * rarely share one. A stripe is an open-addressed table of slots; a slot holds a key reference and
 * one 64-bit word: {@code [generation:8][bucket tag:24][count:32]}. Recording an access finds the
 * key's slot within {@value #MAX_PROBES} probes and adds one to the word with a compare-and-set,
 * but only if the word's tag is the current bucket (or the word is empty and can be re-tagged). A
 * slot that still holds counts of an older bucket is skipped, so the key takes a second slot until
 * the drain empties the first.
 *
 * <p>The drain takes each word's count with a compare-and-set that leaves zero behind, so every
 * increment is reported exactly once, either in this drain or in the next. It reclaims slots of
 * keys that were not accessed for a while: it marks the word retired, clears the key and bumps the
 * generation. A writer reads the word before the key and commits with a compare-and-set on that
 * word, so a slot that was reclaimed and taken by another key in between fails the commit and the
 * writer probes again; counts can never land on the wrong key.
 *
 * <p>When a thread finds no usable slot within its probes (the stripe is full of other keys of the
 * current bucket), the access is dropped and counted in {@link #droppedAccesses()}. Memory is
 * {@code stripes * slotsPerStripe * (8 + reference size)} bytes whatever the number of distinct
 * keys.
 *
 * <h2>Time</h2>
 *
 * Reading the system clock costs about as much as the rest of recording put together (20 ns on the
 * project's machine, see {@code docs/benchmarks.md}), so a recorder on the system clock does not
 * read it per access: one daemon thread shared by all recorders, {@code hotkey-agent-clock}, wakes
 * at each bucket boundary and publishes the new bucket, and recording reads that field. The price
 * is precision at the boundaries: an access made between a boundary and the moment that thread runs
 * (normally well under a millisecond; longer only when the machine is so busy that a runnable
 * thread waits for a core) is counted in the bucket before. It is still counted exactly once. The
 * thread also wakes every {@value #MAX_TICK_SLEEP_MS} ms at least, so a step of the system clock
 * reaches the buckets within that time; it ends when no recorder on the system clock is left.
 *
 * <p>Any other clock (a replay's, a test's) is read on every access and its buckets are exact:
 * recording remembers the last bucket it computed and divides only when the time leaves it.
 *
 * <p>Bucket tags are 24 bits of the bucket index; the drain maps a tag back to the bucket nearest
 * the current one, which is exact as long as the drain runs at least once every 2^23 buckets (nine
 * days at 100 ms) and the clock never jumps further than that.
 */
final class AccessRecorder {
    static final int MAX_PROBES = 16;

    private static final long COUNT_MASK = 0xFFFF_FFFFL;
    private static final long TAG_MASK = 0xFF_FFFFL;
    private static final int TAG_SHIFT = 32;
    private static final int GENERATION_SHIFT = 56;
    private static final long RETIRED = -1L;
    private static final int IDLE_BUCKETS_BEFORE_RECLAIM = 2;
    static final long MAX_TICK_SLEEP_MS = 100;

    private static final VarHandle KEYS = MethodHandles.arrayElementVarHandle(String[].class);
    private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(long[].class);

    private final Stripe[] stripes;
    private final int stripeMask;
    private final long bucketMs;
    private final InstantSource clock;
    private final SystemClockBucket systemBucket;
    private volatile long lastBucket;
    private final LongAdder dropped = new LongAdder();

    /** Receives what a drain takes out. */
    interface CountSink {
        void accept(long bucketStartMs, String key, long count);
    }

    AccessRecorder(int stripeCount, int slotsPerStripe, long bucketMs, InstantSource clock) {
        this.stripes = new Stripe[powerOfTwoAtLeast(stripeCount)];
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Stripe(powerOfTwoAtLeast(slotsPerStripe));
        }
        this.stripeMask = stripes.length - 1;
        this.bucketMs = bucketMs;
        this.clock = clock;
        this.lastBucket = Math.floorDiv(clock.millis(), bucketMs);
        this.systemBucket = isSystemClock(clock) ? BucketTicker.follow(bucketMs) : null;
    }

    /** Records one access to a key. Never blocks; drops (and counts) when its stripe is full. */
    void record(String key) {
        long bucket = systemBucket != null ? systemBucket.current : bucketAt(clock.millis());
        Stripe stripe = stripes[stripeIndex()];
        if (!stripe.add(key, (int) (bucket & TAG_MASK))) {
            dropped.increment();
        }
    }

    /**
     * Takes every count recorded so far and hands it to the sink, then reclaims idle slots. Must be
     * called from one thread at a time.
     */
    void drain(CountSink sink) {
        long currentBucket = Math.floorDiv(clock.millis(), bucketMs);
        for (Stripe stripe : stripes) {
            stripe.drain(currentBucket, bucketMs, sink);
        }
    }

    /** Accesses dropped because a stripe had no usable slot, since the recorder was made. */
    long droppedAccesses() {
        return dropped.sum();
    }

    /**
     * The bucket that holds a time: the last one computed when the time is still in it, so the
     * division is paid once per bucket rather than per access. Threads race to update the cache;
     * any value they leave is some bucket, and it is used only after checking it holds the time.
     */
    private long bucketAt(long millis) {
        long cached = lastBucket;
        long sinceStart = millis - cached * bucketMs;
        if (sinceStart >= 0 && sinceStart < bucketMs) {
            return cached;
        }
        long bucket = Math.floorDiv(millis, bucketMs);
        lastBucket = bucket;
        return bucket;
    }

    /** Whether a clock tells the system's time, whatever its zone. */
    static boolean isSystemClock(InstantSource clock) {
        return clock.equals(InstantSource.system())
                || (clock instanceof Clock c && c.equals(Clock.system(c.getZone())));
    }

    /** Number of slots in all stripes: the most keys the recorder holds at once. */
    int capacity() {
        return stripes.length * stripes[0].keys.length;
    }

    private int stripeIndex() {
        long id = Thread.currentThread().getId();
        return (int) ((id * 0x9E3779B97F4A7C15L) >>> 40) & stripeMask;
    }

    static int powerOfTwoAtLeast(int n) {
        return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
    }

    private static long countOf(long word) {
        return word & COUNT_MASK;
    }

    private static int tagOf(long word) {
        return (int) ((word >>> TAG_SHIFT) & TAG_MASK);
    }

    private static long generationBits(long word) {
        return word & (0xFFL << GENERATION_SHIFT);
    }

    /** One table of slots. */
    private static final class Stripe {
        final String[] keys;
        final long[] words;
        final int mask;

        Stripe(int slots) {
            this.keys = new String[slots];
            this.words = new long[slots];
            this.mask = slots - 1;
        }

        boolean add(String key, int tag) {
            int start = spread(key.hashCode());
            for (int probe = 0; probe < MAX_PROBES; probe++) {
                if (tryAddAt((start + probe) & mask, key, tag)) {
                    return true;
                }
            }
            return false;
        }

        /** Adds one at slot i if it belongs (or can be made to belong) to the key and the tag. */
        private boolean tryAddAt(int i, String key, int tag) {
            while (true) {
                long word = (long) WORDS.getVolatile(words, i);
                if (word == RETIRED || !ownsOrClaims(i, key)) {
                    return false;
                }
                long next = incremented(word, tag);
                if (next == RETIRED) {
                    return false;
                }
                if (WORDS.compareAndSet(words, i, word, next)) {
                    return true;
                }
            }
        }

        private boolean ownsOrClaims(int i, String key) {
            String held = (String) KEYS.getAcquire(keys, i);
            if (held == null) {
                if (KEYS.compareAndSet(keys, i, null, key)) {
                    return true;
                }
                held = (String) KEYS.getAcquire(keys, i);
            }
            return held == key || (held != null && held.equals(key));
        }

        /** The word after one more access in bucket tag, or RETIRED if this slot cannot take it. */
        private static long incremented(long word, int tag) {
            long count = countOf(word);
            if (tagOf(word) == tag && count < COUNT_MASK - 1) {
                return word + 1;
            }
            if (count == 0) {
                return generationBits(word) | ((long) tag << TAG_SHIFT) | 1;
            }
            return RETIRED;
        }

        void drain(long currentBucket, long bucketMs, CountSink sink) {
            for (int i = 0; i < words.length; i++) {
                long taken = takeCount(i);
                if (taken != 0) {
                    long bucket = bucketOfTag(tagOf(taken), currentBucket);
                    sink.accept(
                            bucket * bucketMs, (String) KEYS.getAcquire(keys, i), countOf(taken));
                } else {
                    reclaimIfIdle(i, currentBucket);
                }
            }
        }

        /**
         * Atomically empties the count of slot i, keeping its tag and generation; returns the word
         * as it was (its tag says which bucket the count belongs to), or 0 if it held no count.
         */
        private long takeCount(int i) {
            while (true) {
                long word = (long) WORDS.getVolatile(words, i);
                if (word == RETIRED || countOf(word) == 0) {
                    return 0;
                }
                if (WORDS.compareAndSet(words, i, word, word & ~COUNT_MASK)) {
                    return word;
                }
            }
        }

        private void reclaimIfIdle(int i, long currentBucket) {
            long word = (long) WORDS.getVolatile(words, i);
            if (KEYS.getAcquire(keys, i) == null || word == RETIRED || countOf(word) != 0) {
                return;
            }
            long idleBuckets = Math.abs(currentBucket - bucketOfTag(tagOf(word), currentBucket));
            if (idleBuckets < IDLE_BUCKETS_BEFORE_RECLAIM) {
                return;
            }
            if (WORDS.compareAndSet(words, i, word, RETIRED)) {
                KEYS.setRelease(keys, i, null);
                long nextGeneration = (generationBits(word) + (1L << GENERATION_SHIFT));
                WORDS.setVolatile(words, i, nextGeneration & (0xFFL << GENERATION_SHIFT));
            }
        }

        /** The bucket nearest to the current one whose low bits are the tag. */
        private static long bucketOfTag(int tag, long currentBucket) {
            long candidate = (currentBucket & ~TAG_MASK) | tag;
            long half = (TAG_MASK + 1) / 2;
            if (candidate - currentBucket > half) {
                return candidate - (TAG_MASK + 1);
            }
            if (currentBucket - candidate > half) {
                return candidate + (TAG_MASK + 1);
            }
            return candidate;
        }

        private static int spread(int h) {
            return (h ^ (h >>> 16)) * 0x45D9F3B;
        }
    }

    /** The current bucket of the system clock for one recorder, published by the ticker. */
    static final class SystemClockBucket {
        final long bucketMs;
        volatile long current;

        SystemClockBucket(long bucketMs, long nowMs) {
            this.bucketMs = bucketMs;
            this.current = Math.floorDiv(nowMs, bucketMs);
        }

        /** Publishes the bucket of now; returns the micros from now to the next boundary. */
        long advance(long nowMicros) {
            long nowMs = Math.floorDiv(nowMicros, 1000);
            long bucket = Math.floorDiv(nowMs, bucketMs);
            current = bucket;
            return (bucket + 1) * bucketMs * 1000 - nowMicros;
        }
    }

    /**
     * The one thread that keeps every {@link SystemClockBucket} current. It holds them weakly, so a
     * recorder that is no longer used is collected and, once none is left, the thread ends; the
     * next recorder on the system clock starts it again.
     */
    static final class BucketTicker {
        private static final Object LOCK = new Object();
        private static final List<WeakReference<SystemClockBucket>> FOLLOWERS = new ArrayList<>();
        private static Thread thread;

        private BucketTicker() {}

        static SystemClockBucket follow(long bucketMs) {
            SystemClockBucket bucket = new SystemClockBucket(bucketMs, System.currentTimeMillis());
            synchronized (LOCK) {
                FOLLOWERS.add(new WeakReference<>(bucket));
                if (thread == null) {
                    thread = new Thread(BucketTicker::run, "hotkey-agent-clock");
                    thread.setDaemon(true);
                    thread.start();
                } else {
                    LockSupport.unpark(thread);
                }
            }
            return bucket;
        }

        /** Whether the ticker thread is running; for tests. */
        static boolean running() {
            synchronized (LOCK) {
                return thread != null;
            }
        }

        private static void run() {
            long sleepMicros;
            while ((sleepMicros = tick()) >= 0) {
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(sleepMicros));
            }
        }

        /** Advances every follower; returns how long to sleep, or -1 when none is left. */
        private static long tick() {
            synchronized (LOCK) {
                long nowMicros = microsOf(Clock.systemUTC().instant());
                long sleepMicros = TimeUnit.MILLISECONDS.toMicros(MAX_TICK_SLEEP_MS);
                FOLLOWERS.removeIf(ref -> ref.get() == null);
                for (WeakReference<SystemClockBucket> ref : FOLLOWERS) {
                    SystemClockBucket follower = ref.get();
                    if (follower != null) {
                        sleepMicros = Math.min(sleepMicros, follower.advance(nowMicros));
                    }
                }
                if (FOLLOWERS.isEmpty()) {
                    thread = null;
                    return -1;
                }
                return sleepMicros;
            }
        }

        private static long microsOf(Instant instant) {
            return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1000;
        }
    }
}
