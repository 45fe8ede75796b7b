package io.runnel.client.internal.consumer;

/**
 * The wait before retrying a group request after consecutive failures: {@code base}, doubling per failure, at
 * most {@code max}. Reset by a success. Not thread-safe.
 */
final class RetryBackoff {
    private final long baseMs;
    private final long maxMs;
    private int failures;

    RetryBackoff(long baseMs, long maxMs) {
        this.baseMs = baseMs;
        this.maxMs = maxMs;
    }

    /** Counts a failure and returns how long to wait before the next try. */
    long failed() {
        failures++;
        return Math.min(maxMs, baseMs << Math.min(failures - 1, 20));
    }

    void succeeded() {
        failures = 0;
    }
}
