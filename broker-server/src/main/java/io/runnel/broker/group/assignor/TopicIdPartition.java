package io.runnel.broker.group.assignor;

import java.util.Objects;
import java.util.UUID;

/**
 * One partition of a topic named by its topic id, the way the KIP-848 protocol names partitions. Ordered by topic id,
 * then partition number, so that sorted collections of them iterate deterministically.
 */
public record TopicIdPartition(UUID topicId, int partition) implements Comparable<TopicIdPartition> {

    public TopicIdPartition {
        Objects.requireNonNull(topicId, "topicId");
        if (partition < 0) {
            throw new IllegalArgumentException("Partition number must not be negative: " + partition + " of topic " + topicId);
        }
    }

    @Override
    public int compareTo(TopicIdPartition other) {
        int byTopic = topicId.compareTo(other.topicId);
        return byTopic != 0 ? byTopic : Integer.compare(partition, other.partition);
    }

    @Override
    public String toString() {
        return topicId + "-" + partition;
    }
}
