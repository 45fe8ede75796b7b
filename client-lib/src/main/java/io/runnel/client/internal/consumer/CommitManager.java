package io.runnel.client.internal.consumer;

import io.runnel.client.ApiErrorException;
import io.runnel.client.OffsetCommitCallback;
import io.runnel.client.RunnelException;
import io.runnel.client.RunnelTimeoutException;
import io.runnel.client.TopicPartition;
import io.runnel.client.internal.metadata.MetadataManager;
import io.runnel.client.internal.net.ClientNetwork;
import io.runnel.protocol.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Commits offsets for the polling thread: synchronously (retrying retriable errors until the timeout),
 * asynchronously (the callback runs on the polling thread during a later consumer call), automatically every
 * auto-commit interval, and reads committed offsets. Commits carry the member's current generation or epoch, so
 * a member that lost its partitions gets {@code CommitFailedException}. Polling thread only, except where noted.
 */
final class CommitManager {
    private static final Logger LOG = LoggerFactory.getLogger(CommitManager.class);

    private record Completed(OffsetCommitCallback callback, Map<TopicPartition, Long> offsets, Throwable error) {
    }

    private final ClientNetwork network;
    private final OffsetClient client;
    private final CoordinatorLookup lookup;
    private final Supplier<GroupGeneration> generation;
    private final BlockingWait waits;
    private final LongSupplier clock;
    private final long retryBackoffMs;
    private final long autoCommitIntervalMs;
    private final ConcurrentLinkedQueue<Completed> completed = new ConcurrentLinkedQueue<>();
    private final String groupId;
    private volatile int coordinator = -1;
    private long nextAutoCommit;

    CommitManager(ClientNetwork network, MetadataManager metadata, String groupId,
                  Supplier<GroupGeneration> generation, BlockingWait waits,
                  LongSupplier clock, long retryBackoffMs, long autoCommitIntervalMs) {
        this.network = network;
        this.groupId = groupId;
        this.client = new OffsetClient(network, groupId);
        this.lookup = new CoordinatorLookup(network, metadata, groupId, clock, retryBackoffMs);
        this.generation = generation;
        this.waits = waits;
        this.clock = clock;
        this.retryBackoffMs = retryBackoffMs;
        this.autoCommitIntervalMs = autoCommitIntervalMs;
        this.nextAutoCommit = clock.getAsLong() + autoCommitIntervalMs;
    }

    /** The group coordinator's node, looked up on the event loop when not known. Any thread. */
    private CompletableFuture<Integer> coordinator() {
        int known = coordinator;
        if (known >= 0) {
            return CompletableFuture.completedFuture(known);
        }
        CompletableFuture<Integer> found = new CompletableFuture<>();
        network.eventLoop().execute(() -> lookup.find().whenComplete((node, error) -> {
            if (error != null) {
                found.completeExceptionally(error);
            } else {
                coordinator = node;
                found.complete(node);
            }
        }));
        return found;
    }

    private CompletableFuture<Void> commitOnce(Map<TopicPartition, Long> offsets) {
        GroupGeneration member = generation.get();
        return coordinator().thenCompose(node -> client.commit(node, offsets, member));
    }

    /**
     * Commits and waits; retriable errors (coordinator moved or loading, timeouts, a stale epoch while the member
     * moves on) are retried until {@code deadlineMs}.
     */
    void commitSync(Map<TopicPartition, Long> offsets, long deadlineMs) {
        runCallbacks();
        if (offsets.isEmpty()) {
            return;
        }
        while (true) {
            try {
                waits.await(commitOnce(offsets), deadlineMs, "commit of " + offsets.keySet() + " in group "
                        + groupId);
                return;
            } catch (RunnelTimeoutException e) {
                throw e;
            } catch (RunnelException e) {
                if (!retriable(e) || clock.getAsLong() >= deadlineMs) {
                    throw e;
                }
                coordinator = -1;
                waits.pause(Math.min(deadlineMs, clock.getAsLong() + retryBackoffMs));
            }
        }
    }

    private static boolean retriable(RunnelException e) {
        if (e instanceof ApiErrorException api && api.errorCode() == ErrorCode.STALE_MEMBER_EPOCH) {
            return true;
        }
        return e.isRetriable();
    }

    /** Commits without waiting; {@code callback} (may be null) runs in a later call on the polling thread. */
    void commitAsync(Map<TopicPartition, Long> offsets, OffsetCommitCallback callback) {
        if (offsets.isEmpty()) {
            if (callback != null) {
                completed.add(new Completed(callback, offsets, null));
            }
            return;
        }
        commitOnce(offsets).whenComplete((v, error) -> {
            if (error != null) {
                coordinator = -1;
            }
            Throwable cause = error == null ? null : BlockingWait.unwrap(error, "commit");
            if (callback != null) {
                completed.add(new Completed(callback, offsets, cause));
            } else if (cause != null) {
                LOG.warn("group {}: asynchronous commit of {} failed: {}", groupId, offsets.keySet(),
                        cause.getMessage());
            }
        });
    }

    /** Runs the callbacks of finished asynchronous commits. */
    void runCallbacks() {
        Completed done;
        while ((done = completed.poll()) != null) {
            done.callback().onComplete(done.offsets(), done.error());
        }
    }

    /** Commits {@code positions} asynchronously when the auto-commit interval has passed. */
    void maybeAutoCommit(Supplier<Map<TopicPartition, Long>> positions) {
        long now = clock.getAsLong();
        if (now >= nextAutoCommit) {
            nextAutoCommit = now + autoCommitIntervalMs;
            commitAsync(positions.get(), null);
        }
    }

    /** The committed offsets of {@code partitions} (absent: none committed). */
    Map<TopicPartition, Long> committed(Collection<TopicPartition> partitions, long deadlineMs) {
        Map<TopicPartition, Long> all = waits.await(coordinator().thenCompose(node ->
                client.committed(node, partitions)), deadlineMs, "committed offsets of " + partitions);
        all.values().removeIf(offset -> offset < 0);
        return all;
    }
}
