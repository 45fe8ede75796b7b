package io.runnel.broker.group.consumer;

import io.runnel.broker.group.assignor.Assignment;
import io.runnel.broker.group.assignor.TopicIdPartition;

/**
 * Moves one member a step towards its target assignment, the KIP-848 way: first it must revoke what the target no
 * longer gives it (its epoch stays until it reports them gone), then it gets its target epoch and every target
 * partition that nobody else holds; partitions still held by others come on later heartbeats, once released.
 */
final class MemberReconciler {

    private MemberReconciler() {
    }

    /** The member's next state: its epoch, state, assigned partitions and partitions it must still revoke. */
    record Step(int memberEpoch, MemberState state, Assignment assigned, Assignment pendingRevocation) {
    }

    /**
     * The next step of {@code member} given the group's target.
     *
     * @param targetEpoch     the target assignment's epoch
     * @param target          the member's target partitions
     * @param ownership       who holds which partition now
     * @param reportedOwned   the partitions the member reported owning in this heartbeat, or null if it did not say
     */
    static Step next(ConsumerGroupMember member, int targetEpoch, Assignment target, PartitionOwnership ownership,
                     Assignment reportedOwned) {
        Step current = new Step(member.memberEpoch(), member.state(), member.assignedPartitions(),
                member.partitionsPendingRevocation());
        switch (member.state()) {
            case UNREVOKED_PARTITIONS:
                if (reportedOwned == null || reportedOwned.intersects(member.partitionsPendingRevocation())) {
                    return current;
                }
                return towardsTarget(member, targetEpoch, target, ownership);
            case STABLE:
                if (member.memberEpoch() == targetEpoch && member.assignedPartitions().equals(target)) {
                    return current;
                }
                return towardsTarget(member, targetEpoch, target, ownership);
            case UNRELEASED_PARTITIONS:
                return towardsTarget(member, targetEpoch, target, ownership);
            default:
                throw new IllegalStateException("Member " + member.memberId() + " in unknown state " + member.state());
        }
    }

    private static Step towardsTarget(ConsumerGroupMember member, int targetEpoch, Assignment target,
                                      PartitionOwnership ownership) {
        Assignment assigned = member.assignedPartitions();
        Assignment toRevoke = assigned.minus(target);
        if (!toRevoke.isEmpty()) {
            return new Step(member.memberEpoch(), MemberState.UNREVOKED_PARTITIONS, assigned.intersect(target), toRevoke);
        }
        Assignment wanted = target.minus(assigned);
        Assignment.Builder next = Assignment.builder().addAll(assigned);
        boolean waiting = false;
        for (TopicIdPartition tp : wanted.partitionList()) {
            if (ownership.isFreeFor(tp, member.memberId())) {
                next.add(tp);
            } else {
                waiting = true;
            }
        }
        MemberState state = waiting ? MemberState.UNRELEASED_PARTITIONS : MemberState.STABLE;
        return new Step(targetEpoch, state, next.build(), Assignment.EMPTY);
    }
}
