package io.runnel.client.internal.metadata;

import java.util.List;
import java.util.UUID;

/**
 * One topic as Metadata described it.
 *
 * @param name       the topic's name
 * @param id         its id, the zero UUID when the broker did not say (Metadata before v10)
 * @param internal   whether it is one of the cluster's own topics ({@code __consumer_offsets}, ...)
 * @param partitions its partitions, element {@code i} being partition {@code i}
 */
public record TopicMetadata(String name, UUID id, boolean internal, List<PartitionMetadata> partitions) {
    /** @throws IllegalArgumentException when partition {@code i} is not at position {@code i} */
    public TopicMetadata {
        partitions = List.copyOf(partitions);
        for (int i = 0; i < partitions.size(); i++) {
            if (partitions.get(i).partition() != i) {
                throw new IllegalArgumentException("topic " + name + " has partition "
                        + partitions.get(i).partition() + " at position " + i + "; partitions must be 0.."
                        + (partitions.size() - 1));
            }
        }
    }

    /** Partition {@code index}, or null when the topic has no such partition. */
    public PartitionMetadata partition(int index) {
        return index >= 0 && index < partitions.size() ? partitions.get(index) : null;
    }
}
