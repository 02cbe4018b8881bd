package io.hotkeys.agent;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A pre-generated sequence of cache-key accesses whose popularity follows a Zipf distribution: the
 * key of rank r is drawn with probability proportional to 1 / r^exponent. The keys are created
 * once, so a benchmark loop hands out existing String objects (with their hash codes cached) and
 * measures the recording, not the building of strings.
 */
final class ZipfTrace {
    private final String[] accesses;
    private final int mask;

    private ZipfTrace(String[] accesses) {
        this.accesses = accesses;
        this.mask = accesses.length - 1;
    }

    /**
     * A trace of {@code 2^log2Length} accesses to {@code distinctKeys} keys, reproducible for a
     * given seed.
     */
    static ZipfTrace generate(int distinctKeys, double exponent, int log2Length, long seed) {
        String[] keys = new String[distinctKeys];
        for (int rank = 0; rank < distinctKeys; rank++) {
            keys[rank] = "user:profile:" + Long.toHexString(scramble(rank));
        }
        double[] cumulative = cumulativeWeights(distinctKeys, exponent);
        SplittableRandom random = new SplittableRandom(seed);
        String[] accesses = new String[1 << log2Length];
        for (int i = 0; i < accesses.length; i++) {
            accesses[i] = keys[rankOf(cumulative, random.nextDouble())];
        }
        return new ZipfTrace(accesses);
    }

    /** The access at a position; positions wrap around the end of the trace. */
    String at(int position) {
        return accesses[position & mask];
    }

    int length() {
        return accesses.length;
    }

    /** Number of distinct keys among the first n accesses. */
    long distinctKeysIn(int n) {
        return Arrays.stream(accesses, 0, Math.min(n, accesses.length)).distinct().count();
    }

    private static double[] cumulativeWeights(int n, double exponent) {
        double[] cumulative = new double[n];
        double sum = 0;
        for (int rank = 0; rank < n; rank++) {
            sum += 1.0 / Math.pow(rank + 1, exponent);
            cumulative[rank] = sum;
        }
        for (int rank = 0; rank < n; rank++) {
            cumulative[rank] /= sum;
        }
        return cumulative;
    }

    /** The smallest rank whose cumulative probability reaches u. */
    private static int rankOf(double[] cumulative, double u) {
        int found = Arrays.binarySearch(cumulative, u);
        int rank = found >= 0 ? found : -found - 1;
        return Math.min(rank, cumulative.length - 1);
    }

    /** Spreads consecutive ranks over the id space so popular keys do not look alike. */
    private static long scramble(long rank) {
        long z = (rank + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        return z ^ (z >>> 31);
    }
}
