package io.runnel.broker.group.consumer;

import io.runnel.broker.group.assignor.Assignors;
import io.runnel.broker.group.core.CoordinatorContext;
import io.runnel.broker.group.core.Group;
import io.runnel.broker.group.core.GroupException;
import io.runnel.broker.group.core.GroupRequestContext;
import io.runnel.broker.group.core.GroupTimerKey;
import io.runnel.broker.group.core.GroupType;
import io.runnel.broker.group.core.TopicMetadataImage;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ConsumerGroupDescribeRequest;
import io.runnel.protocol.message.ConsumerGroupDescribeResponse;
import io.runnel.protocol.message.ConsumerGroupHeartbeatRequest;
import io.runnel.protocol.message.ConsumerGroupHeartbeatResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The consumer protocol (KIP-848) on the coordinator thread: ConsumerGroupHeartbeat and ConsumerGroupDescribe, the
 * creation of a group by its first join, each group's member-expiry timer, topic metadata changes, and persistence.
 *
 * <p>A group's state is written to the {@link ConsumerGroupStore} whenever anything that survives a restart
 * changed; the heartbeat that changed it is answered once the write is durable, so a member never acts on an epoch
 * or an assignment that a restart could forget. Heartbeats that change nothing are answered at once, or once a write
 * of the group still pending is durable.
 */
public final class ConsumerProtocol {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerProtocol.class);

    private final CoordinatorContext ctx;
    private final ConsumerGroupConfig config;
    private final Assignors assignors;
    private final ConsumerGroupStore store;
    // What was last written per group, so that a heartbeat that changed nothing writes nothing.
    private final Map<String, StoredConsumerGroup> lastStored = new HashMap<>();
    /** The write of {@link #lastStored} while it is not yet durable: an unchanged heartbeat waits for it too. */
    private final Map<String, CompletableFuture<Void>> pendingWrites = new HashMap<>();

    public ConsumerProtocol(CoordinatorContext ctx, ConsumerGroupConfig config, Assignors assignors,
                                   ConsumerGroupStore store) {
        this.ctx = ctx;
        this.config = config;
        this.assignors = assignors;
        this.store = store;
    }

    // ---- ConsumerGroupHeartbeat ----

    public void heartbeat(GroupRequestContext client, ConsumerGroupHeartbeatRequest request,
                   CompletableFuture<ConsumerGroupHeartbeatResponse> out) {
        String groupId = request.groupId() == null ? "" : request.groupId();
        ConsumerGroup group;
        boolean created = false;
        try {
            group = existingGroup(groupId, request.memberEpoch());
        } catch (GroupException refusal) {
            out.complete(ConsumerGroupHeartbeatMessages.errorResponse(refusal.error(), refusal.getMessage()));
            return;
        }
        if (group == null) {
            group = newGroup(groupId);
            created = true;
        }
        ConsumerGroupHeartbeatResponse response = ConsumerGroupHeartbeatMessages.handle(group, request,
                client.apiVersion(), client.clientId(), client.clientHost(), ctx.nowMs());
        if (created) {
            if (response.errorCode() != ErrorCode.NONE.code()) {
                out.complete(response);
                return;
            }
            ctx.registry().put(group);
            LOG.info("Created consumer group {}", groupId);
        }
        scheduleExpiry(group);
        persist(group).whenComplete((v, failure) -> out.complete(failure == null ? response
                : ConsumerGroupHeartbeatMessages.errorResponse(GroupException.ofFailedWrite(failure),
                "the group's new state could not be stored: " + failure.getMessage())));
    }

    /**
     * The consumer group a heartbeat goes to; null when a join (epoch 0) must create it.
     *
     * @throws GroupException INVALID_REQUEST for an empty group id, GROUP_ID_NOT_FOUND for a non-empty classic
     *                        group, UNKNOWN_MEMBER_ID when a member
     *                        that is not joining heartbeats to a group that does not exist (it must rejoin)
     */
    private ConsumerGroup existingGroup(String groupId, int memberEpoch) {
        if (groupId.isEmpty()) {
            throw new GroupException(ErrorCode.INVALID_REQUEST, "GroupId can't be empty.");
        }
        Group group = ctx.registry().groupOfType(groupId, GroupType.CONSUMER);
        if (group != null) {
            return (ConsumerGroup) group;
        }
        if (memberEpoch > MemberHeartbeat.JOIN_EPOCH) {
            throw new GroupException(ErrorCode.UNKNOWN_MEMBER_ID, "Consumer group " + groupId + " does not exist.");
        }
        return null;
    }

    private ConsumerGroup newGroup(String groupId) {
        ConsumerGroup group = new ConsumerGroup(groupId, config, assignors, ctx.topics().current(),
                () -> UUID.randomUUID().toString());
        // Before its first heartbeat, whose join is the group's first rebalance.
        group.countRebalancesIn(ctx.registry().rebalances());
        return group;
    }

    // ---- ConsumerGroupDescribe ----

    public ConsumerGroupDescribeResponse describe(ConsumerGroupDescribeRequest request) {
        List<ConsumerGroupDescribeResponse.DescribedGroup> described = new ArrayList<>();
        for (String groupId : request.groupIds()) {
            Group group = groupId == null ? null : ctx.registry().get(groupId);
            if (group instanceof ConsumerGroup consumer) {
                described.add(ConsumerGroupDescriber.describe(consumer, request.includeAuthorizedOperations()));
            } else if (group != null) {
                described.add(ConsumerGroupDescriber.notFound(groupId, "is not a consumer group"));
            } else {
                described.add(ConsumerGroupDescriber.notFound(groupId, "does not exist"));
            }
        }
        return new ConsumerGroupDescribeResponse().groups(described);
    }

    // ---- timers, topics, persistence ----

    /** Runs the group's member expiry at its next deadline (or cancels it when the group has no members). */
    void scheduleExpiry(ConsumerGroup group) {
        GroupTimerKey key = GroupTimerKey.consumerExpiry(group.groupId());
        OptionalLong next = group.nextDeadlineMs();
        if (next.isEmpty()) {
            ctx.timers().cancel(key);
            return;
        }
        ctx.timers().schedule(key, Math.max(0, next.getAsLong() - ctx.nowMs()), () -> expire(group));
    }

    private void expire(ConsumerGroup group) {
        if (ctx.registry().get(group.groupId()) != group) {
            return;
        }
        List<ExpiredMember> expired = group.expireMembers(ctx.nowMs());
        if (!expired.isEmpty()) {
            persistLogged(group);
        }
        scheduleExpiry(group);
    }

    /** Gives every consumer group the broker's current topics; groups whose subscriptions changed rebalance. */
    public void topicsChanged() {
        TopicMetadataImage topics = ctx.topics().current();
        for (Group group : ctx.registry().all()) {
            if (group instanceof ConsumerGroup consumer && consumer.onTopicMetadataChanged(topics)) {
                LOG.info("Consumer group {} moves to epoch {}: subscribed topics changed", consumer.groupId(),
                        consumer.groupEpoch());
                persistLogged(consumer);
            }
        }
    }

    /** Restores the stored groups at start-up. */
    public void load(Iterable<StoredConsumerGroup> stored) {
        for (StoredConsumerGroup s : stored) {
            ConsumerGroup group = ConsumerGroupSnapshots.restore(s, config, assignors,
                    ctx.topics().current(), () -> UUID.randomUUID().toString(), ctx.nowMs());
            ctx.registry().put(group);
            lastStored.put(group.groupId(), s);
            scheduleExpiry(group);
            persistLogged(group);
        }
    }

    /** Forgets a deleted (or replaced) group's timer and stored snapshot. */
    public void forget(ConsumerGroup group) {
        ctx.timers().cancel(GroupTimerKey.consumerExpiry(group.groupId()));
        lastStored.remove(group.groupId());
        pendingWrites.remove(group.groupId());
    }

    /**
     * Writes the group's state if it changed since the last write; completes on the coordinator thread once durable
     * (at once when nothing changed).
     */
    private CompletableFuture<Void> persist(ConsumerGroup group) {
        StoredConsumerGroup snapshot = ConsumerGroupSnapshots.of(group);
        String groupId = group.groupId();
        if (snapshot.equals(lastStored.get(groupId))) {
            CompletableFuture<Void> pending = pendingWrites.get(groupId);
            return pending == null ? CompletableFuture.completedFuture(null) : pending;
        }
        lastStored.put(groupId, snapshot);
        CompletableFuture<Void> write = ctx.write(() -> store.storeConsumerGroup(snapshot))
                .whenComplete((v, failure) -> {
                    if (failure != null && lastStored.get(groupId) == snapshot) {
                        // Write the whole state again on the next change.
                        lastStored.remove(groupId);
                    }
                });
        pendingWrites.put(groupId, write);
        write.whenComplete((v, failure) -> pendingWrites.remove(groupId, write));
        return write;
    }

    private void persistLogged(ConsumerGroup group) {
        persist(group).whenComplete((v, failure) -> {
            if (failure != null) {
                LOG.warn("Could not store consumer group {} at epoch {}", group.groupId(), group.groupEpoch(),
                        failure);
            }
        });
    }
}
