package io.runnel.client.internal.consumer;

import io.runnel.client.TopicPartition;

import java.util.List;

/**
 * What a classic-protocol member tells the group leader in its JoinGroup metadata (Kafka's
 * ConsumerProtocolSubscription): the topics it subscribes to, opaque assignor user data, the partitions it owns
 * (v1+, empty for an eager member, which gave everything up before joining), its generation (v2+, -1 unknown) and
 * its rack (v3+).
 */
record ClassicSubscription(List<String> topics, byte[] userData, List<TopicPartition> ownedPartitions,
                           int generationId, String rackId) {
    ClassicSubscription {
        topics = List.copyOf(topics);
        ownedPartitions = List.copyOf(ownedPartitions);
    }

    /** An eager member's subscription: topics only. */
    static ClassicSubscription of(List<String> topics) {
        return new ClassicSubscription(topics, null, List.of(), -1, null);
    }
}
