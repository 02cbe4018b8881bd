package io.hotkeys.stack;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Waits for a condition on a server that offers no notification for it. */
final class Poll {
    private static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private Poll() {}

    /**
     * Evaluates {@code condition} every 50 ms until it returns true. An exception from the
     * condition counts as "not yet" and is kept as the cause if the wait times out.
     *
     * @throws LocalServerException if {@code timeout} passes first, naming {@code what}
     */
    static void until(String what, Duration timeout, Callable<Boolean> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception lastFailure = null;
        while (true) {
            try {
                if (condition.call()) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                lastFailure = e;
            } catch (Exception e) {
                lastFailure = e;
            }
            if (System.nanoTime() - deadline > 0 || Thread.currentThread().isInterrupted()) {
                throw new LocalServerException(
                        "gave up after " + timeout.toMillis() + " ms waiting for " + what,
                        lastFailure);
            }
            LockSupport.parkNanos(INTERVAL_NANOS);
        }
    }
}
