package io.runnel.broker.metrics;

import io.runnel.broker.topic.TopicPartition;

/**
 * How far a group is behind on one partition.
 *
 * @param partition  the partition
 * @param committed  the group's committed offset, or -1 when it has none
 * @param logStart   the partition's log start offset
 * @param logEnd     the partition's log end offset
 * @param lag        records between the committed offset and the log end (from the log start without a commit)
 * @param lagMillis  age of the oldest unconsumed record in milliseconds; 0 without lag, -1 when unknown
 * @param owner      the member that owns the partition, or null
 */
public record PartitionLag(TopicPartition partition, long committed, long logStart, long logEnd, long lag,
                           long lagMillis, String owner) {
}
