package io.runnel.broker.group;

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
    private final Map<String, StoredGroup> groups = new ConcurrentHashMap<>();

    @Override
    public CompletableFuture<Void> storeGroup(StoredGroup group) {
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
        return new ArrayList<>(groups.values());
    }

    /** The stored metadata of one group, null when none. */
    public StoredGroup storedGroup(String groupId) {
        return groups.get(groupId);
    }
}
