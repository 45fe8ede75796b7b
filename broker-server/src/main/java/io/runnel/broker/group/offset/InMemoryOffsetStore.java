package io.runnel.broker.group.offset;

import io.runnel.broker.topic.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An {@link OffsetStore} in memory: nothing survives the process, but a new coordinator built on the same instance
 * loads what the previous one stored, as after a restart.
 */
public final class InMemoryOffsetStore implements OffsetStore {
    private final Map<String, Map<TopicPartition, CommittedOffset>> offsets = new ConcurrentHashMap<>();
    private final Map<Long, Map<String, Map<TopicPartition, CommittedOffset>>> pending = new ConcurrentHashMap<>();

    @Override
    public CompletableFuture<Void> storeOffsets(String groupId, Map<TopicPartition, CommittedOffset> commits) {
        offsets.computeIfAbsent(groupId, g -> new ConcurrentHashMap<>()).putAll(commits);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> deleteOffsets(String groupId, Collection<TopicPartition> partitions) {
        offsets.computeIfPresent(groupId, (g, map) -> {
            partitions.forEach(map::remove);
            return map.isEmpty() ? null : map;
        });
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> storeTransactionalOffsets(String groupId, long producerId, short producerEpoch,
                                                             Map<TopicPartition, CommittedOffset> commits) {
        pending.computeIfAbsent(producerId, p -> new ConcurrentHashMap<>())
                .computeIfAbsent(groupId, g -> new ConcurrentHashMap<>()).putAll(commits);
        return CompletableFuture.completedFuture(null);
    }

    /** One partition holds every group here, so a marker ends the producer's commits of every group. */
    @Override
    public CompletableFuture<Void> writeTransactionMarker(int partition, long producerId, short producerEpoch,
                                                          boolean commit) {
        Map<String, Map<TopicPartition, CommittedOffset>> ended = pending.remove(producerId);
        if (commit && ended != null) {
            ended.forEach(this::storeOffsets);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Map<Long, Map<String, Map<TopicPartition, CommittedOffset>>> loadPendingTransactionalOffsets() {
        Map<Long, Map<String, Map<TopicPartition, CommittedOffset>>> copy = new HashMap<>();
        pending.forEach((producer, groups) -> {
            Map<String, Map<TopicPartition, CommittedOffset>> byGroup = new HashMap<>();
            groups.forEach((group, map) -> byGroup.put(group, new HashMap<>(map)));
            copy.put(producer, byGroup);
        });
        return copy;
    }

    @Override
    public int partitionOf(String groupId) {
        return 0;
    }

    @Override
    public Map<String, Map<TopicPartition, CommittedOffset>> loadOffsets() {
        Map<String, Map<TopicPartition, CommittedOffset>> copy = new HashMap<>();
        offsets.forEach((group, map) -> copy.put(group, new HashMap<>(map)));
        return copy;
    }
}
