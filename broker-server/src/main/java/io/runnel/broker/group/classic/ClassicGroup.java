package io.runnel.broker.group.classic;

import io.runnel.broker.group.core.Group;
import io.runnel.broker.group.core.GroupType;
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
 * and the rules that only look at it (protocol choice, member validation); the protocol flows that change it live in
 * {@link ClassicJoins}, {@link ClassicMemberRequests} and {@link ClassicRebalancer}, and what it allows on
 * committed offsets in {@code group.offset}. Only the coordinator thread touches it; only this package changes it.
 */
public final class ClassicGroup implements Group {
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

    /** An empty group without members or protocol: what a JoinGroup or an offset-only commit starts from. */
    public ClassicGroup(String groupId, long nowMs) {
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

    public ClassicGroupState state() {
        return state;
    }

    public boolean isIn(ClassicGroupState s) {
        return state == s;
    }

    public long stateTimestampMs() {
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

    public int generationId() {
        return generationId;
    }

    public String protocolName() {
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

    /** True while member ids handed out with MEMBER_ID_REQUIRED wait to be used: the group is about to fill. */
    public boolean hasPendingMembers() {
        return !pendingMembers.isEmpty();
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
    public ErrorCode validateMember(String memberId, String groupInstanceId) {
        if (groupInstanceId != null) {
            String current = staticMembers.get(groupInstanceId);
            if (current != null && !current.equals(memberId)) {
                return ErrorCode.FENCED_INSTANCE_ID;
            }
        }
        return members.containsKey(memberId) ? ErrorCode.NONE : ErrorCode.UNKNOWN_MEMBER_ID;
    }

    @Override
    public boolean isSubscribedTo(String topic) {
        return state != ClassicGroupState.EMPTY && subscribedTopics.contains(topic);
    }

    private Set<String> computeSubscribedTopics() {
        if (!Group.CONSUMER_PROTOCOL_TYPE.equals(protocolType) || protocolName == null) {
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
