package io.runnel.broker.group.classic;

import io.runnel.broker.group.core.CoordinatorContext;
import io.runnel.broker.group.core.Group;
import io.runnel.broker.group.core.GroupRequestContext;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.HeartbeatRequest;
import io.runnel.protocol.message.HeartbeatResponse;
import io.runnel.protocol.message.JoinGroupRequest;
import io.runnel.protocol.message.JoinGroupResponse;
import io.runnel.protocol.message.LeaveGroupRequest;
import io.runnel.protocol.message.LeaveGroupResponse;
import io.runnel.protocol.message.SyncGroupRequest;
import io.runnel.protocol.message.SyncGroupResponse;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * The classic protocol as the coordinator sees it: JoinGroup ({@link ClassicJoins}), SyncGroup, Heartbeat and
 * LeaveGroup ({@link ClassicMemberRequests}) over the rebalance machinery ({@link ClassicRebalancer}), and the
 * classic groups' part in start-up, deletion and shutdown.
 *
 * <p>Thread rule: every method runs on the coordinator thread. A request's future completes on it, at once or when
 * the rebalance decides; a group's metadata is stored before the answer that depends on it.
 */
public final class ClassicProtocol {
    private final CoordinatorContext ctx;
    private final ClassicRebalancer rebalancer;
    private final ClassicJoins joins;
    private final ClassicMemberRequests membership;

    public ClassicProtocol(CoordinatorContext ctx, ClassicGroupConfig config, ClassicGroupStore store) {
        this.ctx = ctx;
        this.rebalancer = new ClassicRebalancer(ctx, config, store);
        this.joins = new ClassicJoins(ctx, config, rebalancer);
        this.membership = new ClassicMemberRequests(ctx, rebalancer);
    }

    public void join(GroupRequestContext client, JoinGroupRequest request, CompletableFuture<JoinGroupResponse> out) {
        joins.join(client, request, out);
    }

    public void sync(GroupRequestContext client, SyncGroupRequest request, CompletableFuture<SyncGroupResponse> out) {
        membership.sync(client, request, out);
    }

    public void heartbeat(GroupRequestContext client, HeartbeatRequest request,
                          CompletableFuture<HeartbeatResponse> out) {
        membership.heartbeat(client, request, out);
    }

    public void leave(GroupRequestContext client, LeaveGroupRequest request,
                      CompletableFuture<LeaveGroupResponse> out) {
        membership.leave(client, request, out);
    }

    /** Restores the stored groups at start-up (Stable with their members, or Empty); returns how many. */
    public int load(Collection<StoredGroup> stored) {
        for (StoredGroup s : stored) {
            ClassicGroup group = ClassicGroup.restore(s);
            ctx.registry().put(group);
            for (ClassicMember m : group.members()) {
                rebalancer.scheduleSession(group, m);
            }
        }
        return stored.size();
    }

    /** Answers every parked JoinGroup and SyncGroup with {@code error} (the coordinator is closing). */
    public void answerParked(ErrorCode error) {
        for (Group group : ctx.registry().all()) {
            if (group instanceof ClassicGroup classic) {
                for (ClassicMember m : classic.members()) {
                    rebalancer.failParked(m, error);
                }
            }
        }
    }

    /** Makes a group that is being deleted Dead: its timers and pending member ids go. */
    public void forget(ClassicGroup group) {
        rebalancer.cancelTimers(group);
        group.pendingMembers().clear();
        group.transitionTo(ClassicGroupState.DEAD, ctx.nowMs());
    }
}
