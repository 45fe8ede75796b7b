package io.runnel.client;

import java.util.Collection;

/**
 * Told when the consumer's group gives it partitions or takes them away. Every method runs on the thread that
 * calls {@link RunnelConsumer#poll} (or {@link RunnelConsumer#close}), inside that call, so it may use the consumer
 * (commit, seek, position) without synchronisation. For one rebalance, {@link #onRevoked} always runs before
 * {@link #onAssigned}.
 *
 * <p>At-least-once without duplicates after a rebalance: commit what was processed in {@link #onRevoked}, e.g.
 * {@code consumer.commitSync()}; the partition's next owner then starts right after the last processed record.
 * An exception thrown by a method is passed on to the caller of {@code poll} once the rebalance step is done.
 */
public interface RebalanceListener {
    /**
     * The consumer owns these partitions from now on (only the new ones in the consumer protocol, all of them in
     * the classic protocol). Called after they were added to {@link RunnelConsumer#assignment()} and before their
     * first records are returned; a {@link RunnelConsumer#seek} here decides where reading starts.
     */
    void onAssigned(Collection<TopicPartition> partitions);

    /**
     * The consumer is about to give up these partitions, which it still owns: no other member reads them until
     * this method returns. Commit processed offsets here. Also called by {@link RunnelConsumer#close()} and on
     * unsubscribe.
     */
    void onRevoked(Collection<TopicPartition> partitions);

    /**
     * The consumer lost these partitions without being asked (its membership was fenced or expired): another
     * member may already own them, so committing is pointless (it fails). By default calls {@link #onRevoked}.
     */
    default void onLost(Collection<TopicPartition> partitions) {
        onRevoked(partitions);
    }

    /** A listener that does nothing. */
    static RebalanceListener none() {
        return NoRebalanceListener.INSTANCE;
    }
}
