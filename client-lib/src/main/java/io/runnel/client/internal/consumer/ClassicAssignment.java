package io.runnel.client.internal.consumer;

import io.runnel.client.TopicPartition;

import java.util.List;

/**
 * One member's part of a classic group's assignment as the leader sends it in SyncGroup (Kafka's
 * ConsumerProtocolAssignment): its partitions and opaque assignor user data.
 */
record ClassicAssignment(List<TopicPartition> partitions, byte[] userData) {
    ClassicAssignment {
        partitions = List.copyOf(partitions);
    }
}
