package io.runnel.client.internal.metadata;

import java.util.List;

/**
 * One partition as Metadata described it.
 *
 * @param partition   the partition's index
 * @param leader      the leader's node id, -1 when there is none (an election or an offline partition)
 * @param leaderEpoch the leader's epoch, -1 when the broker did not say (Metadata before v7)
 * @param replicas    the replicas' node ids
 * @param isr         the in-sync replicas' node ids
 */
public record PartitionMetadata(int partition, int leader, int leaderEpoch, List<Integer> replicas,
                                List<Integer> isr) {
    /** Copies the node lists. */
    public PartitionMetadata {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
    }
}
