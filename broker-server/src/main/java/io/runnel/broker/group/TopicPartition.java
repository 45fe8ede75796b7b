package io.runnel.broker.group;

/** A partition of a topic, as committed offsets are keyed. */
public record TopicPartition(String topic, int partition) {

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
