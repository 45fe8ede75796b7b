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

    /**
     * Persists offsets a transaction of {@code producerId} commits for a group: they take effect only when a COMMIT
     * marker of that producer follows them ({@link #writeTransactionMarker}).
     */
    default CompletableFuture<Void> storeTransactionalOffsets(String groupId, long producerId, short producerEpoch,
                                                              Map<TopicPartition, CommittedOffset> offsets) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(
                "this offset store keeps no transactional offsets (group " + groupId + ")"));
    }

    /** Persists the end of {@code producerId}'s transaction in store partition {@code partition}. */
    default CompletableFuture<Void> writeTransactionMarker(int partition, long producerId, short producerEpoch,
                                                           boolean commit) {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * The transactional commits whose transaction has no marker yet, by producer id and group, read once when the
     * coordinator starts (after {@link #loadOffsets}); the transaction coordinator ends those transactions.
     */
    default Map<Long, Map<String, Map<TopicPartition, CommittedOffset>>> loadPendingTransactionalOffsets() {
        return Map.of();
    }

    /** The store partition that holds a group's records: its markers go there. */
    default int partitionOf(String groupId) {
        return 0;
    }
}
