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
