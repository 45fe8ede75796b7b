package io.runnel.client;

import java.util.Map;

/**
 * Told how an asynchronous commit ({@link RunnelConsumer#commitAsync(OffsetCommitCallback)}) ended. Runs on the
 * thread that polls, inside a later {@link RunnelConsumer#poll}, {@code commitSync} or {@code close}, so it may
 * use the consumer.
 */
@FunctionalInterface
public interface OffsetCommitCallback {
    /**
     * @param offsets the offsets that were committed (or attempted): per partition, the offset of the next record
     *                to read
     * @param error   null on success; otherwise why the commit failed (a {@link RunnelException} subclass, e.g.
     *                {@link CommitFailedException} when the partitions belong to another member now)
     */
    void onComplete(Map<TopicPartition, Long> offsets, Throwable error);
}
