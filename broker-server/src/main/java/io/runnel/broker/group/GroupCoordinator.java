package io.runnel.broker.group;

import io.runnel.broker.coordinator.CoordinatorClock;
import io.runnel.broker.coordinator.CoordinatorRuntime;
import io.runnel.broker.coordinator.CoordinatorTimers;
import io.runnel.broker.group.classic.ClassicGroup;
import io.runnel.broker.group.classic.ClassicProtocol;
import io.runnel.broker.group.consumer.ConsumerProtocol;
import io.runnel.broker.group.consumer.StoredConsumerGroup;
import io.runnel.broker.group.core.CoordinatorContext;
import io.runnel.broker.group.core.RebalanceCounts;
import io.runnel.broker.group.core.CoordinatorTopics;
import io.runnel.broker.group.core.Group;
import io.runnel.broker.group.core.GroupException;
import io.runnel.broker.group.core.GroupRegistry;
import io.runnel.broker.group.core.GroupRequestContext;
import io.runnel.broker.group.core.GroupTimerKey;
import io.runnel.broker.group.core.TopicMetadataImage;
import io.runnel.broker.group.core.TopicMetadataSource;
import io.runnel.broker.group.offset.CommittedOffset;
import io.runnel.broker.group.offset.OffsetManager;
import io.runnel.broker.group.offset.OffsetReader;
import io.runnel.broker.group.offset.OffsetStore;
import io.runnel.broker.group.offset.TransactionalOffsets;
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
import io.runnel.protocol.message.TxnOffsetCommitRequest;
import io.runnel.protocol.message.TxnOffsetCommitResponse;
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
 * The group coordinator: the entry point of every group API, on top of the coordinator runtime. It owns every
 * group's state and committed offsets; every state change runs on one coordinator thread
 * ({@code runnel-group-coordinator}), so a group's events happen one at a time and in arrival order. Each request
 * method returns at once with a future of the response; JoinGroup and SyncGroup stay parked until the rebalance
 * decides, and a request that changed stored state until the change is durable. Futures complete on the
 * coordinator thread: callers must not block in their callbacks. A failed future carries a {@link GroupException}
 * (e.g. COORDINATOR_NOT_AVAILABLE after {@link #close()}) or an unexpected fault, an {@code Error} included
 * (answer UNKNOWN_SERVER_ERROR; see {@link GroupException#errorOf}).
 *
 * <p>The classic protocol is served by {@link ClassicProtocol}, the KIP-848 consumer protocol by
 * {@link ConsumerProtocol}, offsets by {@link OffsetManager} and {@link OffsetReader}, admin requests by
 * {@link GroupAdmin}, FindCoordinator by {@link FindCoordinatorAnswers}. Both kinds of group share one map
 * ({@link GroupRegistry}), which keeps one protocol per group id. At start-up the stores are read on the coordinator
 * thread (for {@code __consumer_offsets}, a replay of the topic) before any request is served.
 */
public final class GroupCoordinator implements AutoCloseable {
    /** Names the coordinator's thread: {@code runnel-group-coordinator}. */
    public static final String THREAD_ROLE = "group-coordinator";

    private static final Logger LOG = LoggerFactory.getLogger(GroupCoordinator.class);

    private final CoordinatorRuntime runtime;
    private final CoordinatorContext ctx;
    private final GroupConfig config;
    private final GroupStore groupStore;
    private final OffsetStore offsetStore;
    private final ClassicProtocol classicGroups;
    private final ConsumerProtocol consumerGroups;
    private final OffsetManager offsets;
    private final OffsetReader offsetReader;
    private final TransactionalOffsets transactionalOffsets;
    private final GroupAdmin admin;

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
        this.ctx = new CoordinatorContext(new CoordinatorTimers<>(runtime), new GroupRegistry(),
                new CoordinatorTopics(topics), runtime);
        this.config = config;
        this.groupStore = groupStore;
        this.offsetStore = offsetStore;
        this.classicGroups = new ClassicProtocol(ctx, config.classic(), groupStore);
        this.consumerGroups = new ConsumerProtocol(ctx, config.consumer(), config.assignors(), groupStore);
        this.offsets = new OffsetManager(ctx, config.offsets(), offsetStore);
        this.transactionalOffsets = new TransactionalOffsets(ctx, offsetStore, offsets);
        this.offsetReader = new OffsetReader(ctx, offsets, transactionalOffsets);
        this.admin = new GroupAdmin(ctx, classicGroups, consumerGroups, offsets, groupStore);
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
        return submit(out -> classicGroups.join(client, request, out));
    }

    public CompletableFuture<SyncGroupResponse> syncGroup(GroupRequestContext client, SyncGroupRequest request) {
        return submit(out -> classicGroups.sync(client, request, out));
    }

    public CompletableFuture<HeartbeatResponse> heartbeat(GroupRequestContext client, HeartbeatRequest request) {
        return submit(out -> classicGroups.heartbeat(client, request, out));
    }

    public CompletableFuture<LeaveGroupResponse> leaveGroup(GroupRequestContext client, LeaveGroupRequest request) {
        return submit(out -> classicGroups.leave(client, request, out));
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
        return FindCoordinatorAnswers.find(client.apiVersion(), request, self);
    }

    // ---- offsets ----

    public CompletableFuture<OffsetCommitResponse> offsetCommit(GroupRequestContext client,
                                                                OffsetCommitRequest request) {
        return submit(out -> offsets.commit(client, request, out));
    }

    public CompletableFuture<OffsetFetchResponse> offsetFetch(GroupRequestContext client, OffsetFetchRequest request) {
        return submit(out -> out.complete(offsetReader.fetch(client, request)));
    }

    /** TxnOffsetCommit: the offsets are pending until the producer's transaction commits. */
    public CompletableFuture<TxnOffsetCommitResponse> txnOffsetCommit(GroupRequestContext client,
                                                                      TxnOffsetCommitRequest request) {
        return submit(out -> transactionalOffsets.commit(client.apiVersion(), request, out));
    }

    /**
     * A transaction of {@code producerId} ended: its marker is written into {@code __consumer_offsets} partition
     * {@code partition} (after every write of this coordinator made before) and the offsets it committed there
     * become visible (commit) or are dropped (abort). Completes once the marker is durable.
     */
    public CompletableFuture<Void> completeTransaction(int partition, long producerId, short producerEpoch,
                                                       boolean commit) {
        return submit(out -> transactionalOffsets.complete(partition, producerId, producerEpoch, commit)
                .whenComplete((v, failure) -> {
                    if (failure != null) {
                        out.completeExceptionally(failure);
                    } else {
                        out.complete(null);
                    }
                }));
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

    /** How often each group rebalanced, by reason; safe to read from any thread (metrics scrapes do). */
    public RebalanceCounts rebalanceCounts() {
        return ctx.registry().rebalances();
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
            classicGroups.answerParked(ErrorCode.NOT_COORDINATOR);
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
        int groups = classicGroups.load(groupStore.loadGroups());
        Map<String, Map<TopicPartition, CommittedOffset>> stored = offsetStore.loadOffsets();
        offsets.load(stored);
        transactionalOffsets.load(offsetStore.loadPendingTransactionalOffsets());
        for (String groupId : offsets.groupsWithOffsets()) {
            // Offsets without group metadata belong to a group that only stores offsets: an empty classic group.
            ctx.registry().getOrCreate(groupId, id -> new ClassicGroup(id, ctx.nowMs()));
        }
        Collection<StoredConsumerGroup> consumer = groupStore.loadConsumerGroups();
        consumerGroups.load(consumer);
        groups += consumer.size();
        LOG.info("Group coordinator loaded {} group(s) and the offsets of {} group(s)", groups, stored.size());
        scheduleRetention();
    }

    private void scheduleRetention() {
        ctx.timers().schedule(GroupTimerKey.retention(), config.offsets().retentionCheckIntervalMs(), () -> {
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
                        && !(group instanceof ClassicGroup classic && classic.hasPendingMembers())
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
