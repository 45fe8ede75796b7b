package io.runnel.client.internal.net;

import java.util.function.DoubleSupplier;

/**
 * When a node that failed may be tried again: the wait starts at {@code initialMs} and doubles with each consecutive
 * failure up to {@code maxMs}, with ±20% random jitter so that clients do not reconnect in lockstep; a success
 * resets it. Times are {@link System#nanoTime()} values passed in, so tests drive it directly.
 *
 * <p>Not thread-safe: used on the network's event loop only.
 */
final class ReconnectBackoff {
    private static final double JITTER = 0.2;

    private final long initialMs;
    private final long maxMs;
    private final DoubleSupplier random;
    private int failures;
    private long nextAttemptNanos;

    /** @param random uniform in [0, 1) */
    ReconnectBackoff(long initialMs, long maxMs, DoubleSupplier random) {
        this.initialMs = initialMs;
        this.maxMs = Math.max(initialMs, maxMs);
        this.random = random;
    }

    /** Records a failed or lost connection at {@code nowNanos}; returns the wait before the next attempt, in ms. */
    long recordFailure(long nowNanos) {
        failures++;
        long base = initialMs;
        for (int i = 1; i < failures && base < maxMs; i++) {
            base *= 2;
        }
        base = Math.min(base, maxMs);
        double factor = 1 - JITTER + 2 * JITTER * random.getAsDouble();
        long waitMs = Math.max(1, Math.round(base * factor));
        nextAttemptNanos = nowNanos + waitMs * 1_000_000L;
        return waitMs;
    }

    /** Records a connection that reached the ready state: the next failure waits {@code initialMs} again. */
    void recordSuccess() {
        failures = 0;
    }

    /** Whether a connection attempt is allowed at {@code nowNanos}. */
    boolean canAttempt(long nowNanos) {
        return failures == 0 || nowNanos - nextAttemptNanos >= 0;
    }

    /** Nanoseconds from {@code nowNanos} until an attempt is allowed; 0 when it already is. */
    long remainingNanos(long nowNanos) {
        return canAttempt(nowNanos) ? 0 : nextAttemptNanos - nowNanos;
    }

    int failures() {
        return failures;
    }
}
