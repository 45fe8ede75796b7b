package io.runnel.broker.group;

import io.runnel.protocol.ErrorCode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A classic-protocol group: its state, generation, chosen protocol, leader and members. This class holds the data
 * and the rules that only look at it (protocol choice, member validation, offset fencing); the protocol flows that
 * change it live in {@link ClassicJoinHandler}, {@link ClassicMembershipHandler} and {@link ClassicRebalancer}.
 * Only the coordinator thread touches it.
 */
final class ClassicGroup implements Group {
    static final String CONSUMER_PROTOCOL_TYPE = "consumer";

    private final String groupId;
    private ClassicGroupState state = ClassicGroupState.EMPTY;
    private long stateTimestampMs;
    private int generationId;
    private String protocolType;
    private String protocolName;
    private String leaderId;
    private final LinkedHashMap<String, ClassicMember> members = new LinkedHashMap<>();
    private final Set<String> pendingMembers = new HashSet<>();
    private final Map<String, String> staticMembers = new HashMap<>();
    private final Set<String> pendingSyncMembers = new HashSet<>();
    private Set<String> subscribedTopics = Set.of();
    private boolean newMemberAdded;
    private boolean initialDelayActive;

    ClassicGroup(String groupId, long nowMs) {
        this.groupId = groupId;
        this.stateTimestampMs = nowMs;
    }

    /** A group as it was stored: Stable with its members, or Empty. */
    static ClassicGroup restore(StoredGroup stored) {
        ClassicGroup group = new ClassicGroup(stored.groupId(), stored.stateTimestampMs());
        group.generationId = stored.generationId();
        group.protocolType = stored.protocolType() == null || stored.protocolType().isEmpty()
                ? null : stored.protocolType();
        group.protocolName = stored.protocolName();
        for (StoredGroup.StoredMember m : stored.members()) {
            ClassicMember member = new ClassicMember(m.memberId(), m.groupInstanceId(), m.clientId(),
                    m.clientHost(), m.rebalanceTimeoutMs(), m.sessionTimeoutMs(), group.protocolType,
                    List.of(new ClassicMember.Protocol(stored.protocolName(), m.subscription())));
            member.assignment(m.assignment());
            group.add(member);
        }
        if (!group.members.isEmpty()) {
            group.leaderId = stored.leaderId() != null && group.members.containsKey(stored.leaderId())
                    ? stored.leaderId() : group.members.keySet().iterator().next();
            group.state = ClassicGroupState.STABLE;
            group.subscribedTopics = group.computeSubscribedTopics();
        }
        return group;
    }

    /** What is persisted of this group now. */
    StoredGroup toStored() {
        List<StoredGroup.StoredMember> stored = new ArrayList<>(members.size());
        for (ClassicMember m : members.values()) {
            byte[] subscription = protocolName == null ? ClassicMember.EMPTY : m.metadataFor(protocolName);
            stored.add(new StoredGroup.StoredMember(m.memberId(), m.groupInstanceId(), m.clientId(),
                    m.clientHost(), m.rebalanceTimeoutMs(), m.sessionTimeoutMs(),
                    subscription == null ? ClassicMember.EMPTY : subscription, m.assignment()));
        }
        return new StoredGroup(groupId, protocolType(), generationId, protocolName, leaderId, stateTimestampMs,
                stored);
    }

    @Override
    public String groupId() {
        return groupId;
    }

    @Override
    public GroupType type() {
        return GroupType.CLASSIC;
    }

    @Override
    public String stateName() {
        return state.kafkaName();
    }

    @Override
    public String protocolType() {
        return protocolType == null ? "" : protocolType;
    }

    @Override
    public boolean isEmpty() {
        return state == ClassicGroupState.EMPTY;
    }

    ClassicGroupState state() {
        return state;
    }

    boolean isIn(ClassicGroupState s) {
        return state == s;
    }

    long stateTimestampMs() {
        return stateTimestampMs;
    }

    void transitionTo(ClassicGroupState target, long nowMs) {
        if (!target.validPrevious().contains(state)) {
            throw new IllegalStateException("group " + groupId + " cannot go from " + state.kafkaName() + " to "
                    + target.kafkaName());
        }
        state = target;
        stateTimestampMs = nowMs;
    }

    int generationId() {
        return generationId;
    }

    String protocolName() {
        return protocolName;
    }

    String leaderId() {
        return leaderId;
    }

    boolean isLeader(String memberId) {
        return memberId.equals(leaderId);
    }

    boolean newMemberAdded() {
        return newMemberAdded;
    }

    void newMemberAdded(boolean value) {
        newMemberAdded = value;
    }

    boolean initialDelayActive() {
        return initialDelayActive;
    }

    void initialDelayActive(boolean value) {
        initialDelayActive = value;
    }

    // ---- members ----

    ClassicMember member(String memberId) {
        return members.get(memberId);
    }

    Collection<ClassicMember> members() {
        return members.values();
    }

    int size() {
        return members.size();
    }

    boolean has(String memberId) {
        return members.containsKey(memberId);
    }

    void add(ClassicMember member) {
        if (members.isEmpty()) {
            protocolType = member.protocolType();
        }
        members.put(member.memberId(), member);
        if (member.isStatic()) {
            staticMembers.put(member.groupInstanceId(), member.memberId());
        }
        if (leaderId == null) {
            leaderId = member.memberId();
        }
    }

    /** Removes a member; a removed leader is succeeded by the oldest remaining member. */
    ClassicMember remove(String memberId) {
        ClassicMember removed = members.remove(memberId);
        if (removed == null) {
            return null;
        }
        if (removed.isStatic() && memberId.equals(staticMembers.get(removed.groupInstanceId()))) {
            staticMembers.remove(removed.groupInstanceId());
        }
        pendingSyncMembers.remove(memberId);
        if (memberId.equals(leaderId)) {
            leaderId = members.isEmpty() ? null : members.keySet().iterator().next();
        }
        return removed;
    }

    /** Swaps a static member's old id for the new one, keeping its place, data and leadership. */
    ClassicMember replaceStaticMember(String oldMemberId, String newMemberId) {
        ClassicMember old = members.get(oldMemberId);
        ClassicMember replacement = old.withMemberId(newMemberId);
        LinkedHashMap<String, ClassicMember> reordered = new LinkedHashMap<>();
        for (Map.Entry<String, ClassicMember> e : members.entrySet()) {
            if (e.getKey().equals(oldMemberId)) {
                reordered.put(newMemberId, replacement);
            } else {
                reordered.put(e.getKey(), e.getValue());
            }
        }
        members.clear();
        members.putAll(reordered);
        staticMembers.put(old.groupInstanceId(), newMemberId);
        if (pendingSyncMembers.remove(oldMemberId)) {
            pendingSyncMembers.add(newMemberId);
        }
        if (oldMemberId.equals(leaderId)) {
            leaderId = newMemberId;
        }
        return replacement;
    }

    /** The member id currently holding a static instance id, null when none. */
    String staticMemberId(String groupInstanceId) {
        return groupInstanceId == null ? null : staticMembers.get(groupInstanceId);
    }

    Set<String> pendingMembers() {
        return pendingMembers;
    }

    Set<String> pendingSyncMembers() {
        return pendingSyncMembers;
    }

    boolean allMembersJoined() {
        if (!pendingMembers.isEmpty()) {
            return false;
        }
        for (ClassicMember m : members.values()) {
            if (!m.isAwaitingJoin()) {
                return false;
            }
        }
        return true;
    }

    /** The longest rebalance timeout among members: how long a rebalance waits for them. */
    int maxRebalanceTimeoutMs() {
        int max = 0;
        for (ClassicMember m : members.values()) {
            max = Math.max(max, m.rebalanceTimeoutMs());
        }
        return max;
    }

    /** Makes sure the leader is a member that rejoined; false when no member rejoined. */
    boolean electJoinedLeader() {
        ClassicMember leader = leaderId == null ? null : members.get(leaderId);
        if (leader != null && leader.isAwaitingJoin()) {
            return true;
        }
        for (ClassicMember m : members.values()) {
            if (m.isAwaitingJoin()) {
                leaderId = m.memberId();
                return true;
            }
        }
        return false;
    }

    /** Starts the next generation: with a chosen protocol and CompletingRebalance, or Empty without members. */
    void initNextGeneration(long nowMs) {
        generationId++;
        if (members.isEmpty()) {
            protocolName = null;
            subscribedTopics = Set.of();
            transitionTo(ClassicGroupState.EMPTY, nowMs);
        } else {
            protocolName = selectProtocol();
            subscribedTopics = computeSubscribedTopics();
            transitionTo(ClassicGroupState.COMPLETING_REBALANCE, nowMs);
        }
    }

    // ---- protocols ----

    /** Whether a member with these protocols may join; see {@link ClassicProtocols#supports}. */
    boolean supportsProtocols(String memberId, String memberProtocolType, List<ClassicMember.Protocol> protocols) {
        return ClassicProtocols.supports(members, protocolType, memberId, memberProtocolType, protocols);
    }

    String selectProtocol() {
        return ClassicProtocols.select(groupId, members.values());
    }

    // ---- validation ----

    /** FENCED_INSTANCE_ID for a stale static member, UNKNOWN_MEMBER_ID for a stranger, else NONE. */
    ErrorCode validateMember(String memberId, String groupInstanceId) {
        if (groupInstanceId != null) {
            String current = staticMembers.get(groupInstanceId);
            if (current != null && !current.equals(memberId)) {
                return ErrorCode.FENCED_INSTANCE_ID;
            }
        }
        return members.containsKey(memberId) ? ErrorCode.NONE : ErrorCode.UNKNOWN_MEMBER_ID;
    }

    @Override
    public OffsetCommitValidator validateOffsetCommit(String memberId, String groupInstanceId, int generation,
                                                      short apiVersion) {
        ErrorCode error = offsetCommitError(memberId, groupInstanceId, generation);
        return error == ErrorCode.NONE ? OffsetCommitValidator.ACCEPT_ALL : OffsetCommitValidator.refuseAll(error);
    }

    /** The error of a whole OffsetCommit from this member, or NONE. */
    ErrorCode offsetCommitError(String memberId, String groupInstanceId, int generation) {
        if (state == ClassicGroupState.DEAD) {
            return ErrorCode.COORDINATOR_NOT_AVAILABLE;
        }
        boolean simple = generation < 0 && (memberId == null || memberId.isEmpty()) && groupInstanceId == null;
        if (simple) {
            // Kafka accepts commits from outside the group only while nobody is in it.
            return state == ClassicGroupState.EMPTY ? ErrorCode.NONE : ErrorCode.UNKNOWN_MEMBER_ID;
        }
        ErrorCode memberError = validateMember(memberId == null ? "" : memberId, groupInstanceId);
        if (memberError != ErrorCode.NONE) {
            return memberError;
        }
        if (generation != generationId) {
            return ErrorCode.ILLEGAL_GENERATION;
        }
        if (state == ClassicGroupState.COMPLETING_REBALANCE) {
            // The member saw the new generation in its JoinGroup answer but has no assignment yet.
            return ErrorCode.REBALANCE_IN_PROGRESS;
        }
        return ErrorCode.NONE;
    }

    @Override
    public ErrorCode validateOffsetFetch(String memberId, int memberEpoch, short apiVersion) {
        return state == ClassicGroupState.DEAD ? ErrorCode.GROUP_ID_NOT_FOUND : ErrorCode.NONE;
    }

    @Override
    public ErrorCode validateOffsetDelete() {
        if (state == ClassicGroupState.DEAD) {
            return ErrorCode.GROUP_ID_NOT_FOUND;
        }
        if (state != ClassicGroupState.EMPTY && !CONSUMER_PROTOCOL_TYPE.equals(protocolType)) {
            return ErrorCode.NON_EMPTY_GROUP;
        }
        return ErrorCode.NONE;
    }

    @Override
    public boolean isSubscribedTo(String topic) {
        return state != ClassicGroupState.EMPTY && subscribedTopics.contains(topic);
    }

    @Override
    public long offsetExpiryBaseMs(String topic, CommittedOffset offset) {
        if (protocolType == null) {
            return offset.commitTimestampMs();
        }
        if (state == ClassicGroupState.EMPTY) {
            return Math.max(stateTimestampMs, offset.commitTimestampMs());
        }
        if (state == ClassicGroupState.STABLE && CONSUMER_PROTOCOL_TYPE.equals(protocolType)
                && !subscribedTopics.contains(topic)) {
            return offset.commitTimestampMs();
        }
        return -1;
    }

    private Set<String> computeSubscribedTopics() {
        if (!CONSUMER_PROTOCOL_TYPE.equals(protocolType) || protocolName == null) {
            return Set.of();
        }
        Set<String> topics = new LinkedHashSet<>();
        for (ClassicMember m : members.values()) {
            byte[] metadata = m.metadataFor(protocolName);
            if (metadata != null) {
                topics.addAll(ConsumerProtocolSubscription.topics(metadata));
            }
        }
        return topics;
    }

    @Override
    public String toString() {
        return "classic group " + groupId + " (" + state.kafkaName() + ", generation " + generationId + ")";
    }
}
