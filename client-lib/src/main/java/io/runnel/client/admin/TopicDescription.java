package io.runnel.client.admin;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A topic as {@link io.runnel.client.RunnelAdmin#describeTopic} found it.
 *
 * @param name       the topic's name
 * @param id         the topic's id
 * @param internal   whether it is one of the cluster's own topics
 * @param partitions its partitions in index order, each with its earliest and latest offsets
 * @param configs    every config of the topic (explicit and default) by name; a sensitive value is null
 */
public record TopicDescription(String name, UUID id, boolean internal, List<PartitionDescription> partitions,
                               Map<String, String> configs) {
    /** Copies the partitions and configs (configs sorted by name). */
    public TopicDescription {
        partitions = List.copyOf(partitions);
        configs = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(configs));
    }
}
