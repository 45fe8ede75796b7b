package io.runnel.broker.txn;

import io.runnel.broker.topic.TopicPartition;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * Writes the end of a transaction into the partitions it wrote to: a COMMIT or ABORT control batch of the
 * producer's id and epoch in each, and, in a {@code __consumer_offsets} partition, the group coordinator's
 * completion of the offsets the transaction committed there.
 *
 * <p>Thread rule: called on the transaction coordinator's thread; it may append to logs there (page-cache writes)
 * but not wait on an fsync: the future completes, on any thread, once every marker is durable. A partition that no
 * longer exists (its topic was deleted) is skipped.
 */
@FunctionalInterface
public interface TransactionMarkerWriter {

    CompletableFuture<Void> write(long producerId, short producerEpoch, boolean commit,
                                  Collection<TopicPartition> partitions);
}
