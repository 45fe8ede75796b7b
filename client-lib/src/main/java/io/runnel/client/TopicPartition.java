package io.runnel.client;

import java.util.Objects;

/**
 * One partition of a topic: the unit producers write to, consumers are assigned and offsets are committed for.
 *
 * @param topic     the topic's name, never null
 * @param partition the partition's index within the topic, from 0
 */
public record TopicPartition(String topic, int partition) implements Comparable<TopicPartition> {
    /**
     * @throws NullPointerException     when {@code topic} is null
     * @throws IllegalArgumentException when {@code partition} is negative
     */
    public TopicPartition {
        Objects.requireNonNull(topic, "topic");
        if (partition < 0) {
            throw new IllegalArgumentException("partition of topic " + topic + " must be >= 0, not " + partition);
        }
    }

    /** Orders by topic name, then partition index. */
    @Override
    public int compareTo(TopicPartition other) {
        int byTopic = topic.compareTo(other.topic);
        return byTopic != 0 ? byTopic : Integer.compare(partition, other.partition);
    }

    /** {@code topic-partition}, as Kafka's tools print it. */
    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
