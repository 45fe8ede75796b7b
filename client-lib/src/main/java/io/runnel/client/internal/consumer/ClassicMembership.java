package io.runnel.client.internal.consumer;

import io.runnel.client.RunnelException;
import io.runnel.client.TopicPartition;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.HeartbeatRequest;
import io.runnel.protocol.message.HeartbeatResponse;
import io.runnel.protocol.message.JoinGroupRequest;
import io.runnel.protocol.message.JoinGroupResponse;
import io.runnel.protocol.message.LeaveGroupRequest;
import io.runnel.protocol.message.SyncGroupRequest;
import io.runnel.protocol.message.SyncGroupResponse;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A member of a classic group (JoinGroup / SyncGroup / Heartbeat / LeaveGroup) with Kafka's eager rebalancing, as
 * a state machine without I/O: the driver asks what to send, feeds it answers and the time, and runs the
 * rebalance steps it hands out ({@link #nextChange}) on the polling thread.
 *
 * <p>States: UNJOINED → (all owned partitions revoked first: eager) JOINING → SYNCING (leader: AWAITING_ASSIGNMENT
 * until the driver computed the range assignment) → STABLE; back to UNJOINED whenever the group must be re-formed
 * (REBALANCE_IN_PROGRESS, a subscription change, the leader seeing partition counts change). ILLEGAL_GENERATION
 * and UNKNOWN_MEMBER_ID reset the generation (and the member id for the latter): the partitions are lost, not
 * revoked. {@link #pollTimerExpired} sends LeaveGroup and loses the partitions; the member joins again on its next
 * poll. Fatal errors (FENCED_INSTANCE_ID, INCONSISTENT_GROUP_PROTOCOL, authorisation, bad session timeout, group
 * full) make it FATAL.
 *
 * <p>Heartbeats go out every heartbeat interval while SYNCING or STABLE, never two at once. Used by one thread (the
 * client's event loop).
 */
final class ClassicMembership {
    static final String PROTOCOL_TYPE = "consumer";
    private static final long MAX_BACKOFF_MS = 1_000;

    enum State { UNJOINED, JOINING, AWAITING_ASSIGNMENT, SYNCING, STABLE, FATAL }

    private final String groupId;
    private final String instanceId;
    private final int sessionTimeoutMs;
    private final int rebalanceTimeoutMs;
    private final long heartbeatIntervalMs;
    private final RetryBackoff backoff;

    private State state = State.UNJOINED;
    private String memberId = "";
    private int generation = -1;
    private boolean leader;
    private List<String> topics = List.of();
    private boolean subscribed;
    private boolean rejoinNeeded;
    private final Set<TopicPartition> owned = new LinkedHashSet<>();
    private List<TopicPartition> received = List.of();
    private List<ClassicRangeAssignor.Member> members = List.of();
    /** Partition counts the leader assigned with, so it can notice a change and re-form the group. */
    private Map<String, Integer> assignedCounts = Map.of();
    private boolean joinInFlight;
    private boolean syncInFlight;
    private boolean heartbeatInFlight;
    private long nextJoinAt;
    private long nextHeartbeatAt;
    private boolean coordinatorLost;
    private long changeSequence;
    private PartitionChange pendingChange;
    private boolean lostPending;
    private RunnelException fatalError;

    ClassicMembership(String groupId, String instanceId, int sessionTimeoutMs, int rebalanceTimeoutMs,
                      long heartbeatIntervalMs, long retryBackoffMs) {
        this.groupId = groupId;
        this.instanceId = instanceId;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.rebalanceTimeoutMs = rebalanceTimeoutMs;
        this.heartbeatIntervalMs = heartbeatIntervalMs;
        this.backoff = new RetryBackoff(retryBackoffMs, MAX_BACKOFF_MS);
    }

    State state() {
        return state;
    }

    String memberId() {
        return memberId;
    }

    int generation() {
        return generation;
    }

    boolean isLeader() {
        return leader;
    }

    Set<TopicPartition> owned() {
        return Set.copyOf(owned);
    }

    boolean coordinatorLost() {
        return coordinatorLost;
    }

    void coordinatorFound() {
        coordinatorLost = false;
    }

    RunnelException fatalError() {
        return fatalError;
    }

    /** Starts or changes the subscription; the group is re-formed on the next poll. */
    void subscribe(Set<String> newTopics, long now) {
        List<String> sorted = List.copyOf(new TreeSet<>(newTopics));
        if (!sorted.equals(topics) || !subscribed) {
            topics = sorted;
            subscribed = true;
            rejoinNeeded = true;
            nextJoinAt = now;
        }
    }

    /**
     * The next step for the polling thread, or null: lost partitions after a reset generation, all owned
     * partitions revoked before (re)joining, or the partitions SyncGroup gave.
     */
    PartitionChange nextChange() {
        if (pendingChange != null) {
            return pendingChange;
        }
        if (owned.isEmpty()) {
            lostPending = false;
        }
        if (lostPending) {
            pendingChange = new PartitionChange(++changeSequence, List.of(), new ArrayList<>(owned), List.of());
        } else if (rejoinNeeded && state != State.FATAL) {
            received = List.of();
            if (!owned.isEmpty()) {
                pendingChange = new PartitionChange(++changeSequence, new ArrayList<>(owned), List.of(),
                        List.of());
            }
        } else if (state == State.STABLE && !received.isEmpty()) {
            pendingChange = new PartitionChange(++changeSequence, List.of(), List.of(), received);
        }
        return pendingChange;
    }

    /** The polling thread carried out {@code change}; a stale step (overtaken by a reset) is ignored. */
    void changeDone(PartitionChange change) {
        if (pendingChange == null || change.id() != pendingChange.id()) {
            return;
        }
        pendingChange = null;
        if (!change.lost().isEmpty()) {
            lostPending = false;
            owned.clear();
        }
        change.revoked().forEach(owned::remove);
        if (!change.assigned().isEmpty()) {
            owned.addAll(change.assigned());
            received = List.of();
        }
    }

    /**
     * JoinGroup to send now, or null: only once every owned partition was given up (eager), with no join in
     * flight and after any backoff.
     */
    JoinGroupRequest joinToSend(long now) {
        if (!subscribed || !rejoinNeeded || joinInFlight || syncInFlight || state == State.FATAL
                || now < nextJoinAt || !owned.isEmpty() || pendingChange != null || coordinatorLost) {
            return null;
        }
        joinInFlight = true;
        state = State.JOINING;
        byte[] metadata = ConsumerProtocolCodec.encodeSubscription(ClassicSubscription.of(topics));
        return new JoinGroupRequest().groupId(groupId).sessionTimeoutMs(sessionTimeoutMs)
                .rebalanceTimeoutMs(rebalanceTimeoutMs).memberId(memberId).groupInstanceId(instanceId)
                .protocolType(PROTOCOL_TYPE).protocols(List.of(new JoinGroupRequest.JoinGroupRequestProtocol()
                        .name(ClassicRangeAssignor.NAME).metadata(metadata)));
    }

    void onJoinResponse(JoinGroupResponse response, long now) {
        joinInFlight = false;
        ErrorCode error = ErrorCode.forCode(response.errorCode());
        switch (error) {
            case NONE -> {
                backoff.succeeded();
                rejoinNeeded = false;
                memberId = response.memberId();
                generation = response.generationId();
                leader = response.memberId().equals(response.leader());
                if (leader && !response.skipAssignment()) {
                    List<ClassicRangeAssignor.Member> all = new ArrayList<>();
                    for (JoinGroupResponse.JoinGroupResponseMember m : response.members()) {
                        all.add(new ClassicRangeAssignor.Member(m.memberId(), m.groupInstanceId(),
                                ConsumerProtocolCodec.decodeSubscription(m.metadata())));
                    }
                    members = all;
                    state = State.AWAITING_ASSIGNMENT;
                } else {
                    members = List.of();
                    state = State.SYNCING;
                }
                nextHeartbeatAt = now + heartbeatIntervalMs;
            }
            case MEMBER_ID_REQUIRED -> {
                memberId = response.memberId();
                state = State.UNJOINED;
                nextJoinAt = now;
            }
            case UNKNOWN_MEMBER_ID -> {
                memberId = "";
                resetGeneration(now);
            }
            case ILLEGAL_GENERATION, REBALANCE_IN_PROGRESS -> resetGeneration(now);
            default -> retryOrFail(error, "JoinGroup", now);
        }
    }

    /** The subscriptions the leader must assign (every member's), or empty for a follower. */
    List<ClassicRangeAssignor.Member> membersToAssign() {
        return state == State.AWAITING_ASSIGNMENT ? members : List.of();
    }

    /** All topics the group subscribes to, which the leader needs partition counts for. */
    Set<String> groupTopics() {
        Set<String> all = new TreeSet<>(topics);
        for (ClassicRangeAssignor.Member member : members) {
            all.addAll(member.subscription().topics());
        }
        return all;
    }

    /**
     * SyncGroup to send now, or null. A leader passes the assignment it computed (per member id) and the partition
     * counts it used; a follower passes nulls.
     */
    SyncGroupRequest syncToSend(Map<String, List<TopicPartition>> assignment, Map<String, Integer> counts) {
        if (syncInFlight || (state != State.SYNCING && state != State.AWAITING_ASSIGNMENT)) {
            return null;
        }
        if (state == State.AWAITING_ASSIGNMENT && assignment == null) {
            return null;
        }
        List<SyncGroupRequest.SyncGroupRequestAssignment> assignments = new ArrayList<>();
        if (assignment != null) {
            for (Map.Entry<String, List<TopicPartition>> e : assignment.entrySet()) {
                assignments.add(new SyncGroupRequest.SyncGroupRequestAssignment().memberId(e.getKey())
                        .assignment(ConsumerProtocolCodec.encodeAssignment(new ClassicAssignment(e.getValue(),
                                null))));
            }
            assignedCounts = Map.copyOf(counts);
        }
        state = State.SYNCING;
        syncInFlight = true;
        return new SyncGroupRequest().groupId(groupId).generationId(generation).memberId(memberId)
                .groupInstanceId(instanceId).protocolType(PROTOCOL_TYPE).protocolName(ClassicRangeAssignor.NAME)
                .assignments(assignments);
    }

    void onSyncResponse(SyncGroupResponse response, long now) {
        syncInFlight = false;
        ErrorCode error = ErrorCode.forCode(response.errorCode());
        switch (error) {
            case NONE -> {
                backoff.succeeded();
                if (rejoinNeeded) {
                    // A rejoin was asked for while syncing: this assignment is already outdated.
                    state = State.UNJOINED;
                    return;
                }
                received = ConsumerProtocolCodec.decodeAssignment(response.assignment()).partitions();
                state = State.STABLE;
            }
            case UNKNOWN_MEMBER_ID -> {
                memberId = "";
                resetGeneration(now);
            }
            case ILLEGAL_GENERATION, REBALANCE_IN_PROGRESS -> resetGeneration(now);
            default -> retryOrFail(error, "SyncGroup", now);
        }
    }

    HeartbeatRequest heartbeatToSend(long now) {
        if (heartbeatInFlight || now < nextHeartbeatAt || (state != State.STABLE && state != State.SYNCING
                && state != State.AWAITING_ASSIGNMENT) || coordinatorLost) {
            return null;
        }
        heartbeatInFlight = true;
        return new HeartbeatRequest().groupId(groupId).generationId(generation).memberId(memberId)
                .groupInstanceId(instanceId);
    }

    long msUntilNextHeartbeat(long now) {
        if (heartbeatInFlight || (state != State.STABLE && state != State.SYNCING
                && state != State.AWAITING_ASSIGNMENT)) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, nextHeartbeatAt - now);
    }

    void onHeartbeatResponse(HeartbeatResponse response, long now) {
        heartbeatInFlight = false;
        ErrorCode error = ErrorCode.forCode(response.errorCode());
        nextHeartbeatAt = now + heartbeatIntervalMs;
        switch (error) {
            case NONE -> backoff.succeeded();
            case REBALANCE_IN_PROGRESS -> {
                if (state == State.STABLE) {
                    rejoinNeeded = true;
                    nextJoinAt = now;
                }
            }
            case UNKNOWN_MEMBER_ID -> {
                memberId = "";
                resetGeneration(now);
            }
            case ILLEGAL_GENERATION -> resetGeneration(now);
            default -> retryOrFail(error, "Heartbeat", now);
        }
    }

    /** A request that got no answer: retried after a backoff. */
    void onRequestFailure(long now) {
        heartbeatInFlight = false;
        if (joinInFlight || syncInFlight) {
            joinInFlight = false;
            syncInFlight = false;
            resetGeneration(now);
        }
        backOff(now);
    }

    /** The leader checks the partition counts of the group's topics: a change re-forms the group. */
    void onPartitionCounts(Map<String, Integer> counts, long now) {
        if (!leader || state != State.STABLE) {
            return;
        }
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            Integer before = assignedCounts.get(e.getKey());
            if (before != null && !before.equals(e.getValue())) {
                rejoinNeeded = true;
                nextJoinAt = now;
                return;
            }
        }
    }

    /** maxPollInterval passed without a poll: leave now (the LeaveGroup to send) and lose the partitions. */
    LeaveGroupRequest pollTimerExpired(long now) {
        if (generation < 0 && !joinInFlight) {
            return null;
        }
        LeaveGroupRequest leave = leaveRequest();
        memberId = "";
        resetGeneration(now);
        return leave;
    }

    /** Leaves for good: the LeaveGroup to send, or null when the member is in no group. */
    LeaveGroupRequest leave() {
        subscribed = false;
        rejoinNeeded = false;
        owned.clear();
        received = List.of();
        pendingChange = null;
        if (memberId.isEmpty() || state == State.FATAL) {
            state = State.UNJOINED;
            return null;
        }
        LeaveGroupRequest leave = leaveRequest();
        memberId = "";
        generation = -1;
        state = State.UNJOINED;
        return leave;
    }

    private LeaveGroupRequest leaveRequest() {
        // v3+ names members; the driver's version picks memberId (v0-2) or members (v3+): both are set.
        return new LeaveGroupRequest().groupId(groupId).memberId(memberId)
                .members(List.of(new LeaveGroupRequest.MemberIdentity().memberId(memberId)
                        .groupInstanceId(instanceId)));
    }

    private void resetGeneration(long now) {
        generation = -1;
        leader = false;
        state = State.UNJOINED;
        received = List.of();
        members = List.of();
        pendingChange = null;
        rejoinNeeded = subscribed;
        lostPending = !owned.isEmpty();
        nextJoinAt = now;
    }

    private void retryOrFail(ErrorCode error, String api, long now) {
        switch (error) {
            case NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE -> {
                coordinatorLost = true;
                joinAgainAfterBackoff(now);
            }
            case COORDINATOR_LOAD_IN_PROGRESS, REQUEST_TIMED_OUT, NETWORK_EXCEPTION -> joinAgainAfterBackoff(now);
            default -> {
                state = State.FATAL;
                fatalError = new RunnelException("group " + groupId + ": " + api + " of member "
                        + (memberId.isEmpty() ? "(new)" : memberId) + " failed with " + error);
            }
        }
    }

    private void joinAgainAfterBackoff(long now) {
        if (state == State.JOINING || state == State.SYNCING || state == State.AWAITING_ASSIGNMENT) {
            state = State.UNJOINED;
            rejoinNeeded = subscribed;
        }
        backOff(now);
    }

    private void backOff(long now) {
        long delay = backoff.failed();
        nextJoinAt = now + delay;
        nextHeartbeatAt = now + delay;
    }

    /** Milliseconds until {@link #joinToSend} may return a request, Long.MAX_VALUE when no join is pending. */
    long msUntilJoin(long now) {
        if (!subscribed || !rejoinNeeded || joinInFlight || syncInFlight || state == State.FATAL) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, nextJoinAt - now);
    }
}
