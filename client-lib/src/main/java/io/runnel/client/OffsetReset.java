package io.runnel.client;

/**
 * Where a consumer starts reading a partition that has no committed offset, or whose position fell outside the
 * log (Kafka's {@code auto.offset.reset}).
 */
public enum OffsetReset {
    /** From the oldest record the partition still holds. */
    EARLIEST,
    /** From the end: only records produced after the consumer got the partition. The default, as in Kafka. */
    LATEST,
    /**
     * Never guess: {@link RunnelConsumer#poll} throws {@link NoOffsetForPartitionException} for a partition with
     * no committed offset and {@link OffsetOutOfRangeException} for a position outside the log, until the
     * application seeks.
     */
    NONE
}
