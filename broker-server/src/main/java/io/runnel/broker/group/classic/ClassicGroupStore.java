package io.runnel.broker.group.classic;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * Where classic groups' metadata survives a restart. A write's future completes once the record is durable, on any
 * thread; writes for one group complete in the order they were made.
 */
public interface ClassicGroupStore {

    /** Persists a classic group's metadata, replacing what was stored for that group id. */
    CompletableFuture<Void> storeGroup(StoredGroup group);

    /** Every stored classic group, read once when the coordinator starts. */
    Collection<StoredGroup> loadGroups();
}
