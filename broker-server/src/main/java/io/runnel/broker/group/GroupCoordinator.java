package io.runnel.broker.group;

import io.runnel.broker.coordinator.CoordinatorClock;
import io.runnel.broker.coordinator.CoordinatorRuntime;
import io.runnel.broker.coordinator.CoordinatorTimers;
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
    /** Names the coordinator's thread: {@code runnel-group-coordinator}. */
    public static final String THREAD_ROLE = "group-coordinator";

    private static final Logger LOG = LoggerFactory.getLogger(GroupCoordinator.class);
    private final CoordinatorRuntime runtime;
    private final CoordinatorContext ctx;
    private final ClassicRebalancer rebalancer;
    private final ClassicJoinHandler joins;
    private final ClassicMembershipHandler membership;
    private final ConsumerProtocolHandler consumerGroups;
    private final OffsetManager offsets;
    private final OffsetFetchHandler offsetFetches;
    private final GroupAdminHandler admin;

    /** A coordinator on the system clock. */
    public GroupCoordinator(GroupConfig config, GroupStore groupStore, OffsetStore offsetStore,
                            TopicMetadataSource topics) {
        this(config, groupStore, offsetStore, topics, null);
    }

    /**
     * A coordinator on the given clock (tests drive time with it); null for the system clock. Loads every stored
     * group and offset, on its thread, before it returns.
     */
    public GroupCoordinator(GroupConfig config, GroupStore groupStore, OffsetStore offsetStore,
                            TopicMetadataSource topics, CoordinatorClock clock) {
        this.runtime = new CoordinatorRuntime(THREAD_ROLE, clock, () -> new GroupException(
                ErrorCode.COORDINATOR_NOT_AVAILABLE, "the group coordinator is closed"));
        this.ctx = new CoordinatorContext(config, new CoordinatorTimers<>(runtime), new GroupRegistry(),
                new CoordinatorTopics(topics), groupStore, offsetStore, runtime);
        this.rebalancer = new ClassicRebalancer(ctx);
        this.joins = new ClassicJoinHandler(ctx, rebalancer);
        this.membership = new ClassicMembershipHandler(ctx, rebalancer);
        this.consumerGroups = new ConsumerProtocolHandler(ctx);
        this.offsets = new OffsetManager(ctx);
        this.offsetFetches = new OffsetFetchHandler(ctx, offsets);
        this.admin = new GroupAdminHandler(ctx, rebalancer, consumerGroups, offsets);
        runtime.load(this::load);
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
        if (!runtime.isClosed()) {
            runtime.execute(() -> {
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
        runtime.close(() -> {
            for (Group group : ctx.registry().all()) {
                if (group instanceof ClassicGroup classic) {
                    for (ClassicMember m : classic.members()) {
                        rebalancer.failParked(m, ErrorCode.NOT_COORDINATOR);
                    }
                }
            }
            ctx.timers().cancelAll();
        });
    }

    /** Runs {@code body} on the coordinator thread; the future completes when everything queued before it ran. */
    <T> CompletableFuture<T> call(Supplier<T> body) {
        return runtime.call(body);
    }

    /** The group map, for code running on the coordinator thread (inside {@link #call}). */
    GroupRegistry registry() {
        return ctx.registry();
    }

    private <T> CompletableFuture<T> submit(Consumer<CompletableFuture<T>> body) {
        return runtime.submit(body);
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
        ctx.timers().schedule(GroupTimerKey.retention(), ctx.config().offsetsRetentionCheckIntervalMs(), () -> {
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
