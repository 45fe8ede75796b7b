package io.runnel.client.admin;

import io.runnel.client.TopicPartition;

/**
 * How far a group is behind on one partition.
 *
 * @param partition       the partition
 * @param committedOffset the group's committed offset (the next record it will read)
 * @param endOffset       the partition's latest offset (its high watermark)
 * @param lag             {@code endOffset - committedOffset}, at least 0
 */
public record PartitionLag(TopicPartition partition, long committedOffset, long endOffset, long lag) {
}
