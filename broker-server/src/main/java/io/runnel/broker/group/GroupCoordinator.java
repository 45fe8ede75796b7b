package io.runnel.broker.group;

import io.runnel.broker.topic.TopicPartition;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ConsumerGroupDescribeRequest;
import io.runnel.protocol.message.ConsumerGroupDescribeResponse;
import io.runnel.protocol.message.ConsumerGroupHeartbeatRequest;
import io.runnel.protocol.message.ConsumerGroupHeartbeatResponse;
import io.runnel.protocol.message.DeleteGroupsRequest;
import io.runnel.protocol.message.DeleteGroupsResponse;
import io.runnel.protocol.message.DescribeGroupsRequest;
import io.runnel.protocol.message.DescribeGroupsResponse;
import io.runnel.protocol.message.FindCoordinatorRequest;
import io.runnel.protocol.message.FindCoordinatorResponse;
import io.runnel.protocol.message.HeartbeatRequest;
import io.runnel.protocol.message.HeartbeatResponse;
import io.runnel.protocol.message.JoinGroupRequest;
import io.runnel.protocol.message.JoinGroupResponse;
import io.runnel.protocol.message.LeaveGroupRequest;
import io.runnel.protocol.message.LeaveGroupResponse;
import io.runnel.protocol.message.ListGroupsRequest;
import io.runnel.protocol.message.ListGroupsResponse;
import io.runnel.protocol.message.OffsetCommitRequest;
import io.runnel.protocol.message.OffsetCommitResponse;
import io.runnel.protocol.message.OffsetDeleteRequest;
import io.runnel.protocol.message.OffsetDeleteResponse;
import io.runnel.protocol.message.OffsetFetchRequest;
import io.runnel.protocol.message.OffsetFetchResponse;
import io.runnel.protocol.message.SyncGroupRequest;
import io.runnel.protocol.message.SyncGroupResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The group coordinator: owns every group's state and committed offsets. Every state change runs on one
 * coordinator thread, so a group's events happen one at a time and in arrival order. Each request method returns
 * at once with a future of the response; JoinGroup and SyncGroup stay parked until the rebalance decides, and
 * OffsetCommit until the commit is stored. Futures complete on the coordinator thread: callers must not block in
 * their callbacks. A failed future carries a {@link GroupException} (e.g. COORDINATOR_NOT_AVAILABLE after
 * {@link #close()}) or an unexpected fault (answer UNKNOWN_SERVER_ERROR; see {@link GroupException#errorOf}).
 *
 * <p>The classic protocol is served by {@link ClassicJoinHandler}, {@link ClassicMembershipHandler} and
 * {@link ClassicRebalancer}; the KIP-848 consumer protocol by {@link ConsumerProtocolHandler}; offsets by {@link
 * OffsetManager}; admin requests by {@link GroupAdminHandler}. Both kinds of group share one map ({@link
 * GroupRegistry}), which keeps one protocol per group id.
 */
public final class GroupCoordinator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCoordinator.class);
    private static final CoordinatorTimers.Key RETENTION = new CoordinatorTimers.Key("retention", "", "");

    private final ScheduledThreadPoolExecutor thread;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CoordinatorContext ctx;
    private final ClassicRebalancer rebalancer;
    private final ClassicJoinHandler joins;
    private final ClassicMembershipHandler membership;
    private final ConsumerProtocolHandler consumerGroups;
    private final OffsetManager offsets;
    private final OffsetFetchHandler offsetFetches;
    private final GroupAdminHandler admin;
    private final Set<CompletableFuture<?>> pendingWrites = ConcurrentHashMap.newKeySet();

    /** A coordinator on the system clock. */
    public GroupCoordinator(GroupConfig config, GroupStore groupStore, OffsetStore offsetStore,
                            TopicMetadataSource topics) {
        this(config, groupStore, offsetStore, topics, null);
    }

    /**
     * A coordinator on the given timer (tests drive time with it); null for the system clock. Loads every stored
     * group and offset before it returns.
     */
    public GroupCoordinator(GroupConfig config, GroupStore groupStore, OffsetStore offsetStore,
                            TopicMetadataSource topics, GroupTimer timer) {
        this.thread = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread t = new Thread(runnable, "runnel-group-coordinator");
            t.setDaemon(true);
            return t;
        });
        thread.setRemoveOnCancelPolicy(true);
        GroupTimer effectiveTimer = timer != null ? timer : new SystemGroupTimer(thread);
        CoordinatorTimers timers = new CoordinatorTimers(effectiveTimer, this::execute);
        this.ctx = new CoordinatorContext(config, timers, new GroupRegistry(), new CoordinatorTopics(topics),
                groupStore, offsetStore, this::execute, pendingWrites);
        this.rebalancer = new ClassicRebalancer(ctx);
        this.joins = new ClassicJoinHandler(ctx, rebalancer);
        this.membership = new ClassicMembershipHandler(ctx, rebalancer);
        this.consumerGroups = new ConsumerProtocolHandler(ctx);
        this.offsets = new OffsetManager(ctx);
        this.offsetFetches = new OffsetFetchHandler(ctx, offsets);
        this.admin = new GroupAdminHandler(ctx, rebalancer, consumerGroups, offsets);
        try {
            call(() -> {
                load();
                return null;
            }).join();
        } catch (CompletionException e) {
            close();
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    // ---- consumer protocol (KIP-848) ----

    public CompletableFuture<ConsumerGroupHeartbeatResponse> consumerGroupHeartbeat(
            GroupRequestContext client, ConsumerGroupHeartbeatRequest request) {
        return submit(out -> consumerGroups.heartbeat(client, request, out));
    }

    public CompletableFuture<ConsumerGroupDescribeResponse> consumerGroupDescribe(
            GroupRequestContext client, ConsumerGroupDescribeRequest request) {
        return submit(out -> out.complete(consumerGroups.describe(request)));
    }

    /**
     * Tells the coordinator that topics were created, deleted or grew: it reads the {@link TopicMetadataSource}
     * again (on its thread, after everything queued before) and every consumer-protocol group whose subscribed
     * topics changed rebalances. Safe from any thread; does nothing once closed.
     */
    public void topicsChanged() {
        if (!closed.get()) {
            execute(() -> {
                TopicMetadataImage before = ctx.topics().current();
                if (ctx.topics().refresh()) {
                    offsets.deleteTopics(deletedTopics(before, ctx.topics().current()));
                    consumerGroups.topicsChanged();
                }
            });
        }
    }

    // ---- classic protocol ----

    public CompletableFuture<JoinGroupResponse> joinGroup(GroupRequestContext client, JoinGroupRequest request) {
        return submit(out -> joins.join(client, request, out));
    }

    public CompletableFuture<SyncGroupResponse> syncGroup(GroupRequestContext client, SyncGroupRequest request) {
        return submit(out -> membership.sync(client, request, out));
    }

    public CompletableFuture<HeartbeatResponse> heartbeat(GroupRequestContext client, HeartbeatRequest request) {
        return submit(out -> membership.heartbeat(client, request, out));
    }

    public CompletableFuture<LeaveGroupResponse> leaveGroup(GroupRequestContext client, LeaveGroupRequest request) {
        return submit(out -> membership.leave(client, request, out));
    }

    // ---- admin ----

    public CompletableFuture<DescribeGroupsResponse> describeGroups(GroupRequestContext client,
                                                                    DescribeGroupsRequest request) {
        return submit(out -> out.complete(admin.describe(request)));
    }

    public CompletableFuture<ListGroupsResponse> listGroups(GroupRequestContext client, ListGroupsRequest request) {
        return submit(out -> out.complete(admin.list(request, client.apiVersion())));
    }

    public CompletableFuture<DeleteGroupsResponse> deleteGroups(GroupRequestContext client,
                                                                DeleteGroupsRequest request) {
        return submit(out -> admin.delete(request, out));
    }

    /** FindCoordinator needs no group state: this broker coordinates every group. */
    public FindCoordinatorResponse findCoordinator(GroupRequestContext client, FindCoordinatorRequest request,
                                                   CoordinatorEndpoint self) {
        return FindCoordinatorHandler.find(client.apiVersion(), request, self);
    }

    // ---- offsets ----

    public CompletableFuture<OffsetCommitResponse> offsetCommit(GroupRequestContext client,
                                                                OffsetCommitRequest request) {
        return submit(out -> offsets.commit(client, request, out));
    }

    public CompletableFuture<OffsetFetchResponse> offsetFetch(GroupRequestContext client, OffsetFetchRequest request) {
        return submit(out -> out.complete(offsetFetches.fetch(client, request)));
    }

    public CompletableFuture<OffsetDeleteResponse> offsetDelete(GroupRequestContext client,
                                                                OffsetDeleteRequest request) {
        return submit(out -> offsets.delete(request, out));
    }

    /** Names of topics in {@code before} that are gone from {@code after} (or were recreated under a new id). */
    private static Set<String> deletedTopics(TopicMetadataImage before, TopicMetadataImage after) {
        Set<String> deleted = new HashSet<>();
        for (TopicMetadataImage.Topic topic : before.topics()) {
            if (after.byName(topic.name()).map(t -> !t.id().equals(topic.id())).orElse(true)) {
                deleted.add(topic.name());
            }
        }
        return deleted;
    }

    // ---- lifecycle ----

    /**
     * Stops the coordinator thread. Parked JoinGroup / SyncGroup requests are answered NOT_COORDINATOR (clients
     * look for the coordinator again); requests after this fail with COORDINATOR_NOT_AVAILABLE. Requests waiting
     * for a store write are answered once it completes (up to 10 s), so close the stores' logs only after this.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        execute(() -> {
            for (Group group : ctx.registry().all()) {
                if (group instanceof ClassicGroup classic) {
                    for (ClassicMember m : classic.members()) {
                        rebalancer.failParked(m, ErrorCode.NOT_COORDINATOR);
                    }
                }
            }
            ctx.timers().cancelAll();
        });
        awaitPendingWrites(TimeUnit.SECONDS.toNanos(10));
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("Group coordinator thread did not stop within 10 s; interrupting it");
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    // Writes complete on store threads and hand their answers back to the coordinator thread, which must still run.
    private void awaitPendingWrites(long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        try {
            while (true) {
                // Everything queued so far (including callbacks of completed writes, which may write again) runs.
                thread.submit(() -> { }).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (pendingWrites.isEmpty()) {
                    return;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warn("Group coordinator closing with {} store write(s) still pending", pendingWrites.size());
                    return;
                }
                try {
                    CompletableFuture.anyOf(pendingWrites.toArray(new CompletableFuture<?>[0]))
                            .get(left, TimeUnit.NANOSECONDS);
                } catch (ExecutionException e) {
                    // That write failed; its own callback answers the request.
                }
            }
        } catch (TimeoutException | ExecutionException | RejectedExecutionException e) {
            LOG.warn("Group coordinator closing with {} store write(s) still pending", pendingWrites.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- coordinator thread ----

    /** Runs {@code body} on the coordinator thread; the future completes when everything queued before it ran. */
    <T> CompletableFuture<T> call(Supplier<T> body) {
        return submit(out -> out.complete(body.get()));
    }

    /** The group map, for code running on the coordinator thread (inside {@link #call}). */
    GroupRegistry registry() {
        return ctx.registry();
    }

    private <T> CompletableFuture<T> submit(Consumer<CompletableFuture<T>> body) {
        CompletableFuture<T> out = new CompletableFuture<>();
        if (closed.get()) {
            out.completeExceptionally(closedException());
            return out;
        }
        try {
            thread.execute(() -> {
                try {
                    body.accept(out);
                } catch (Throwable e) {
                    // An Error too: the connection answers in request order, so an unanswered request stalls it.
                    LOG.error("Group coordinator failed a request", e);
                    out.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            out.completeExceptionally(closedException());
        }
        return out;
    }

    // Work that arrives from timers and store callbacks; after close() there is nobody left to do it.
    private void execute(Runnable task) {
        try {
            thread.execute(() -> {
                try {
                    task.run();
                } catch (Throwable e) {
                    LOG.error("Group coordinator task failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("Group coordinator closed; dropping a timer or store callback");
        }
    }

    private static GroupException closedException() {
        return new GroupException(ErrorCode.COORDINATOR_NOT_AVAILABLE, "the group coordinator is closed");
    }

    // ---- start-up and retention ----

    private void load() {
        int groups = 0;
        for (StoredGroup stored : ctx.groupStore().loadGroups()) {
            ClassicGroup group = ClassicGroup.restore(stored);
            ctx.registry().put(group);
            for (ClassicMember m : group.members()) {
                rebalancer.scheduleSession(group, m);
            }
            groups++;
        }
        Map<String, Map<TopicPartition, CommittedOffset>> stored = ctx.offsetStore().loadOffsets();
        offsets.load(stored);
        for (String groupId : offsets.groupsWithOffsets()) {
            ctx.registry().getOrCreateForSimpleCommit(groupId, ctx.nowMs());
        }
        Collection<StoredConsumerGroup> consumer = ctx.groupStore().loadConsumerGroups();
        consumerGroups.load(consumer);
        groups += consumer.size();
        LOG.info("Group coordinator loaded {} group(s) and the offsets of {} group(s)", groups, stored.size());
        scheduleRetention();
    }

    private void scheduleRetention() {
        ctx.timers().schedule(RETENTION, ctx.config().offsetsRetentionCheckIntervalMs(), () -> {
            cleanUpExpired();
            scheduleRetention();
        });
    }

    /** Deletes expired offsets, then groups left empty with no offsets. */
    void cleanUpExpired() {
        long now = ctx.nowMs();
        for (Group group : ctx.registry().all()) {
            offsets.expire(group, now).whenComplete((v, failure) -> {
                if (failure != null) {
                    LOG.warn("Could not delete expired offsets of group {}", group.groupId(), failure);
                } else if (ctx.registry().get(group.groupId()) == group && group.isEmpty()
                        && !(group instanceof ClassicGroup classic && !classic.pendingMembers().isEmpty())
                        && !offsets.hasOffsets(group.groupId())) {
                    admin.deleteGroup(group).whenComplete((w, deleteFailure) -> {
                        if (deleteFailure != null) {
                            LOG.warn("Could not delete empty group {}", group.groupId(), deleteFailure);
                        }
                    });
                }
            });
        }
    }
}
