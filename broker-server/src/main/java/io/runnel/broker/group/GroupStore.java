package io.runnel.broker.group;

import io.runnel.broker.group.classic.ClassicGroupStore;
import io.runnel.broker.group.consumer.ConsumerGroupStore;

import java.util.concurrent.CompletableFuture;

/**
 * Where the coordinator persists group metadata. A group id has one stored record, of either protocol: storing one
 * replaces whatever was stored for that group id. A write's future completes once the record is durable; it may
 * complete on any thread. Writes for one group complete in the order they were made. The durable implementation
 * writes to {@code __consumer_offsets} ({@code group.store.OffsetsTopicStore}); {@link InMemoryGroupStore} keeps
 * them in memory.
 */
public interface GroupStore extends ClassicGroupStore, ConsumerGroupStore {

    /** Forgets a group's metadata (the group was deleted or became unused). */
    CompletableFuture<Void> deleteGroup(String groupId);
}
