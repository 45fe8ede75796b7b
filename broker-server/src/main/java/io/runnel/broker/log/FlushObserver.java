package io.runnel.broker.log;

/**
 * Told of every flush (fsync round) of a log, on the flusher thread that did it, right after it: metrics count
 * fsync latency and group-commit size through this. Must be quick and must not block or throw.
 */
@FunctionalInterface
public interface FlushObserver {
    /** Observes nothing. */
    FlushObserver NONE = (nanos, records) -> { };

    /** A flush took {@code nanos} and made {@code records} more records durable (0 when there was nothing new). */
    void flushed(long nanos, long records);
}
