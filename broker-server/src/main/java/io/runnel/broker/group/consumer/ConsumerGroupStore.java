package io.runnel.broker.group.consumer;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * Where consumer-protocol groups' state survives a restart. A write's future completes once the record is durable,
 * on any thread; writes for one group complete in the order they were made.
 */
public interface ConsumerGroupStore {

    /** Persists a consumer-protocol group's state, replacing what was stored for that group id. */
    CompletableFuture<Void> storeConsumerGroup(StoredConsumerGroup group);

    /** Every stored consumer-protocol group, read once when the coordinator starts. */
    Collection<StoredConsumerGroup> loadConsumerGroups();
}
