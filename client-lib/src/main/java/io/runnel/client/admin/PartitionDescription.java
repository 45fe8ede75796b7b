package io.runnel.client.admin;

import java.util.List;

/**
 * One partition of a described topic.
 *
 * @param partition      the partition's index
 * @param leader         the leader's node id, -1 when it has none
 * @param replicas       the replicas' node ids
 * @param isr            the in-sync replicas' node ids
 * @param earliestOffset the first offset still in the log (the log start offset)
 * @param latestOffset   the offset the next record will get (the high watermark)
 */
public record PartitionDescription(int partition, int leader, List<Integer> replicas, List<Integer> isr,
                                   long earliestOffset, long latestOffset) {
    /** Copies the node lists. */
    public PartitionDescription {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
    }

    /** Records currently in the partition: {@code latestOffset - earliestOffset}. */
    public long recordCount() {
        return latestOffset - earliestOffset;
    }
}
