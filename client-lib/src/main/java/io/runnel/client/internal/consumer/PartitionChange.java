package io.runnel.client.internal.consumer;

import io.runnel.client.TopicPartition;

import java.util.List;

/**
 * One step of a rebalance that the polling thread carries out for a group state machine: give up
 * {@code revoked} (listener {@code onRevoked}, after an auto-commit), forget {@code lost} (listener
 * {@code onLost}, no commit: they may belong to someone else already), then take {@code assigned} (listener
 * {@code onAssigned}). The machine learns it is done through the {@code id} it handed out, so a step overtaken
 * by a fencing is recognised as stale.
 */
record PartitionChange(long id, List<TopicPartition> revoked, List<TopicPartition> lost,
                       List<TopicPartition> assigned) {
    PartitionChange {
        revoked = List.copyOf(revoked);
        lost = List.copyOf(lost);
        assigned = List.copyOf(assigned);
    }
}
