package io.runnel.broker.group;

import io.runnel.broker.group.assignor.TopicIdPartition;
import io.runnel.protocol.ErrorCode;

import java.util.Optional;

/**
 * The rules by which a consumer-protocol group fences OffsetCommit and OffsetFetch requests with member epochs.
 * Reached through {@link ConsumerGroup#validateOffsetCommit(String, int)} and
 * {@link ConsumerGroup#validateOffsetFetch(String, int)}.
 */
final class ConsumerGroupOffsetFence {

    /** The first OffsetCommit version whose generation field carries a KIP-848 member epoch. */
    static final short MEMBER_EPOCH_COMMIT_VERSION = 9;

    private ConsumerGroupOffsetFence() {
    }

    static OffsetCommitValidator commit(ConsumerGroup group, String memberId, int memberEpoch) {
        if (memberEpoch < 0 && group.isEmpty()) {
            return OffsetCommitValidator.ACCEPT_ALL;
        }
        ConsumerGroupMember member = existingMember(group, memberId);
        if (memberEpoch == member.memberEpoch()) {
            return OffsetCommitValidator.ACCEPT_ALL;
        }
        if (memberEpoch > member.memberEpoch()) {
            throw new ConsumerGroupException(ErrorCode.STALE_MEMBER_EPOCH, "Member " + memberId + " committed with epoch "
                    + memberEpoch + ", newer than its epoch " + member.memberEpoch() + ".");
        }
        TopicMetadataImage topics = group.topics();
        return (topic, partition) -> {
            Optional<TopicMetadataImage.Topic> known = topics.byName(topic);
            Integer assignedAt = known.isEmpty() || partition < 0 ? null
                    : member.assignmentEpoch(new TopicIdPartition(known.get().id(), partition));
            return assignedAt != null && assignedAt <= memberEpoch ? ErrorCode.NONE : ErrorCode.STALE_MEMBER_EPOCH;
        };
    }

    /** The commit fence as {@link Group} applies it: OffsetCommit below v9 cannot carry a member epoch. */
    static OffsetCommitValidator commit(ConsumerGroup group, String memberId, int memberEpoch, short apiVersion) {
        try {
            if (apiVersion < MEMBER_EPOCH_COMMIT_VERSION && !(memberEpoch < 0 && group.isEmpty())) {
                existingMember(group, memberId);
                throw new ConsumerGroupException(ErrorCode.UNSUPPORTED_VERSION, "Member " + memberId
                        + " of consumer group " + group.groupId() + " must commit with OffsetCommit v9 or later.");
            }
            return commit(group, memberId, memberEpoch);
        } catch (ConsumerGroupException refusal) {
            return OffsetCommitValidator.refuseAll(refusal.error());
        }
    }

    /** The fetch fence as {@link Group} applies it: NONE or the error. */
    static ErrorCode fetchError(ConsumerGroup group, String memberId, int memberEpoch) {
        try {
            fetch(group, memberId, memberEpoch);
            return ErrorCode.NONE;
        } catch (ConsumerGroupException refusal) {
            return refusal.error();
        }
    }

    static void fetch(ConsumerGroup group, String memberId, int memberEpoch) {
        if (memberEpoch < 0 && (memberId == null || memberId.isEmpty())) {
            return;
        }
        ConsumerGroupMember member = existingMember(group, memberId);
        if (memberEpoch != member.memberEpoch()) {
            throw new ConsumerGroupException(ErrorCode.STALE_MEMBER_EPOCH, "Member " + memberId
                    + " fetched offsets with epoch " + memberEpoch + " but its epoch is " + member.memberEpoch() + ".");
        }
    }

    private static ConsumerGroupMember existingMember(ConsumerGroup group, String memberId) {
        return group.member(memberId == null ? "" : memberId).orElseThrow(() -> new ConsumerGroupException(
                ErrorCode.UNKNOWN_MEMBER_ID, "Member " + memberId + " is not a member of group " + group.groupId() + "."));
    }
}
