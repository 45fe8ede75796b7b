package io.runnel.broker.group;

import io.runnel.broker.group.classic.StoredGroup;
import io.runnel.broker.group.consumer.StoredConsumerGroup;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link GroupStore} in memory: nothing survives the process, but a new coordinator built on the same instance
 * loads what the previous one stored, as after a restart.
 */
public final class InMemoryGroupStore implements GroupStore {
    private final Map<String, Object> groups = new ConcurrentHashMap<>();

    @Override
    public CompletableFuture<Void> storeGroup(StoredGroup group) {
        groups.put(group.groupId(), group);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> storeConsumerGroup(StoredConsumerGroup group) {
        groups.put(group.groupId(), group);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> deleteGroup(String groupId) {
        groups.remove(groupId);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Collection<StoredGroup> loadGroups() {
        Collection<StoredGroup> classic = new ArrayList<>();
        for (Object stored : groups.values()) {
            if (stored instanceof StoredGroup group) {
                classic.add(group);
            }
        }
        return classic;
    }

    @Override
    public Collection<StoredConsumerGroup> loadConsumerGroups() {
        Collection<StoredConsumerGroup> consumer = new ArrayList<>();
        for (Object stored : groups.values()) {
            if (stored instanceof StoredConsumerGroup group) {
                consumer.add(group);
            }
        }
        return consumer;
    }

    /** The stored metadata of one classic group, null when none. */
    public StoredGroup storedGroup(String groupId) {
        return groups.get(groupId) instanceof StoredGroup group ? group : null;
    }

    /** The stored state of one consumer-protocol group, null when none. */
    public StoredConsumerGroup storedConsumerGroup(String groupId) {
        return groups.get(groupId) instanceof StoredConsumerGroup group ? group : null;
    }
}
