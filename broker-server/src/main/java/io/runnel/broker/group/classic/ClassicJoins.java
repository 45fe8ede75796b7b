package io.runnel.broker.group.classic;

import io.runnel.broker.group.core.CoordinatorContext;
import io.runnel.broker.group.core.RebalanceReason;
import io.runnel.broker.group.core.Group;
import io.runnel.broker.group.core.GroupException;
import io.runnel.broker.group.core.GroupRequestContext;
import io.runnel.broker.group.core.GroupTimerKey;
import io.runnel.broker.group.core.GroupType;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.JoinGroupRequest;
import io.runnel.protocol.message.JoinGroupResponse;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * JoinGroup for classic groups: request validation, the MEMBER_ID_REQUIRED handshake (v4+), new and returning
 * members, and static members (group.instance.id) taking over their previous member id. The answer is parked
 * until the rebalance decides the generation, except where Kafka answers at once. Runs on the coordinator thread.
 */
final class ClassicJoins {
    private final CoordinatorContext ctx;
    private final ClassicGroupConfig config;
    private final ClassicRebalancer rebalancer;

    ClassicJoins(CoordinatorContext ctx, ClassicGroupConfig config, ClassicRebalancer rebalancer) {
        this.ctx = ctx;
        this.config = config;
        this.rebalancer = rebalancer;
    }

    /** The fields of a JoinGroup, normalised for the version it came at. */
    private record Join(GroupRequestContext client, String memberId, String groupInstanceId, String protocolType,
                        List<ClassicMember.Protocol> protocols, int sessionTimeoutMs, int rebalanceTimeoutMs,
                        ClassicMember.Parked<JoinGroupResponse> parked) {
        short version() {
            return parked.version();
        }
    }

    void join(GroupRequestContext client, JoinGroupRequest request, CompletableFuture<JoinGroupResponse> out) {
        short version = client.apiVersion();
        String memberId = request.memberId() == null ? "" : request.memberId();
        String groupId = request.groupId();
        if (groupId == null || groupId.isEmpty()) {
            out.complete(ClassicResponses.joinError(version, ErrorCode.INVALID_GROUP_ID, memberId));
            return;
        }
        int session = request.sessionTimeoutMs();
        if (session < config.minSessionTimeoutMs() || session > config.maxSessionTimeoutMs()) {
            out.complete(ClassicResponses.joinError(version, ErrorCode.INVALID_SESSION_TIMEOUT, memberId));
            return;
        }
        // v0 has no rebalance timeout: the session timeout served as both.
        int rebalanceTimeout = version == 0 || request.rebalanceTimeoutMs() < 0
                ? session : request.rebalanceTimeoutMs();
        Join join = new Join(client, memberId, version >= 5 ? request.groupInstanceId() : null,
                request.protocolType(), ClassicMember.protocolsOf(request.protocols()), session, rebalanceTimeout,
                new ClassicMember.Parked<>(version, out));
        boolean existed = ctx.registry().get(groupId) != null;
        ClassicGroup group;
        try {
            group = classicForJoin(groupId, memberId.isEmpty());
        } catch (GroupException e) {
            out.complete(ClassicResponses.joinError(version, e.error(), memberId));
            return;
        }
        try {
            if (!group.supportsProtocols(memberId, join.protocolType(), join.protocols())) {
                throw new GroupException(ErrorCode.INCONSISTENT_GROUP_PROTOCOL,
                        "no protocol of member " + memberId + " is supported by group " + groupId);
            }
            if (group.staticMemberId(join.groupInstanceId()) == null && !acceptsJoiningMember(group, memberId)) {
                throw new GroupException(ErrorCode.GROUP_MAX_SIZE_REACHED,
                        "group " + groupId + " has reached group.max.size=" + config.maxSize());
            }
            if (memberId.isEmpty()) {
                joinNewMember(group, join);
            } else {
                joinKnownMember(group, join);
            }
        } catch (GroupException e) {
            out.complete(ClassicResponses.joinError(version, e.error(), memberId));
            if (!existed && group.isIn(ClassicGroupState.EMPTY) && group.size() == 0
                    && group.pendingMembers().isEmpty()) {
                ctx.registry().remove(groupId);
            }
        }
    }

    /**
     * The classic group a JoinGroup goes to: created when missing (only if {@code create}, i.e. the member has no id
     * yet), taking over an empty group of the other protocol.
     *
     * @throws GroupException UNKNOWN_MEMBER_ID for a member id in a group that does not exist,
     *                        INCONSISTENT_GROUP_PROTOCOL for a non-empty consumer-protocol group
     */
    private ClassicGroup classicForJoin(String groupId, boolean create) {
        Group group = ctx.registry().groupOfType(groupId, GroupType.CLASSIC);
        if (group != null) {
            return (ClassicGroup) group;
        }
        if (!create) {
            throw new GroupException(ErrorCode.UNKNOWN_MEMBER_ID, "group " + groupId + " does not exist");
        }
        ClassicGroup created = new ClassicGroup(groupId, ctx.nowMs());
        ctx.registry().put(created);
        return created;
    }

    // A static member replacing itself does not grow the group, so only other joins are counted.
    private boolean acceptsJoiningMember(ClassicGroup group, String memberId) {
        int max = config.maxSize();
        return switch (group.state()) {
            case EMPTY, DEAD -> true;
            case PREPARING_REBALANCE -> {
                ClassicMember m = group.member(memberId);
                if (m != null && m.isAwaitingJoin()) {
                    yield true;
                }
                int awaiting = 0;
                for (ClassicMember other : group.members()) {
                    awaiting += other.isAwaitingJoin() ? 1 : 0;
                }
                yield awaiting < max;
            }
            case COMPLETING_REBALANCE, STABLE -> group.has(memberId) || group.size() < max;
        };
    }

    private void joinNewMember(ClassicGroup group, Join join) {
        String newMemberId = join.client().clientId() + "-" + UUID.randomUUID();
        if (join.groupInstanceId() != null) {
            String existing = group.staticMemberId(join.groupInstanceId());
            if (existing != null) {
                replaceStaticMember(group, existing, newMemberId, join);
            } else {
                addMemberAndRebalance(group, newMemberId, join);
            }
        } else if (join.version() >= 4) {
            // v4+: the member must come back with this id, so a retried request cannot create a second member.
            rebalancer.addPendingMember(group, newMemberId, join.sessionTimeoutMs());
            join.parked().future().complete(
                    ClassicResponses.joinError(join.version(), ErrorCode.MEMBER_ID_REQUIRED, newMemberId));
        } else {
            addMemberAndRebalance(group, newMemberId, join);
        }
    }

    private void joinKnownMember(ClassicGroup group, Join join) {
        String memberId = join.memberId();
        if (group.pendingMembers().contains(memberId)) {
            rebalancer.removePendingMember(group, memberId);
            addMemberAndRebalance(group, memberId, join);
            return;
        }
        ErrorCode memberError = group.validateMember(memberId, join.groupInstanceId());
        if (memberError != ErrorCode.NONE) {
            throw new GroupException(memberError, "member " + memberId + " may not join group " + group.groupId());
        }
        ClassicMember member = group.member(memberId);
        switch (group.state()) {
            case PREPARING_REBALANCE -> updateMemberAndRebalance(group, member, join);
            case COMPLETING_REBALANCE -> {
                if (member.sameProtocols(join.protocols())) {
                    // It probably missed the JoinGroup answer of this generation: send it again.
                    answerCurrentGeneration(group, member, join);
                } else {
                    updateMemberAndRebalance(group, member, join);
                }
            }
            case STABLE -> {
                if (group.isLeader(memberId) || !member.sameProtocols(join.protocols())) {
                    // The leader rejoins to make the group reassign (e.g. its topics changed).
                    updateMemberAndRebalance(group, member, join);
                } else {
                    answerCurrentGeneration(group, member, join);
                }
            }
            case EMPTY, DEAD -> throw new GroupException(ErrorCode.UNKNOWN_MEMBER_ID,
                    "group " + group.groupId() + " has no member " + memberId);
        }
    }

    private void addMemberAndRebalance(ClassicGroup group, String memberId, Join join) {
        ClassicMember member = new ClassicMember(memberId, join.groupInstanceId(), join.client().clientId(),
                join.client().clientHost(), join.rebalanceTimeoutMs(), join.sessionTimeoutMs(),
                join.protocolType(), join.protocols());
        member.isNew(true);
        member.awaitingJoin(join.parked());
        group.add(member);
        if (group.initialDelayActive()) {
            group.newMemberAdded(true);
        }
        rebalancer.scheduleSession(group, member);
        rebalancer.maybePrepareRebalance(group, RebalanceReason.MEMBER_JOINED, "member " + memberId + " joined");
    }

    private void updateMemberAndRebalance(ClassicGroup group, ClassicMember member, Join join) {
        member.update(join.client().clientId(), join.client().clientHost(), join.rebalanceTimeoutMs(),
                join.sessionTimeoutMs(), join.protocols());
        rebalancer.parkJoin(member, join.parked());
        rebalancer.scheduleSession(group, member);
        rebalancer.maybePrepareRebalance(group, RebalanceReason.MEMBER_JOINED,
                "member " + member.memberId() + " rejoined");
    }

    private void answerCurrentGeneration(ClassicGroup group, ClassicMember member, Join join) {
        rebalancer.scheduleSession(group, member);
        boolean leader = group.isLeader(member.memberId());
        join.parked().future().complete(
                ClassicResponses.joinSuccess(group, member, join.version(), leader, false));
    }

    /**
     * A static member came back without its member id: the new id replaces the old one, whose parked requests are
     * fenced. In a Stable group with unchanged protocols this needs no rebalance: the member keeps its assignment.
     */
    private void replaceStaticMember(ClassicGroup group, String oldMemberId, String newMemberId, Join join) {
        ClassicMember old = group.member(oldMemberId);
        rebalancer.failParked(old, ErrorCode.FENCED_INSTANCE_ID);
        ctx.timers().cancel(GroupTimerKey.session(group.groupId(), oldMemberId));
        ClassicMember member = group.replaceStaticMember(oldMemberId, newMemberId);
        boolean protocolChanged = group.protocolName() == null
                || !Arrays.equals(member.metadataFor(group.protocolName()), metadataFor(join, group.protocolName()));
        member.update(join.client().clientId(), join.client().clientHost(), join.rebalanceTimeoutMs(),
                join.sessionTimeoutMs(), join.protocols());
        switch (group.state()) {
            case STABLE -> {
                if (protocolChanged) {
                    rebalancer.parkJoin(member, join.parked());
                    rebalancer.scheduleSession(group, member);
                    rebalancer.prepareRebalance(group, RebalanceReason.STATIC_MEMBER_REJOINED, "static member "
                            + join.groupInstanceId()
                            + " rejoined with other protocols");
                } else {
                    rebalancer.scheduleSession(group, member);
                    rejoinStableWithoutRebalance(group, oldMemberId, member, join);
                }
            }
            case COMPLETING_REBALANCE -> {
                // The leader may have seen only the old id: assign again.
                rebalancer.parkJoin(member, join.parked());
                rebalancer.scheduleSession(group, member);
                rebalancer.prepareRebalance(group, RebalanceReason.STATIC_MEMBER_REJOINED, "static member "
                            + join.groupInstanceId()
                        + " rejoined while the group was completing a rebalance");
            }
            case PREPARING_REBALANCE -> {
                rebalancer.parkJoin(member, join.parked());
                rebalancer.scheduleSession(group, member);
                rebalancer.maybeCompleteJoin(group);
            }
            case EMPTY, DEAD -> throw new IllegalStateException(
                    "group " + group.groupId() + " holds static member " + oldMemberId + " in state "
                            + group.stateName());
        }
    }

    private void rejoinStableWithoutRebalance(ClassicGroup group, String oldMemberId, ClassicMember member,
                                              Join join) {
        String newMemberId = member.memberId();
        rebalancer.storeGroup(group).whenComplete((v, failure) -> {
            if (failure != null) {
                if (group.member(newMemberId) != null) {
                    ctx.timers().cancel(GroupTimerKey.session(group.groupId(), newMemberId));
                    ClassicMember restored = group.replaceStaticMember(newMemberId, oldMemberId);
                    rebalancer.scheduleSession(group, restored);
                }
                join.parked().future().complete(ClassicResponses.joinError(join.version(),
                        GroupException.ofFailedWrite(failure), join.memberId()));
                return;
            }
            // The leader learns the members again but must not reassign (v9 skipAssignment); older clients'
            // leaders send an assignment that the Stable group ignores.
            boolean leader = group.isLeader(newMemberId);
            join.parked().future().complete(ClassicResponses.joinSuccess(group, member, join.version(), leader,
                    leader && join.version() >= 9));
        });
    }

    private static byte[] metadataFor(Join join, String protocolName) {
        for (ClassicMember.Protocol p : join.protocols()) {
            if (p.name().equals(protocolName)) {
                return p.metadata();
            }
        }
        return null;
    }
}
