package io.hotkeys.schema.testing;

import java.util.SplittableRandom;

/**
 * Draws ranks 1..n with probability close to 1 / rank^s, by inverting the continuous approximation
 * of the Zipf distribution's cumulative sum. Good enough to shape a benchmark's load (the hot keys
 * of real caches follow it); not for statistics. Shared with other modules' tests and benchmarks
 * through zk-schemas' test jar.
 */
public final class Zipf {
    private Zipf() {}

    public static long sample(SplittableRandom random, long n, double s) {
        double u = random.nextDouble();
        double a = 1 - s;
        double total = (Math.pow(n + 0.5, a) - Math.pow(0.5, a)) / a;
        double x = Math.pow(u * total * a + Math.pow(0.5, a), 1 / a) - 0.5;
        return Math.min(n, Math.max(1, Math.round(x + 0.5)));
    }
}
