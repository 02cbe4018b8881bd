package io.hotkeys.agent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.time.Clock;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
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
 * The recorder is a fixed number of stripes, and each stripe has two tables of slots: one that a
 * single thread owns and one that any thread may share. A thread picks its stripe from its id. If
 * the stripe's owned table is free it claims it, and from then on it is the only thread that writes
 * there, so recording needs no atomic instruction. Threads that find the owned table taken by
 * another thread use the shared table, and so does the owner when its own table is full. Both
 * tables are open-addressed; recording finds the key's slot for the current bucket within {@value
 * #MAX_PROBES} probes.
 *
 * <p><b>Owned tables</b> keep, per slot, a key and one 64-bit word: {@code [bucket tag:24][running
 * count:40]}; the owner only ever increases the running count, with plain (release) writes. The
 * drain remembers per slot how much of the count it has shipped and ships the difference, so a
 * count is never taken away from under the writer and every increment is reported exactly once, in
 * this drain or the next. The owner gives a slot to another key or bucket only when the drain has
 * shipped all of its count, and the new key continues the same running count, so what the drain
 * remembers stays valid. Changing a slot's key and tag is wrapped in a per-slot version (odd while
 * changing, a seqlock); the drain reads key, tag and count between two equal even versions or
 * leaves the slot for the next drain, so counts are never attributed to a key or bucket they do not
 * belong to. When the owner thread has ended (its writes are then all visible), the drain ships
 * what is left, clears the table and frees it for the next thread that picks the stripe.
 *
 * <p><b>Shared tables</b> hold a key reference and one 64-bit word per slot: {@code
 * [generation:8][bucket tag:24][count:32]}. Recording adds one to the word with a compare-and-set,
 * but only if the word's tag is the current bucket (or the word is empty and can be re-tagged). The
 * drain takes each word's count with a compare-and-set that leaves zero behind. It reclaims slots
 * of keys that were not accessed for a while: it marks the word retired, clears the key and bumps
 * the generation. A writer reads the word before the key and commits with a compare-and-set on that
 * word, so a slot that was reclaimed and taken by another key in between fails the commit and the
 * writer probes again; counts can never land on the wrong key.
 *
 * <p>In both tables a slot that still holds counts of an older bucket is skipped, so a key takes a
 * second slot until the drain has shipped the first. When a thread finds no usable slot in either
 * table, the access is dropped and counted in {@link #droppedAccesses()}. Memory is {@code stripes
 * * slotsPerStripe * (32 + 2 * reference size)} bytes whatever the number of distinct keys or
 * threads.
 *
 * <p>Limits of the owned tables: there are as many as stripes, so in a service with more recording
 * threads than stripes (or two threads whose ids pick the same stripe) the others pay a
 * compare-and-set per access on the shared tables; and a thread keeps its table until it ends, even
 * while idle.
 *
 * <h2>Time</h2>
 *
 * Reading the system clock costs more than the rest of recording put together (19 ns on the
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
 * days at 100 ms) and the clock never jumps further than that. Running counts of owned tables are
 * kept modulo 2^40, which is exact as long as one slot takes fewer than 2^40 accesses between two
 * drains.
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
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final VarHandle OWNER;

    static {
        try {
            OWNER = MethodHandles.lookup().findVarHandle(OwnedTable.class, "owner", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final OwnedTable[] owned;
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
        this.owned = new OwnedTable[powerOfTwoAtLeast(stripeCount)];
        this.stripes = new Stripe[owned.length];
        for (int i = 0; i < stripes.length; i++) {
            owned[i] = new OwnedTable(powerOfTwoAtLeast(slotsPerStripe));
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
        int tag = (int) (bucket & TAG_MASK);
        Thread thread = Thread.currentThread();
        int stripe = stripeIndex(thread);
        OwnedTable table = owned[stripe];
        boolean mine = table.owner == thread || table.claim(thread);
        if (!(mine && table.add(key, tag)) && !stripes[stripe].add(key, tag)) {
            dropped.increment();
        }
    }

    /**
     * Takes every count recorded so far and hands it to the sink, then reclaims idle slots. Must be
     * called from one thread at a time.
     */
    void drain(CountSink sink) {
        long currentBucket = Math.floorDiv(clock.millis(), bucketMs);
        for (OwnedTable table : owned) {
            table.drain(currentBucket, bucketMs, sink);
        }
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

    /** Number of slots in all tables: the most keys the recorder holds at once. */
    int capacity() {
        return 2 * stripes.length * stripes[0].keys.length;
    }

    /** Number of owned tables that a live or not yet drained thread holds; for tests. */
    int ownedTablesInUse() {
        int inUse = 0;
        for (OwnedTable table : owned) {
            inUse += table.owner != null ? 1 : 0;
        }
        return inUse;
    }

    private int stripeIndex(Thread thread) {
        long id = thread.getId();
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
        static long bucketOfTag(int tag, long currentBucket) {
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

        static int spread(int h) {
            return (h ^ (h >>> 16)) * 0x45D9F3B;
        }
    }

    /**
     * A table that one thread writes and the drain reads; see the class comment. The owner reads
     * its own writes with plain loads; everything the drain reads is written with release semantics
     * and read with acquire.
     */
    static final class OwnedTable {
        private static final int TAG_SHIFT_OWNED = 40;
        private static final long RUNNING_MASK = (1L << TAG_SHIFT_OWNED) - 1;

        volatile Thread owner;
        private final String[] keys;

        /** Per slot: {@code [bucket tag:24][running count modulo 2^40:40]}. */
        private final long[] words;

        private final int[] hashes;
        private final int[] versions;

        /** Per slot, the running count up to which the drain has shipped; written by the drain. */
        private final long[] shipped;

        private final int mask;

        OwnedTable(int slots) {
            this.keys = new String[slots];
            this.words = new long[slots];
            this.hashes = new int[slots];
            this.versions = new int[slots];
            this.shipped = new long[slots];
            this.mask = slots - 1;
        }

        boolean claim(Thread thread) {
            return owner == null && OWNER.compareAndSet(this, null, thread);
        }

        /**
         * Adds one for the key in the tag's bucket; only the owner calls this. A slot of the key
         * for another bucket is given the new bucket as soon as the drain has shipped it, so that a
         * key returns to the first slot of its sequence once its previous bucket is shipped.
         */
        boolean add(String key, int tag) {
            int hash = key.hashCode();
            int start = Stripe.spread(hash);
            int probed = 0;
            for (; probed < MAX_PROBES; probed++) {
                int i = (start + probed) & mask;
                String held = keys[i];
                if (held == null) {
                    break;
                }
                if (held == key || (hashes[i] == hash && held.equals(key))) {
                    long word = words[i];
                    if (tagOfOwned(word) == tag) {
                        WORDS.setRelease(
                                words, i, (word & ~RUNNING_MASK) | ((word + 1) & RUNNING_MASK));
                        return true;
                    }
                    if ((long) WORDS.getAcquire(shipped, i) == (word & RUNNING_MASK)) {
                        take(i, key, hash, tag);
                        return true;
                    }
                }
            }
            return addToNewSlot(key, hash, tag, start, probed);
        }

        /**
         * Adds one for a key that has no slot for the bucket among the first {@code probed} slots
         * of its sequence (the next one, if any, is empty). Takes the first of them that is fully
         * shipped and idle: the key's own slot of another bucket, or another key's slot at least
         * {@value #IDLE_BUCKETS_BEFORE_RECLAIM} buckets old; else the empty slot.
         */
        private boolean addToNewSlot(String key, int hash, int tag, int start, int probed) {
            for (int probe = 0; probe < probed; probe++) {
                int i = (start + probe) & mask;
                if (isFree(i, key, hash, tag)) {
                    take(i, key, hash, tag);
                    return true;
                }
            }
            if (probed < MAX_PROBES) {
                take((start + probed) & mask, key, hash, tag);
                return true;
            }
            return false;
        }

        private boolean isFree(int i, String key, int hash, int tag) {
            long word = words[i];
            String held = keys[i];
            boolean sameKey = held == key || (hashes[i] == hash && held.equals(key));
            long idleBuckets = (tag - tagOfOwned(word)) & TAG_MASK;
            boolean idle = sameKey || idleBuckets >= IDLE_BUCKETS_BEFORE_RECLAIM;
            return idle && (long) WORDS.getAcquire(shipped, i) == (word & RUNNING_MASK);
        }

        /**
         * Gives slot i, whose counts are all shipped, to the key and tag, and counts one there. The
         * running count goes on from where it was, so the drain's shipped mark stays valid.
         */
        private void take(int i, String key, int hash, int tag) {
            int changing = (versions[i] + 1) | 1;
            INTS.setOpaque(versions, i, changing);
            VarHandle.storeStoreFence();
            KEYS.setRelease(keys, i, key);
            INTS.setRelease(hashes, i, hash);
            long running = (words[i] + 1) & RUNNING_MASK;
            WORDS.setRelease(words, i, ((long) tag << TAG_SHIFT_OWNED) | running);
            INTS.setRelease(versions, i, changing + 1);
        }

        void drain(long currentBucket, long bucketMs, CountSink sink) {
            Thread thread = owner;
            if (thread == null) {
                return;
            }
            boolean ended = !thread.isAlive();
            for (int i = 0; i < keys.length; i++) {
                shipSlot(i, ended, currentBucket, bucketMs, sink);
            }
            if (ended) {
                clear();
                OWNER.setVolatile(this, null);
            }
        }

        /**
         * Ships what slot i counted since the last drain, if its key and word read consistently.
         * Once the owner has ended nothing changes any more, and a change it left half done (the
         * key is written before the word) reads consistently too.
         */
        private void shipSlot(
                int i, boolean ownerEnded, long currentBucket, long bucketMs, CountSink sink) {
            int version = (int) INTS.getAcquire(versions, i);
            String key = (String) KEYS.getAcquire(keys, i);
            long word = (long) WORDS.getAcquire(words, i);
            boolean consistent =
                    ownerEnded
                            || ((version & 1) == 0
                                    && (int) INTS.getAcquire(versions, i) == version);
            if (key == null || !consistent) {
                return;
            }
            long running = word & RUNNING_MASK;
            long unshipped = (running - shipped[i]) & RUNNING_MASK;
            if (unshipped != 0) {
                long bucket = Stripe.bucketOfTag(tagOfOwned(word), currentBucket);
                sink.accept(bucket * bucketMs, key, unshipped);
                WORDS.setRelease(shipped, i, running);
            }
        }

        /** Empties a table whose owner has ended and whose counts are all shipped. */
        private void clear() {
            Arrays.fill(keys, null);
            Arrays.fill(words, 0);
            Arrays.fill(hashes, 0);
            Arrays.fill(versions, 0);
            Arrays.fill(shipped, 0);
        }

        private static int tagOfOwned(long word) {
            return (int) (word >>> TAG_SHIFT_OWNED);
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
                    thread.setContextClassLoader(null);
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
