package io.runnel.client;

/** Stand-in for client-core's TopicPartition until CORE-READY is merged. */
public record TopicPartition(String topic, int partition) {
}
