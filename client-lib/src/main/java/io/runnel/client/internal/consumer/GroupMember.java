package io.runnel.client.internal.consumer;

import io.runnel.client.RunnelException;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The consumer's membership in its group, whichever protocol runs it. Its state lives on the client's event loop;
 * the methods here may be called from the polling thread, which they never block for I/O.
 */
interface GroupMember extends AutoCloseable {
    /** Starts or changes the subscription (topic names; a pattern is resolved by the caller). */
    void subscribe(Set<String> topics);

    /** The next rebalance step for the polling thread, or null when there is none. */
    PartitionChange pendingChange();

    /** The polling thread carried out {@code change}. */
    void changeDone(PartitionChange change);

    /** The application polled: the poll timer starts again, and a member that left for being too slow rejoins. */
    void polled();

    /** The member id and generation/epoch to commit with. */
    GroupGeneration generation();

    /** The error that ended the membership for good, or null. */
    RunnelException fatalError();

    /**
     * Leaves the group (the polling thread has already revoked the partitions). Completes when the coordinator
     * answered, the request failed, or the member was never in the group.
     */
    CompletableFuture<Void> leave();

    /** Stops the membership's timers without leaving (for a consumer that must not say goodbye). */
    @Override
    void close();
}
