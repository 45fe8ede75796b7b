package io.runnel.broker.topic;

import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What the broker knows about a topic: its name, its id (a random UUID fixed at creation, stable across restarts;
 * Fetch v13+ names topics by it), its partition count and its config overrides (Kafka topic-level keys).
 */
public record TopicInfo(String name, UUID id, int partitionCount, Map<String, String> configs) {
    public TopicInfo {
        TopicNames.validate(name);
        if (id == null || id.equals(new UUID(0, 0))) {
            throw new IllegalArgumentException("topic " + name + " needs a non-zero id");
        }
        if (partitionCount < 1) {
            throw new IllegalArgumentException("topic " + name + " needs at least one partition, not "
                    + partitionCount);
        }
        configs = Map.copyOf(new TreeMap<>(configs));
    }

    /** A new topic with a fresh random id. */
    public static TopicInfo newTopic(String name, int partitionCount, Map<String, String> configs) {
        UUID id;
        do {
            id = UUID.randomUUID();
        } while (id.getMostSignificantBits() == 0 && id.getLeastSignificantBits() < 100);
        return new TopicInfo(name, id, partitionCount, configs);
    }

    public TopicInfo withPartitionCount(int count) {
        return new TopicInfo(name, id, count, configs);
    }

    public TopicInfo withConfigs(Map<String, String> newConfigs) {
        return new TopicInfo(name, id, partitionCount, newConfigs);
    }

    public TopicPartition partition(int p) {
        return new TopicPartition(name, p);
    }
}
