package io.runnel.broker.group.offset;

import io.runnel.broker.topic.TopicPartition;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Where the coordinator persists committed offsets. An OffsetCommit is acknowledged only after the future of its
 * write completes (it may complete on any thread); writes complete in the order they were made. The durable
 * implementation writes to {@code __consumer_offsets}; {@link InMemoryOffsetStore} keeps them in memory.
 */
public interface OffsetStore {

    /** Persists commits of one group, each replacing what was stored for its partition. */
    CompletableFuture<Void> storeOffsets(String groupId, Map<TopicPartition, CommittedOffset> offsets);

    /** Forgets the committed offsets of the given partitions of a group. */
    CompletableFuture<Void> deleteOffsets(String groupId, Collection<TopicPartition> partitions);

    /** Every stored offset by group, read once when the coordinator starts. */
    Map<String, Map<TopicPartition, CommittedOffset>> loadOffsets();
}
