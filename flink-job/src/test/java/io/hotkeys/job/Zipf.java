package io.hotkeys.job;

import java.util.SplittableRandom;

/**
 * Draws ranks 1..n with probability proportional to 1 / rank^s, by inverting the continuous
 * approximation of the Zipf distribution's cumulative sum. Close enough for load generation; not
 * for statistics.
 */
final class Zipf {
    private Zipf() {}

    static long sample(SplittableRandom random, long n, double s) {
        double u = random.nextDouble();
        double oneMinusS = 1 - s;
        double hN = (Math.pow(n + 0.5, oneMinusS) - Math.pow(0.5, oneMinusS)) / oneMinusS;
        double x = Math.pow(u * hN * oneMinusS + Math.pow(0.5, oneMinusS), 1 / oneMinusS) - 0.5;
        return Math.min(n, Math.max(1, Math.round(x + 0.5)));
    }
}
