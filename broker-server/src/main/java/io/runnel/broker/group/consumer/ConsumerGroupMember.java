package io.runnel.broker.group.consumer;

import io.runnel.broker.group.assignor.Assignment;
import io.runnel.broker.group.assignor.TopicIdPartition;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * One member of a consumer-protocol group: what it subscribes to, its epoch, the partitions it is allowed to own
 * ({@link #assignedPartitions()}), the ones it must still give up ({@link #partitionsPendingRevocation()}), and its
 * timers. Read freely; only its {@link ConsumerGroup} changes it, one event at a time.
 */
public final class ConsumerGroupMember {

    private final String memberId;
    private String instanceId;
    private String rackId;
    private String clientId = "";
    private String clientHost = "";
    private int rebalanceTimeoutMs;
    private List<String> subscribedTopicNames = List.of();
    private String subscribedTopicRegex;
    private String serverAssignor;
    private Set<UUID> subscribedTopicIds = Set.of();

    private int memberEpoch;
    private int previousMemberEpoch = -1;
    private MemberState state = MemberState.STABLE;
    private Assignment assignedPartitions = Assignment.EMPTY;
    private Assignment partitionsPendingRevocation = Assignment.EMPTY;
    private final Map<TopicIdPartition, Integer> assignmentEpochs = new HashMap<>();

    private long sessionDeadlineMs;
    private long revocationDeadlineMs = -1;

    ConsumerGroupMember(String memberId) {
        this.memberId = Objects.requireNonNull(memberId, "memberId");
    }

    /** A member that takes over everything of {@code previous} (a static member coming back with a new member id). */
    static ConsumerGroupMember replacing(String memberId, ConsumerGroupMember previous) {
        ConsumerGroupMember member = new ConsumerGroupMember(memberId);
        member.instanceId = previous.instanceId;
        member.rackId = previous.rackId;
        member.clientId = previous.clientId;
        member.clientHost = previous.clientHost;
        member.rebalanceTimeoutMs = previous.rebalanceTimeoutMs;
        member.subscribedTopicNames = previous.subscribedTopicNames;
        member.subscribedTopicRegex = previous.subscribedTopicRegex;
        member.serverAssignor = previous.serverAssignor;
        member.subscribedTopicIds = previous.subscribedTopicIds;
        member.memberEpoch = previous.previousMemberEpoch;
        member.previousMemberEpoch = previous.previousMemberEpoch;
        member.state = previous.state;
        member.assignedPartitions = previous.assignedPartitions;
        member.partitionsPendingRevocation = previous.partitionsPendingRevocation;
        member.assignmentEpochs.putAll(previous.assignmentEpochs);
        return member;
    }

    public String memberId() {
        return memberId;
    }

    /** {@code group.instance.id}, or null for a dynamic member. */
    public String instanceId() {
        return instanceId;
    }

    public String rackId() {
        return rackId;
    }

    public String clientId() {
        return clientId;
    }

    public String clientHost() {
        return clientHost;
    }

    public int rebalanceTimeoutMs() {
        return rebalanceTimeoutMs;
    }

    /** Topic names subscribed to by name (possibly empty, never null). */
    public List<String> subscribedTopicNames() {
        return subscribedTopicNames;
    }

    /** The subscription's regular expression, or null. */
    public String subscribedTopicRegex() {
        return subscribedTopicRegex;
    }

    /** The server assignor the member asked for, or null. */
    public String serverAssignor() {
        return serverAssignor;
    }

    /** The existing topics the member subscribes to, by name or regex. */
    public Set<UUID> subscribedTopicIds() {
        return subscribedTopicIds;
    }

    /** The member's epoch; {@value MemberHeartbeat#STATIC_LEAVE_EPOCH} for a static member that left for now. */
    public int memberEpoch() {
        return memberEpoch;
    }

    public int previousMemberEpoch() {
        return previousMemberEpoch;
    }

    public MemberState state() {
        return state;
    }

    /** The partitions the member may own now (what its heartbeat responses call its assignment). */
    public Assignment assignedPartitions() {
        return assignedPartitions;
    }

    /** Partitions the member still owns but must give up; nobody else gets them until it reports them revoked. */
    public Assignment partitionsPendingRevocation() {
        return partitionsPendingRevocation;
    }

    /** The member epoch at which the member was given {@code partition}, or null when it does not hold it. */
    public Integer assignmentEpoch(TopicIdPartition partition) {
        return assignmentEpochs.get(partition);
    }

    /** When the member is fenced unless it heartbeats again (ms). */
    public long sessionDeadlineMs() {
        return sessionDeadlineMs;
    }

    /** When the member is fenced unless it has revoked its partitions (ms), or -1 when it has nothing to revoke. */
    public long revocationDeadlineMs() {
        return revocationDeadlineMs;
    }

    /** Whether this is a static member that left with epoch -2 and whose instance id waits for its return. */
    public boolean hasLeftTemporarily() {
        return memberEpoch == MemberHeartbeat.STATIC_LEAVE_EPOCH;
    }

    void instanceId(String value) {
        instanceId = value;
    }

    void rackId(String value) {
        rackId = value;
    }

    void client(String id, String host) {
        clientId = id;
        clientHost = host;
    }

    void rebalanceTimeoutMs(int value) {
        rebalanceTimeoutMs = value;
    }

    void subscribedTopicNames(List<String> value) {
        subscribedTopicNames = List.copyOf(value);
    }

    void subscribedTopicRegex(String value) {
        subscribedTopicRegex = value;
    }

    void serverAssignor(String value) {
        serverAssignor = value;
    }

    void subscribedTopicIds(Set<UUID> value) {
        subscribedTopicIds = Collections.unmodifiableSet(value);
    }

    void sessionDeadlineMs(long value) {
        sessionDeadlineMs = value;
    }

    void revocationDeadlineMs(long value) {
        revocationDeadlineMs = value;
    }

    /**
     * Takes the fields a heartbeat carries (those it leaves out stay as they were); true when the member's
     * subscription or server assignor changed, which moves the group epoch.
     */
    boolean update(MemberHeartbeat request) {
        if (request.rackId() != null) {
            rackId = request.rackId();
        }
        clientId = request.clientId();
        clientHost = request.clientHost();
        if (request.rebalanceTimeoutMs() != -1) {
            rebalanceTimeoutMs = request.rebalanceTimeoutMs();
        }
        boolean changed = false;
        if (request.subscribedTopicNames() != null && !request.subscribedTopicNames().equals(subscribedTopicNames)) {
            subscribedTopicNames = List.copyOf(request.subscribedTopicNames());
            changed = true;
        }
        if (request.subscribedTopicRegex() != null) {
            String regex = request.subscribedTopicRegex().isEmpty() ? null : request.subscribedTopicRegex();
            if (!Objects.equals(regex, subscribedTopicRegex)) {
                subscribedTopicRegex = regex;
                changed = true;
            }
        }
        if (request.serverAssignor() != null && !request.serverAssignor().equals(serverAssignor)) {
            serverAssignor = request.serverAssignor();
            changed = true;
        }
        return changed;
    }

    /** Leaves for now as a static member: keeps its partitions for its successor; its epoch becomes -2. */
    void leaveTemporarily() {
        if (hasLeftTemporarily()) {
            return;
        }
        previousMemberEpoch = memberEpoch;
        memberEpoch = MemberHeartbeat.STATIC_LEAVE_EPOCH;
        revocationDeadlineMs = -1;
    }

    /** Moves to a new reconciliation step, recording when each newly assigned partition arrived. */
    void apply(MemberReconciler.Step step) {
        if (step.memberEpoch() != memberEpoch) {
            previousMemberEpoch = memberEpoch;
            memberEpoch = step.memberEpoch();
        }
        state = step.state();
        Assignment held = step.assigned().union(step.pendingRevocation());
        assignmentEpochs.keySet().removeIf(tp -> !held.contains(tp));
        for (TopicIdPartition tp : step.assigned().partitionList()) {
            assignmentEpochs.putIfAbsent(tp, memberEpoch);
        }
        assignedPartitions = step.assigned();
        partitionsPendingRevocation = step.pendingRevocation();
    }

    /** Every partition the member holds with the member epoch at which it got it, unmodifiable. */
    Map<TopicIdPartition, Integer> assignmentEpochs() {
        return Collections.unmodifiableMap(assignmentEpochs);
    }

    /** Puts back the reconciliation state a stored group recorded. */
    void restore(int epoch, int previousEpoch, MemberState memberState, Assignment assigned, Assignment pending,
                 Map<TopicIdPartition, Integer> epochs) {
        memberEpoch = epoch;
        previousMemberEpoch = previousEpoch;
        state = memberState;
        assignedPartitions = assigned;
        partitionsPendingRevocation = pending;
        assignmentEpochs.clear();
        assignmentEpochs.putAll(epochs);
    }

    /** Forgets every partition (the member rejoined, having given them all up) and restarts at epoch 0. */
    void resetAssignment() {
        previousMemberEpoch = memberEpoch;
        memberEpoch = 0;
        state = MemberState.STABLE;
        assignedPartitions = Assignment.EMPTY;
        partitionsPendingRevocation = Assignment.EMPTY;
        assignmentEpochs.clear();
        revocationDeadlineMs = -1;
    }

    @Override
    public String toString() {
        return "ConsumerGroupMember{" + memberId + (instanceId != null ? " instance " + instanceId : "")
                + " epoch " + memberEpoch + " " + state + " assigned " + assignedPartitions
                + " revoking " + partitionsPendingRevocation + "}";
    }
}
