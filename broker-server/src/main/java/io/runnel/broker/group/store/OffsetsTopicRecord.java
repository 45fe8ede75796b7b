package io.runnel.broker.group.store;

import io.runnel.broker.group.classic.StoredGroup;
import io.runnel.broker.group.consumer.StoredConsumerGroup;
import io.runnel.broker.group.offset.CommittedOffset;
import io.runnel.broker.topic.TopicPartition;

/**
 * One record of {@code __consumer_offsets}, decoded: a group's committed offset for a partition, or the group's
 * metadata (one key per group id, whichever protocol it speaks), or the tombstone of either.
 */
public sealed interface OffsetsTopicRecord {

    /** The group the record belongs to; it decides the partition. */
    String groupId();

    /** A committed offset; {@code offset} is null for the tombstone that deletes it. */
    record CommittedOffsetRecord(String groupId, TopicPartition partition, CommittedOffset offset)
            implements OffsetsTopicRecord {
    }

    /** A classic group's metadata. */
    record ClassicGroupRecord(String groupId, StoredGroup group) implements OffsetsTopicRecord {
    }

    /** A consumer-protocol group's state. */
    record ConsumerGroupRecord(String groupId, StoredConsumerGroup group) implements OffsetsTopicRecord {
    }

    /** The tombstone of a group's metadata, of either protocol. */
    record GroupTombstone(String groupId) implements OffsetsTopicRecord {
    }
}
