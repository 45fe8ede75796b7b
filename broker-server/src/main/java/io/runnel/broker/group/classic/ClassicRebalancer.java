package io.runnel.broker.group.classic;

import io.runnel.broker.group.core.CoordinatorContext;
import io.runnel.broker.group.core.RebalanceReason;
import io.runnel.broker.group.core.GroupTimerKey;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.JoinGroupResponse;
import io.runnel.protocol.message.SyncGroupResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The rebalance machinery of classic groups: preparing a rebalance, waiting for members (with the initial delay
 * of a new group), deciding the next generation and answering the parked JoinGroups, handing out the leader's
 * assignment, and the timers that drop silent members (session timeout, members that never rejoin or never sync,
 * member ids handed out but never used). Runs on the coordinator thread only.
 */
final class ClassicRebalancer {
    private static final Logger LOG = LoggerFactory.getLogger(ClassicRebalancer.class);

    private final CoordinatorContext ctx;
    private final ClassicGroupConfig config;
    private final ClassicGroupStore store;

    ClassicRebalancer(CoordinatorContext ctx, ClassicGroupConfig config, ClassicGroupStore store) {
        this.ctx = ctx;
        this.config = config;
        this.store = store;
    }

    private boolean isCurrent(ClassicGroup group) {
        return ctx.registry().get(group.groupId()) == group;
    }

    // ---- rebalance phases ----

    /** Starts a rebalance from Empty, Stable or CompletingRebalance; during one, checks whether it can end. */
    void maybePrepareRebalance(ClassicGroup group, RebalanceReason kind, String reason) {
        switch (group.state()) {
            case EMPTY, STABLE, COMPLETING_REBALANCE -> prepareRebalance(group, kind, reason);
            case PREPARING_REBALANCE -> maybeCompleteJoin(group);
            case DEAD -> {
            }
        }
    }

    void prepareRebalance(ClassicGroup group, RebalanceReason kind, String reason) {
        ctx.registry().rebalances().record(group.groupId(), kind);
        if (group.isIn(ClassicGroupState.COMPLETING_REBALANCE)) {
            resetAndPropagateAssignmentError(group, ErrorCode.REBALANCE_IN_PROGRESS);
        }
        ctx.timers().cancel(GroupTimerKey.sync(group.groupId()));
        group.pendingSyncMembers().clear();
        boolean initial = group.isIn(ClassicGroupState.EMPTY) && config.initialRebalanceDelayMs() > 0;
        group.transitionTo(ClassicGroupState.PREPARING_REBALANCE, ctx.nowMs());
        LOG.info("Preparing to rebalance group {} in generation {}: {}", group.groupId(), group.generationId(),
                reason);
        if (initial) {
            group.newMemberAdded(false);
            int delay = config.initialRebalanceDelayMs();
            scheduleInitialDelay(group, delay, Math.max(group.maxRebalanceTimeoutMs() - delay, 0));
        } else {
            ctx.timers().schedule(GroupTimerKey.join(group.groupId()), group.maxRebalanceTimeoutMs(),
                    () -> completeJoin(group));
            maybeCompleteJoin(group);
        }
    }

    // A new group waits a little for more members; each newcomer buys one more delay, within the rebalance timeout.
    private void scheduleInitialDelay(ClassicGroup group, int delayMs, int remainingMs) {
        group.initialDelayActive(true);
        ctx.timers().schedule(GroupTimerKey.join(group.groupId()), delayMs, () -> {
            if (group.newMemberAdded() && remainingMs > 0) {
                group.newMemberAdded(false);
                int next = Math.min(delayMs, remainingMs);
                scheduleInitialDelay(group, next, remainingMs - next);
            } else {
                group.initialDelayActive(false);
                completeJoin(group);
            }
        });
    }

    /** Ends the join phase early once every member (and every member id handed out) has joined. */
    void maybeCompleteJoin(ClassicGroup group) {
        if (group.isIn(ClassicGroupState.PREPARING_REBALANCE) && !group.initialDelayActive()
                && group.allMembersJoined()) {
            completeJoin(group);
        }
    }

    /** Ends the join phase: drops members that did not rejoin, starts the next generation, answers the joins. */
    void completeJoin(ClassicGroup group) {
        if (!isCurrent(group) || !group.isIn(ClassicGroupState.PREPARING_REBALANCE)) {
            return;
        }
        ctx.timers().cancel(GroupTimerKey.join(group.groupId()));
        group.initialDelayActive(false);
        List<ClassicMember> notRejoined = new ArrayList<>();
        for (ClassicMember m : group.members()) {
            if (!m.isAwaitingJoin() && !m.isStatic()) {
                notRejoined.add(m);
            }
        }
        for (ClassicMember m : notRejoined) {
            LOG.info("Removing member {} from group {}: it did not rejoin within the rebalance timeout",
                    m.memberId(), group.groupId());
            removeMember(group, m, ErrorCode.UNKNOWN_MEMBER_ID);
        }
        if (group.size() > 0 && !group.electJoinedLeader()) {
            // Only silent static members are left: wait for them to rejoin or for their sessions to expire.
            ctx.timers().schedule(GroupTimerKey.join(group.groupId()), group.maxRebalanceTimeoutMs(),
                    () -> completeJoin(group));
            return;
        }
        group.initNextGeneration(ctx.nowMs());
        if (group.isIn(ClassicGroupState.EMPTY)) {
            LOG.info("Group {} is empty in generation {}", group.groupId(), group.generationId());
            storeGroupLogged(group);
            return;
        }
        LOG.info("Group {} enters generation {} with {} members, protocol {}, leader {}", group.groupId(),
                group.generationId(), group.size(), group.protocolName(), group.leaderId());
        for (ClassicMember m : group.members()) {
            ClassicMember.Parked<JoinGroupResponse> parked = m.awaitingJoin();
            if (parked != null) {
                m.awaitingJoin(null);
                m.isNew(false);
                boolean leader = group.isLeader(m.memberId());
                parked.future().complete(ClassicResponses.joinSuccess(group, m, parked.version(), leader, false));
                scheduleSession(group, m);
            }
            group.pendingSyncMembers().add(m.memberId());
        }
        int generation = group.generationId();
        ctx.timers().schedule(GroupTimerKey.sync(group.groupId()), group.maxRebalanceTimeoutMs(),
                () -> onSyncTimeout(group, generation));
    }

    private void onSyncTimeout(ClassicGroup group, int generation) {
        if (!isCurrent(group) || group.generationId() != generation || group.pendingSyncMembers().isEmpty()
                || !(group.isIn(ClassicGroupState.COMPLETING_REBALANCE) || group.isIn(ClassicGroupState.STABLE))) {
            return;
        }
        List<ClassicMember> missing = new ArrayList<>();
        for (String id : group.pendingSyncMembers()) {
            ClassicMember m = group.member(id);
            if (m != null) {
                missing.add(m);
            }
        }
        LOG.info("Removing {} member(s) from group {}: no SyncGroup within the rebalance timeout",
                missing.size(), group.groupId());
        removeMembers(group, missing, RebalanceReason.MEMBER_EXPIRED, "members did not sync in generation "
                + generation);
    }

    /** Gives every member its assignment from the leader and makes the group Stable. */
    void propagateAssignment(ClassicGroup group, Map<String, byte[]> assignments) {
        for (ClassicMember m : group.members()) {
            m.assignment(assignments.get(m.memberId()));
        }
        for (ClassicMember m : group.members()) {
            ClassicMember.Parked<SyncGroupResponse> parked = m.awaitingSync();
            if (parked != null) {
                m.awaitingSync(null);
                parked.future().complete(ClassicResponses.syncSuccess(group, m.assignment()));
                scheduleSession(group, m);
            }
        }
        group.transitionTo(ClassicGroupState.STABLE, ctx.nowMs());
        LOG.info("Group {} is stable in generation {}", group.groupId(), group.generationId());
    }

    void resetAndPropagateAssignmentError(ClassicGroup group, ErrorCode error) {
        for (ClassicMember m : group.members()) {
            m.assignment(ClassicMember.EMPTY);
            ClassicMember.Parked<SyncGroupResponse> parked = m.awaitingSync();
            if (parked != null) {
                m.awaitingSync(null);
                parked.future().complete(ClassicResponses.syncError(error));
            }
        }
    }

    // ---- members ----

    /** Parks a member's JoinGroup; one it had parked already is answered REBALANCE_IN_PROGRESS (it retries). */
    void parkJoin(ClassicMember member, ClassicMember.Parked<JoinGroupResponse> parked) {
        ClassicMember.Parked<JoinGroupResponse> previous = member.awaitingJoin();
        member.awaitingJoin(parked);
        if (previous != null) {
            previous.future().complete(ClassicResponses.joinError(previous.version(),
                    ErrorCode.REBALANCE_IN_PROGRESS, member.memberId()));
        }
    }

    /** Answers whatever a member has parked with {@code error}. */
    void failParked(ClassicMember member, ErrorCode error) {
        ClassicMember.Parked<JoinGroupResponse> join = member.awaitingJoin();
        if (join != null) {
            member.awaitingJoin(null);
            join.future().complete(ClassicResponses.joinError(join.version(), error, member.memberId()));
        }
        ClassicMember.Parked<SyncGroupResponse> sync = member.awaitingSync();
        if (sync != null) {
            member.awaitingSync(null);
            sync.future().complete(ClassicResponses.syncError(error));
        }
    }

    /** Removes members, answering what they parked with UNKNOWN_MEMBER_ID, and rebalances the rest. */
    void removeMembers(ClassicGroup group, List<ClassicMember> leaving, RebalanceReason kind, String reason) {
        if (leaving.isEmpty()) {
            return;
        }
        for (ClassicMember m : leaving) {
            removeMember(group, m, ErrorCode.UNKNOWN_MEMBER_ID);
        }
        maybePrepareRebalanceAfterLoss(group, kind, reason);
    }

    void maybePrepareRebalanceAfterLoss(ClassicGroup group, RebalanceReason kind, String reason) {
        switch (group.state()) {
            case STABLE, COMPLETING_REBALANCE -> prepareRebalance(group, kind, reason);
            case PREPARING_REBALANCE -> maybeCompleteJoin(group);
            case EMPTY, DEAD -> {
            }
        }
    }

    private void removeMember(ClassicGroup group, ClassicMember member, ErrorCode error) {
        group.remove(member.memberId());
        ctx.timers().cancel(GroupTimerKey.session(group.groupId(), member.memberId()));
        failParked(member, error);
    }

    /** (Re)starts a member's session timer; a new member waiting in its first rebalance gets longer. */
    void scheduleSession(ClassicGroup group, ClassicMember member) {
        long delay = member.isNew() && member.isAwaitingJoin()
                ? config.newMemberJoinTimeoutMs() : member.sessionTimeoutMs();
        String memberId = member.memberId();
        ctx.timers().schedule(GroupTimerKey.session(group.groupId(), memberId), delay,
                () -> onSessionExpired(group, memberId));
    }

    private void onSessionExpired(ClassicGroup group, String memberId) {
        ClassicMember member = group.member(memberId);
        if (!isCurrent(group) || member == null) {
            return;
        }
        if (member.isAwaitingSync() || (member.isAwaitingJoin() && !member.isNew())) {
            // A member parked in a rebalance cannot heartbeat; the rebalance's own deadlines handle it.
            scheduleSession(group, member);
            return;
        }
        LOG.info("Member {} of group {} expired: no heartbeat within its session timeout of {} ms", memberId,
                group.groupId(), member.sessionTimeoutMs());
        removeMembers(group, List.of(member), RebalanceReason.MEMBER_EXPIRED, "member " + memberId + " expired");
    }

    /** Remembers a member id handed out with MEMBER_ID_REQUIRED until the member uses it or its session ends. */
    void addPendingMember(ClassicGroup group, String memberId, int sessionTimeoutMs) {
        group.pendingMembers().add(memberId);
        ctx.timers().schedule(GroupTimerKey.pendingMember(group.groupId(), memberId), sessionTimeoutMs, () -> {
            if (isCurrent(group) && group.pendingMembers().remove(memberId)) {
                LOG.debug("Pending member {} of group {} never joined", memberId, group.groupId());
                maybeCompleteJoin(group);
            }
        });
    }

    void removePendingMember(ClassicGroup group, String memberId) {
        group.pendingMembers().remove(memberId);
        ctx.timers().cancel(GroupTimerKey.pendingMember(group.groupId(), memberId));
    }

    /** Cancels every timer of a group that is going away. */
    void cancelTimers(ClassicGroup group) {
        ctx.timers().cancel(GroupTimerKey.join(group.groupId()));
        ctx.timers().cancel(GroupTimerKey.sync(group.groupId()));
        for (ClassicMember m : group.members()) {
            ctx.timers().cancel(GroupTimerKey.session(group.groupId(), m.memberId()));
        }
        for (String pending : group.pendingMembers()) {
            ctx.timers().cancel(GroupTimerKey.pendingMember(group.groupId(), pending));
        }
    }

    // ---- persistence ----

    /** Writes the group's metadata; the future completes on the coordinator thread. */
    CompletableFuture<Void> storeGroup(ClassicGroup group) {
        StoredGroup snapshot = group.toStored();
        return ctx.write(() -> store.storeGroup(snapshot));
    }

    private void storeGroupLogged(ClassicGroup group) {
        storeGroup(group).whenComplete((v, failure) -> {
            if (failure != null) {
                LOG.warn("Could not store metadata of group {} in generation {}", group.groupId(),
                        group.generationId(), failure);
            }
        });
    }
}
