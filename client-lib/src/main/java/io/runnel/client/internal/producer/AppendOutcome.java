package io.runnel.client.internal.producer;

/** What {@link RecordAccumulator#append} did with a record. */
public enum AppendOutcome {
    /** Added to the open batch of its partition. */
    APPENDED,
    /** Started a new batch (the sender must plan its linger). */
    NEW_BATCH,
    /** Kept until the topic's partition count is known (the sender must fetch the topic's metadata). */
    PENDING_METADATA,
    /** The buffer memory stayed full for the whole {@code maxBlock}: nothing was added. */
    BUFFER_EXHAUSTED,
    /** The record names a partition the topic does not have: nothing was added. */
    INVALID_PARTITION,
    /** The partitioner returned a partition outside the topic's range: nothing was added. */
    PARTITIONER_OUT_OF_RANGE
}
