package io.hotkeys.agent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.InstantSource;
import java.util.concurrent.atomic.LongAdder;

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

    private static final VarHandle KEYS = MethodHandles.arrayElementVarHandle(String[].class);
    private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(long[].class);

    private final Stripe[] stripes;
    private final int stripeMask;
    private final long bucketMs;
    private final InstantSource clock;
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
    }

    /** Records one access to a key. Never blocks; drops (and counts) when its stripe is full. */
    void record(String key) {
        long bucket = Math.floorDiv(clock.millis(), bucketMs);
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
}
