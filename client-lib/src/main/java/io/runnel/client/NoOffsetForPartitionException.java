package io.runnel.client;

import java.util.Set;

/**
 * Thrown by {@link RunnelConsumer#poll} under {@link OffsetReset#NONE} when assigned partitions have no committed
 * offset and the application did not seek: the consumer will not guess where to start.
 */
public final class NoOffsetForPartitionException extends RunnelException {
    private final Set<TopicPartition> partitions;

    public NoOffsetForPartitionException(Set<TopicPartition> partitions) {
        super("no committed offset for " + partitions + " and autoOffsetReset is NONE: seek before polling");
        this.partitions = Set.copyOf(partitions);
    }

    /** The partitions without a starting offset. */
    public Set<TopicPartition> partitions() {
        return partitions;
    }
}
