package io.runnel.broker.group.classic;

import io.runnel.broker.group.core.CoordinatorContext;
import io.runnel.broker.group.core.RebalanceReason;
import io.runnel.broker.group.core.GroupException;
import io.runnel.broker.group.core.GroupRequestContext;
import io.runnel.broker.group.core.GroupTimerKey;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.HeartbeatRequest;
import io.runnel.protocol.message.HeartbeatResponse;
import io.runnel.protocol.message.LeaveGroupRequest;
import io.runnel.protocol.message.LeaveGroupRequest.MemberIdentity;
import io.runnel.protocol.message.LeaveGroupResponse;
import io.runnel.protocol.message.LeaveGroupResponse.MemberResponse;
import io.runnel.protocol.message.SyncGroupRequest;
import io.runnel.protocol.message.SyncGroupRequest.SyncGroupRequestAssignment;
import io.runnel.protocol.message.SyncGroupResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * SyncGroup, Heartbeat and LeaveGroup for classic groups, with Kafka's error codes: a member of an older
 * generation gets ILLEGAL_GENERATION, a member the group does not know UNKNOWN_MEMBER_ID, a replaced static
 * member FENCED_INSTANCE_ID, and a member that should rejoin REBALANCE_IN_PROGRESS. Runs on the coordinator
 * thread.
 */
final class ClassicMemberRequests {
    private static final Logger LOG = LoggerFactory.getLogger(ClassicMemberRequests.class);

    private final CoordinatorContext ctx;
    private final ClassicRebalancer rebalancer;

    ClassicMemberRequests(CoordinatorContext ctx, ClassicRebalancer rebalancer) {
        this.ctx = ctx;
        this.rebalancer = rebalancer;
    }

    // ---- SyncGroup ----

    void sync(GroupRequestContext client, SyncGroupRequest request, CompletableFuture<SyncGroupResponse> out) {
        short version = client.apiVersion();
        String groupId = request.groupId();
        if (groupId == null || groupId.isEmpty()) {
            out.complete(ClassicResponses.syncError(ErrorCode.INVALID_GROUP_ID));
            return;
        }
        ClassicGroup group = ctx.registry().get(groupId, ClassicGroup.class);
        if (group == null) {
            out.complete(ClassicResponses.syncError(ErrorCode.UNKNOWN_MEMBER_ID));
            return;
        }
        String memberId = request.memberId();
        String instanceId = version >= 3 ? request.groupInstanceId() : null;
        ErrorCode error = group.validateMember(memberId, instanceId);
        if (error == ErrorCode.NONE && request.generationId() != group.generationId()) {
            error = ErrorCode.ILLEGAL_GENERATION;
        }
        if (error == ErrorCode.NONE && version >= 5 && !protocolMatches(group, request)) {
            error = ErrorCode.INCONSISTENT_GROUP_PROTOCOL;
        }
        if (error != ErrorCode.NONE) {
            out.complete(ClassicResponses.syncError(error));
            return;
        }
        ClassicMember member = group.member(memberId);
        switch (group.state()) {
            case EMPTY, DEAD -> out.complete(ClassicResponses.syncError(ErrorCode.UNKNOWN_MEMBER_ID));
            case PREPARING_REBALANCE -> out.complete(ClassicResponses.syncError(ErrorCode.REBALANCE_IN_PROGRESS));
            case COMPLETING_REBALANCE -> {
                ClassicMember.Parked<SyncGroupResponse> previous = member.awaitingSync();
                if (previous != null) {
                    previous.future().complete(ClassicResponses.syncError(ErrorCode.REBALANCE_IN_PROGRESS));
                }
                member.awaitingSync(new ClassicMember.Parked<>(version, out));
                markSynced(group, memberId);
                rebalancer.scheduleSession(group, member);
                if (group.isLeader(memberId)) {
                    acceptLeaderAssignment(group, request.assignments());
                }
            }
            case STABLE -> {
                markSynced(group, memberId);
                rebalancer.scheduleSession(group, member);
                out.complete(ClassicResponses.syncSuccess(group, member.assignment()));
            }
        }
    }

    private static boolean protocolMatches(ClassicGroup group, SyncGroupRequest request) {
        return (request.protocolType() == null || request.protocolType().equals(group.protocolType()))
                && (request.protocolName() == null || request.protocolName().equals(group.protocolName()));
    }

    private void markSynced(ClassicGroup group, String memberId) {
        if (group.pendingSyncMembers().remove(memberId) && group.pendingSyncMembers().isEmpty()) {
            ctx.timers().cancel(GroupTimerKey.sync(group.groupId()));
        }
    }

    private void acceptLeaderAssignment(ClassicGroup group, List<SyncGroupRequestAssignment> assignments) {
        Map<String, byte[]> byMember = new HashMap<>();
        for (SyncGroupRequestAssignment a : assignments) {
            if (group.has(a.memberId())) {
                byMember.put(a.memberId(), a.assignment());
            }
        }
        for (ClassicMember m : group.members()) {
            m.assignment(byMember.get(m.memberId()));
        }
        int generation = group.generationId();
        rebalancer.storeGroup(group).whenComplete((v, failure) -> {
            if (ctx.registry().get(group.groupId()) != group || group.generationId() != generation
                    || !group.isIn(ClassicGroupState.COMPLETING_REBALANCE)) {
                return;
            }
            if (failure != null) {
                LOG.warn("Could not store the assignment of group {} generation {}", group.groupId(), generation,
                        failure);
                rebalancer.resetAndPropagateAssignmentError(group, GroupException.ofFailedWrite(failure));
                rebalancer.prepareRebalance(group, RebalanceReason.ASSIGNMENT_NOT_STORED,
                        "storing the assignment failed");
            } else {
                rebalancer.propagateAssignment(group, byMember);
            }
        });
    }

    // ---- Heartbeat ----

    void heartbeat(GroupRequestContext client, HeartbeatRequest request, CompletableFuture<HeartbeatResponse> out) {
        out.complete(new HeartbeatResponse().errorCode(heartbeatError(client.apiVersion(), request).code()));
    }

    private ErrorCode heartbeatError(short version, HeartbeatRequest request) {
        String groupId = request.groupId();
        if (groupId == null || groupId.isEmpty()) {
            return ErrorCode.INVALID_GROUP_ID;
        }
        ClassicGroup group = ctx.registry().get(groupId, ClassicGroup.class);
        if (group == null) {
            return ErrorCode.UNKNOWN_MEMBER_ID;
        }
        String memberId = request.memberId();
        ErrorCode error = group.validateMember(memberId, version >= 3 ? request.groupInstanceId() : null);
        if (error != ErrorCode.NONE) {
            return error;
        }
        if (request.generationId() != group.generationId()) {
            return ErrorCode.ILLEGAL_GENERATION;
        }
        ClassicMember member = group.member(memberId);
        return switch (group.state()) {
            case EMPTY, DEAD -> ErrorCode.UNKNOWN_MEMBER_ID;
            case PREPARING_REBALANCE -> {
                rebalancer.scheduleSession(group, member);
                yield ErrorCode.REBALANCE_IN_PROGRESS;
            }
            case COMPLETING_REBALANCE, STABLE -> {
                // Members may heartbeat as soon as they have their JoinGroup answer, before SyncGroup.
                rebalancer.scheduleSession(group, member);
                yield ErrorCode.NONE;
            }
        };
    }

    // ---- LeaveGroup ----

    void leave(GroupRequestContext client, LeaveGroupRequest request, CompletableFuture<LeaveGroupResponse> out) {
        short version = client.apiVersion();
        List<MemberIdentity> identities = version >= 3 ? request.members()
                : List.of(new MemberIdentity().memberId(request.memberId()));
        if (request.groupId() == null || request.groupId().isEmpty()) {
            out.complete(new LeaveGroupResponse().errorCode(ErrorCode.INVALID_GROUP_ID.code()).members(List.of()));
            return;
        }
        ClassicGroup group = ctx.registry().get(request.groupId(), ClassicGroup.class);
        if (group == null) {
            // No such classic group: nobody named can be in it.
            List<MemberResponse> unknown = new ArrayList<>(identities.size());
            for (MemberIdentity identity : identities) {
                unknown.add(new MemberResponse().memberId(identity.memberId())
                        .groupInstanceId(identity.groupInstanceId()).errorCode(ErrorCode.UNKNOWN_MEMBER_ID.code()));
            }
            out.complete(leaveResponse(version, unknown));
            return;
        }
        List<MemberResponse> answers = new ArrayList<>(identities.size());
        List<ClassicMember> leaving = new ArrayList<>();
        boolean pendingLeft = false;
        for (MemberIdentity identity : identities) {
            String memberId = identity.memberId() == null ? "" : identity.memberId();
            String instanceId = identity.groupInstanceId();
            ErrorCode error;
            if (instanceId != null) {
                String current = group.staticMemberId(instanceId);
                if (current == null) {
                    error = ErrorCode.UNKNOWN_MEMBER_ID;
                } else if (!memberId.isEmpty() && !memberId.equals(current)) {
                    error = ErrorCode.FENCED_INSTANCE_ID;
                } else {
                    error = ErrorCode.NONE;
                    addLeaving(group, current, leaving);
                }
            } else if (group.pendingMembers().contains(memberId)) {
                rebalancer.removePendingMember(group, memberId);
                pendingLeft = true;
                error = ErrorCode.NONE;
            } else if (group.has(memberId)) {
                error = ErrorCode.NONE;
                addLeaving(group, memberId, leaving);
            } else {
                error = ErrorCode.UNKNOWN_MEMBER_ID;
            }
            answers.add(new MemberResponse().memberId(memberId).groupInstanceId(instanceId)
                    .errorCode(error.code()));
        }
        if (!leaving.isEmpty()) {
            rebalancer.removeMembers(group, leaving, RebalanceReason.MEMBER_LEFT, leaving.size()
                    + " member(s) left the group");
        } else if (pendingLeft) {
            rebalancer.maybeCompleteJoin(group);
        }
        out.complete(leaveResponse(version, answers));
    }

    // v3+ answers per member; before, the one member's error is the response's.
    private static LeaveGroupResponse leaveResponse(short version, List<MemberResponse> answers) {
        if (version >= 3) {
            return new LeaveGroupResponse().errorCode(ErrorCode.NONE.code()).members(answers);
        }
        short error = answers.isEmpty() ? ErrorCode.NONE.code() : answers.get(0).errorCode();
        return new LeaveGroupResponse().errorCode(error).members(List.of());
    }

    private static void addLeaving(ClassicGroup group, String memberId, List<ClassicMember> leaving) {
        ClassicMember member = group.member(memberId);
        if (member != null && !leaving.contains(member)) {
            leaving.add(member);
        }
    }
}
