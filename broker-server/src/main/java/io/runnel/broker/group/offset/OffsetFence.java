package io.runnel.broker.group.offset;

import io.runnel.broker.group.classic.ClassicGroup;
import io.runnel.broker.group.consumer.ConsumerGroup;
import io.runnel.broker.group.core.Group;
import io.runnel.protocol.ErrorCode;

/**
 * Who may touch a group's committed offsets: the one entry point of the OffsetCommit, OffsetFetch and OffsetDelete
 * fences, for both kinds of group. A classic group fences by member id, static instance and generation
 * ({@link ClassicOffsetFence}); a consumer-protocol group by member id and member epoch
 * ({@link ConsumerGroupOffsetFence}). The coordinator and the tests go through these methods alike.
 *
 * <p>Thread rule: call on the coordinator thread and use the answer within the same event; a later event may have
 * changed the group.
 */
public final class OffsetFence {

    private OffsetFence() {
    }

    /**
     * Whether an OffsetCommit may be written, partition by partition.
     *
     * @param generationIdOrMemberEpoch the classic generation, or the KIP-848 member epoch; -1 for a simple commit
     * @return the check of each partition; a refusal of the whole commit gives every partition the same error
     */
    public static OffsetCommitValidator commit(Group group, String memberId, String groupInstanceId,
                                               int generationIdOrMemberEpoch, short apiVersion) {
        if (group instanceof ClassicGroup classic) {
            ErrorCode error = ClassicOffsetFence.commitError(classic, memberId, groupInstanceId,
                    generationIdOrMemberEpoch);
            return error == ErrorCode.NONE ? OffsetCommitValidator.ACCEPT_ALL : OffsetCommitValidator.refuseAll(error);
        }
        if (group instanceof ConsumerGroup consumer) {
            return ConsumerGroupOffsetFence.commit(consumer, memberId, generationIdOrMemberEpoch, apiVersion);
        }
        throw unknownKind(group);
    }

    /** Whether an OffsetFetch (v9+ carries a member id and epoch) may read: NONE or the group's error. */
    public static ErrorCode fetch(Group group, String memberId, int memberEpoch) {
        if (group instanceof ClassicGroup classic) {
            return ClassicOffsetFence.fetchError(classic);
        }
        if (group instanceof ConsumerGroup consumer) {
            return ConsumerGroupOffsetFence.fetch(consumer, memberId, memberEpoch);
        }
        throw unknownKind(group);
    }

    /**
     * Whether OffsetDelete may run on the group at all: NONE, NON_EMPTY_GROUP or GROUP_ID_NOT_FOUND. Topics a member
     * subscribes to are refused one by one ({@link Group#isSubscribedTo}).
     */
    public static ErrorCode delete(Group group) {
        if (group instanceof ClassicGroup classic) {
            return ClassicOffsetFence.deleteError(classic);
        }
        if (group instanceof ConsumerGroup) {
            return ErrorCode.NONE;
        }
        throw unknownKind(group);
    }

    static IllegalStateException unknownKind(Group group) {
        return new IllegalStateException("group " + group.groupId() + " is of a kind offsets do not know: "
                + group.getClass().getName());
    }
}
