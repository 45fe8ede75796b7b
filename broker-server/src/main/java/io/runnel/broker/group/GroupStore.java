package io.runnel.broker.group;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * Where the coordinator persists group metadata. A group id has one stored record, of either protocol: storing one
 * replaces whatever was stored for that group id. A write's future completes once the record is durable; it may
 * complete on any thread. Writes for one group complete in the order they were made. The durable implementation
 * writes to {@code __consumer_offsets} ({@link io.runnel.broker.group.store.OffsetsTopicStore}); {@link
 * InMemoryGroupStore} keeps them in memory.
 */
public interface GroupStore {

    /** Persists a classic group's metadata, replacing what was stored for that group. */
    CompletableFuture<Void> storeGroup(StoredGroup group);

    /** Persists a consumer-protocol group's state, replacing what was stored for that group. */
    CompletableFuture<Void> storeConsumerGroup(StoredConsumerGroup group);

    /** Forgets a group's metadata (the group was deleted or became unused). */
    CompletableFuture<Void> deleteGroup(String groupId);

    /** Every stored classic group, read once when the coordinator starts. */
    Collection<StoredGroup> loadGroups();

    /** Every stored consumer-protocol group, read once when the coordinator starts. */
    Collection<StoredConsumerGroup> loadConsumerGroups();
}
