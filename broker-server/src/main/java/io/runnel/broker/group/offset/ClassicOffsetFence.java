package io.runnel.broker.group.offset;

import io.runnel.broker.group.classic.ClassicGroup;
import io.runnel.broker.group.classic.ClassicGroupState;
import io.runnel.broker.group.core.Group;
import io.runnel.protocol.ErrorCode;

/**
 * The rules by which a classic group fences OffsetCommit, OffsetFetch and OffsetDelete, as Kafka's classic groups do.
 * Reached through {@link OffsetFence}.
 */
final class ClassicOffsetFence {

    private ClassicOffsetFence() {
    }

    /**
     * The error of a whole OffsetCommit, or NONE: a simple commit (no member, generation -1) only while the group is
     * Empty; otherwise a known member (UNKNOWN_MEMBER_ID, FENCED_INSTANCE_ID) of the current generation
     * (ILLEGAL_GENERATION) that has its assignment (REBALANCE_IN_PROGRESS while the group completes a rebalance).
     */
    static ErrorCode commitError(ClassicGroup group, String memberId, String groupInstanceId, int generation) {
        ClassicGroupState state = group.state();
        if (state == ClassicGroupState.DEAD) {
            return ErrorCode.COORDINATOR_NOT_AVAILABLE;
        }
        boolean simple = generation < 0 && (memberId == null || memberId.isEmpty()) && groupInstanceId == null;
        if (simple) {
            // Kafka accepts commits from outside the group only while nobody is in it.
            return state == ClassicGroupState.EMPTY ? ErrorCode.NONE : ErrorCode.UNKNOWN_MEMBER_ID;
        }
        ErrorCode memberError = group.validateMember(memberId == null ? "" : memberId, groupInstanceId);
        if (memberError != ErrorCode.NONE) {
            return memberError;
        }
        if (generation != group.generationId()) {
            return ErrorCode.ILLEGAL_GENERATION;
        }
        if (state == ClassicGroupState.COMPLETING_REBALANCE) {
            // The member saw the new generation in its JoinGroup answer but has no assignment yet.
            return ErrorCode.REBALANCE_IN_PROGRESS;
        }
        return ErrorCode.NONE;
    }

    /** A deleted group has no offsets to read. */
    static ErrorCode fetchError(ClassicGroup group) {
        return group.isIn(ClassicGroupState.DEAD) ? ErrorCode.GROUP_ID_NOT_FOUND : ErrorCode.NONE;
    }

    /** Offsets may be deleted from an Empty group, or from a consumer group whatever its state. */
    static ErrorCode deleteError(ClassicGroup group) {
        if (group.isIn(ClassicGroupState.DEAD)) {
            return ErrorCode.GROUP_ID_NOT_FOUND;
        }
        if (!group.isIn(ClassicGroupState.EMPTY) && !Group.CONSUMER_PROTOCOL_TYPE.equals(group.protocolType())) {
            return ErrorCode.NON_EMPTY_GROUP;
        }
        return ErrorCode.NONE;
    }
}
