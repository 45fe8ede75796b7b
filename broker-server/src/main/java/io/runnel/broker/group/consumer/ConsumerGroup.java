package io.runnel.broker.group.consumer;

import io.runnel.broker.group.assignor.Assignment;
import io.runnel.broker.group.assignor.Assignors;
import io.runnel.broker.group.assignor.PartitionAssignor;
import io.runnel.broker.group.core.Group;
import io.runnel.broker.group.core.GroupException;
import io.runnel.broker.group.core.GroupType;
import io.runnel.broker.group.core.RebalanceCounts;
import io.runnel.broker.group.core.RebalanceReason;
import io.runnel.broker.group.core.TopicMetadataImage;
import io.runnel.protocol.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A group of the KIP-848 consumer protocol: its members, group epoch, target assignment and the reconciliation of
 * every member towards it. Pure logic: the coordinator feeds it heartbeats, topic metadata and the time, one event at
 * a time (it is not thread-safe), and schedules {@link #expireMembers(long)} at {@link #nextDeadlineMs()}.
 *
 * <p>The group epoch moves when membership, a subscription, the chosen assignor or the metadata of a subscribed
 * topic changes; the target assignment is then recomputed at once. Each member reconciles on its own heartbeats: it
 * first revokes what its target takes away, then gets its target epoch and every target partition nobody else holds.
 * {@link PartitionOwnership} guarantees that a partition is never held by two members.
 */
public final class ConsumerGroup implements Group {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerGroup.class);

    private final String groupId;
    private final ConsumerGroupConfig config;
    private final Assignors assignors;
    private final Supplier<String> memberIdGenerator;
    private final SubscriptionResolver resolver = new SubscriptionResolver();
    private final MemberRoster members;
    private TopicMetadataImage topics;
    private Map<UUID, Integer> subscribedPartitionCounts = Map.of();
    private int groupEpoch;
    /** Until the registry hands over the broker's counts, a private tally nobody reads. */
    private RebalanceCounts rebalances = new RebalanceCounts();
    private TargetAssignment target = TargetAssignment.INITIAL;
    private String assignorName;

    /**
     * @param memberIdGenerator ids for members that join with an empty member id (v0 requests only)
     */
    public ConsumerGroup(String groupId, ConsumerGroupConfig config, Assignors assignors, TopicMetadataImage topics,
                         Supplier<String> memberIdGenerator) {
        this.groupId = Objects.requireNonNull(groupId, "groupId");
        this.config = Objects.requireNonNull(config, "config");
        this.assignors = Objects.requireNonNull(assignors, "assignors");
        this.topics = Objects.requireNonNull(topics, "topics");
        this.memberIdGenerator = Objects.requireNonNull(memberIdGenerator, "memberIdGenerator");
        this.assignorName = assignors.defaultAssignor().name();
        this.members = new MemberRoster(groupId);
    }

    /** A group that generates member ids from random UUIDs. */
    public ConsumerGroup(String groupId, ConsumerGroupConfig config, Assignors assignors, TopicMetadataImage topics) {
        this(groupId, config, assignors, topics, () -> UUID.randomUUID().toString());
    }

    /**
     * Handles one ConsumerGroupHeartbeat.
     *
     * @throws GroupException with the Kafka error to answer when the request is refused
     */
    public HeartbeatResult heartbeat(MemberHeartbeat request, long nowMs) {
        HeartbeatRequestValidator.validate(request, assignors);
        if (!request.groupId().equals(groupId)) {
            throw new IllegalArgumentException("Heartbeat for group " + request.groupId() + " sent to group " + groupId);
        }
        int epoch = request.memberEpoch();
        if (epoch == MemberHeartbeat.LEAVE_EPOCH || epoch == MemberHeartbeat.STATIC_LEAVE_EPOCH) {
            return leave(request, nowMs);
        }
        boolean joining = epoch == MemberHeartbeat.JOIN_EPOCH;
        boolean membershipChanged = false;
        ConsumerGroupMember member;
        if (joining) {
            member = joiningMember(request);
            membershipChanged = members.get(member.memberId()) != member;
            if (membershipChanged) {
                members.add(member);
            }
        } else {
            member = members.forHeartbeat(request);
        }
        Assignment assignedBefore = member.assignedPartitions();
        boolean subscriptionChanged = member.update(request);
        if (membershipChanged || subscriptionChanged) {
            bumpGroupEpoch(membershipChanged ? RebalanceReason.MEMBER_JOINED : RebalanceReason.SUBSCRIPTION_CHANGED,
                    membershipChanged ? "member " + member.memberId() + " joined"
                    : "member " + member.memberId() + " changed its subscription or assignor");
        }
        member.sessionDeadlineMs(nowMs + config.sessionTimeoutMs());
        reconcile(member, request.ownedPartitions(), nowMs);
        if (joining && member.state() == MemberState.UNREVOKED_PARTITIONS) {
            // A joining client owns nothing, so whatever it was just asked to revoke is already gone (this happens
            // when it inherits the assignment of a static member it replaces).
            reconcile(member, Assignment.EMPTY, nowMs);
        }
        boolean sendAssignment = joining || request.isFull() || !assignedBefore.equals(member.assignedPartitions());
        return new HeartbeatResult(member.memberId(), member.memberEpoch(), config.heartbeatIntervalMs(),
                sendAssignment ? member.assignedPartitions() : null);
    }

    /**
     * Takes the broker's current topics. Bumps the group epoch (and recomputes the target) when a subscribed topic was
     * created, deleted or changed its partition count, or a regex now matches other topics.
     *
     * @return whether the group epoch moved
     */
    public boolean onTopicMetadataChanged(TopicMetadataImage newTopics) {
        this.topics = Objects.requireNonNull(newTopics, "newTopics");
        if (!refreshSubscriptions()) {
            return false;
        }
        groupEpoch++;
        rebalances.record(groupId, RebalanceReason.TOPICS_CHANGED);
        LOG.debug("Group {} moves to epoch {}: subscribed topic metadata changed", groupId, groupEpoch);
        computeTargetAssignment();
        return true;
    }

    /**
     * Removes every member whose session expired or that did not revoke its partitions within its rebalance timeout,
     * releasing their partitions. Call at {@link #nextDeadlineMs()} (calling earlier or more often is harmless).
     *
     * @return the members removed, in member id order
     */
    public List<ExpiredMember> expireMembers(long nowMs) {
        List<ExpiredMember> expired = new ArrayList<>();
        for (ConsumerGroupMember member : new ArrayList<>(members.all())) {
            ExpiredMember.Reason reason = null;
            if (member.sessionDeadlineMs() <= nowMs) {
                reason = ExpiredMember.Reason.SESSION_TIMEOUT;
            } else if (member.revocationDeadlineMs() >= 0 && member.revocationDeadlineMs() <= nowMs) {
                reason = ExpiredMember.Reason.REBALANCE_TIMEOUT;
            }
            if (reason != null) {
                members.remove(member);
                expired.add(new ExpiredMember(member.memberId(), reason));
                LOG.info("Group {} fenced member {} ({}): {}", groupId, member.memberId(),
                        member.instanceId() == null ? "dynamic" : "instance " + member.instanceId(), reason);
            }
        }
        if (!expired.isEmpty()) {
            bumpGroupEpoch(RebalanceReason.MEMBER_EXPIRED, expired.size() + " member(s) expired");
        }
        return expired;
    }

    /** The earliest time at which {@link #expireMembers(long)} has something to do, empty when there are no members. */
    public OptionalLong nextDeadlineMs() {
        return members.nextDeadlineMs();
    }

    /** Whether a member subscribes to {@code topic}, by name or through a regex that matches it now. */
    @Override
    public boolean isSubscribedTo(String topic) {
        return SubscriptionResolver.anySubscribes(members.all(), topic, topics);
    }

    @Override
    public GroupType type() {
        return GroupType.CONSUMER;
    }

    @Override
    public String stateName() {
        return state().kafkaName();
    }

    @Override
    public String protocolType() {
        return CONSUMER_PROTOCOL_TYPE;
    }

    @Override
    public void countRebalancesIn(RebalanceCounts counts) {
        this.rebalances = java.util.Objects.requireNonNull(counts, "counts");
    }

    @Override
    public String groupId() {
        return groupId;
    }

    public int groupEpoch() {
        return groupEpoch;
    }

    /** The epoch of the current target assignment. */
    public int assignmentEpoch() {
        return target.epoch();
    }

    public TargetAssignment targetAssignment() {
        return target;
    }

    /** The name of the server assignor that computed the current target (the default before any). */
    public String assignorName() {
        return assignorName;
    }

    public TopicMetadataImage topics() {
        return topics;
    }

    /** The members, in member id order. */
    public Collection<ConsumerGroupMember> members() {
        return members.all();
    }

    public Optional<ConsumerGroupMember> member(String memberId) {
        return Optional.ofNullable(members.get(memberId));
    }

    @Override
    public boolean isEmpty() {
        return members.isEmpty();
    }

    /** Kafka's state of the group: Empty, Assigning, Reconciling or Stable. */
    public ConsumerGroupState state() {
        if (members.isEmpty()) {
            return ConsumerGroupState.EMPTY;
        }
        if (groupEpoch > target.epoch()) {
            return ConsumerGroupState.ASSIGNING;
        }
        for (ConsumerGroupMember member : members.all()) {
            boolean reconciling = member.state() != MemberState.STABLE || member.memberEpoch() != target.epoch();
            if (reconciling && !member.hasLeftTemporarily()) {
                return ConsumerGroupState.RECONCILING;
            }
        }
        return ConsumerGroupState.STABLE;
    }

    /** The subscribed topics' partition counts the current target was computed from. */
    Map<UUID, Integer> subscribedPartitionCounts() {
        return subscribedPartitionCounts;
    }

    /**
     * Puts back a stored state into this new group: epochs, target and members (whose timers start at
     * {@code nowMs}); if the topics changed while the group was not running, the group epoch moves on as for
     * {@link #onTopicMetadataChanged}.
     */
    void restore(int storedGroupEpoch, TargetAssignment storedTarget, String storedAssignor,
                 Map<UUID, Integer> storedPartitionCounts, Collection<ConsumerGroupMember> storedMembers, long nowMs) {
        if (!members.isEmpty() || groupEpoch != 0) {
            throw new IllegalStateException("Group " + groupId + " is already in use and cannot be restored");
        }
        groupEpoch = storedGroupEpoch;
        target = storedTarget;
        assignorName = storedAssignor;
        subscribedPartitionCounts = Collections.unmodifiableMap(new TreeMap<>(storedPartitionCounts));
        for (ConsumerGroupMember member : storedMembers) {
            members.add(member);
            members.ownership().update(member.memberId(), Assignment.EMPTY,
                    member.assignedPartitions().union(member.partitionsPendingRevocation()));
            member.sessionDeadlineMs(nowMs + config.sessionTimeoutMs());
            member.revocationDeadlineMs(member.state() == MemberState.UNREVOKED_PARTITIONS
                    ? nowMs + member.rebalanceTimeoutMs() : -1);
        }
        if (refreshSubscriptions()) {
            groupEpoch++;
            rebalances.record(groupId, RebalanceReason.TOPICS_CHANGED);
            LOG.info("Group {} moves to epoch {}: topics changed while it was not running", groupId, groupEpoch);
            computeTargetAssignment();
        }
    }

    private ConsumerGroupMember joiningMember(MemberHeartbeat request) {
        String memberId = request.memberId().isEmpty() ? memberIdGenerator.get() : request.memberId();
        String instanceId = request.instanceId();
        ConsumerGroupMember holder = instanceId == null ? null : members.holderOf(instanceId);
        if (holder != null && !holder.memberId().equals(memberId)) {
            if (!holder.hasLeftTemporarily()) {
                throw new GroupException(ErrorCode.UNRELEASED_INSTANCE_ID, "Instance id " + instanceId
                        + " is still in use by member " + holder.memberId() + " of group " + groupId + ".");
            }
            ConsumerGroupMember successor = ConsumerGroupMember.replacing(memberId, holder);
            members.replace(holder, successor);
            target = target.renameMember(holder.memberId(), memberId);
            LOG.debug("Group {}: member {} replaces static member {} (instance {})", groupId, memberId,
                    holder.memberId(), instanceId);
            return successor;
        }
        ConsumerGroupMember existing = members.get(memberId);
        if (existing != null) {
            if (instanceId != null && !instanceId.equals(existing.instanceId())) {
                throw new GroupException(ErrorCode.FENCED_INSTANCE_ID, "Member " + memberId
                        + " has instance id " + existing.instanceId() + ", not " + instanceId + ".");
            }
            // A member rejoins with epoch 0 after giving up every partition (it was fenced or lost a response).
            members.releaseAll(existing);
            existing.resetAssignment();
            return existing;
        }
        if (members.size() >= config.maxSize()) {
            throw new GroupException(ErrorCode.GROUP_MAX_SIZE_REACHED, "Group " + groupId
                    + " already has the maximum of " + config.maxSize() + " members.");
        }
        ConsumerGroupMember member = new ConsumerGroupMember(memberId);
        member.instanceId(instanceId);
        return member;
    }

    private HeartbeatResult leave(MemberHeartbeat request, long nowMs) {
        if (request.memberEpoch() == MemberHeartbeat.STATIC_LEAVE_EPOCH) {
            ConsumerGroupMember member = members.staticMember(request.instanceId(), request.memberId());
            member.leaveTemporarily();
            member.sessionDeadlineMs(nowMs + config.sessionTimeoutMs());
            LOG.debug("Group {}: static member {} left for now; its partitions wait for instance {}", groupId,
                    member.memberId(), request.instanceId());
            return new HeartbeatResult(member.memberId(), MemberHeartbeat.STATIC_LEAVE_EPOCH,
                    config.heartbeatIntervalMs(), null);
        }
        ConsumerGroupMember member = members.member(request.memberId());
        if (request.instanceId() != null && !request.instanceId().equals(member.instanceId())) {
            throw new GroupException(ErrorCode.FENCED_INSTANCE_ID, "Member " + request.memberId()
                    + " has instance id " + member.instanceId() + ", not " + request.instanceId() + ".");
        }
        members.remove(member);
        bumpGroupEpoch(RebalanceReason.MEMBER_LEFT, "member " + member.memberId() + " left");
        return new HeartbeatResult(member.memberId(), MemberHeartbeat.LEAVE_EPOCH, config.heartbeatIntervalMs(), null);
    }

    private void reconcile(ConsumerGroupMember member, Assignment reportedOwned, long nowMs) {
        MemberReconciler.Step step = MemberReconciler.next(member, target.epoch(), target.of(member.memberId()),
                members.ownership(), reportedOwned);
        Assignment heldBefore = member.assignedPartitions().union(member.partitionsPendingRevocation());
        MemberState stateBefore = member.state();
        members.ownership().update(member.memberId(), heldBefore, step.assigned().union(step.pendingRevocation()));
        member.apply(step);
        if (step.state() != MemberState.UNREVOKED_PARTITIONS) {
            member.revocationDeadlineMs(-1);
        } else if (stateBefore != MemberState.UNREVOKED_PARTITIONS) {
            member.revocationDeadlineMs(nowMs + member.rebalanceTimeoutMs());
        }
    }

    private void bumpGroupEpoch(RebalanceReason kind, String reason) {
        refreshSubscriptions();
        groupEpoch++;
        rebalances.record(groupId, kind);
        LOG.debug("Group {} moves to epoch {}: {}", groupId, groupEpoch, reason);
        computeTargetAssignment();
    }

    /** Re-resolves every member's subscription against the topics; true when anything the assignor sees changed. */
    private boolean refreshSubscriptions() {
        boolean changed = false;
        Map<UUID, Integer> counts = new TreeMap<>();
        Set<String> regexes = new HashSet<>();
        for (ConsumerGroupMember member : members.all()) {
            Set<UUID> ids = resolver.resolve(member.subscribedTopicNames(), member.subscribedTopicRegex(), topics);
            if (!ids.equals(member.subscribedTopicIds())) {
                member.subscribedTopicIds(ids);
                changed = true;
            }
            for (UUID id : ids) {
                counts.put(id, topics.byId(id).orElseThrow().partitionCount());
            }
            if (member.subscribedTopicRegex() != null) {
                regexes.add(member.subscribedTopicRegex());
            }
        }
        resolver.retainOnly(regexes);
        if (!counts.equals(subscribedPartitionCounts)) {
            subscribedPartitionCounts = Collections.unmodifiableMap(counts);
            changed = true;
        }
        return changed;
    }

    private void computeTargetAssignment() {
        PartitionAssignor assignor = TargetAssignmentBuilder.preferredAssignor(members.all(), assignors);
        target = TargetAssignmentBuilder.build(groupEpoch, members.all(), target, subscribedPartitionCounts, assignor);
        assignorName = assignor.name();
    }
}
