package io.runnel.broker.group.offset;

import io.runnel.broker.group.assignor.TopicIdPartition;
import io.runnel.broker.group.consumer.ConsumerGroup;
import io.runnel.broker.group.consumer.ConsumerGroupMember;
import io.runnel.broker.group.core.TopicMetadataImage;
import io.runnel.protocol.ErrorCode;

import java.util.Optional;

/**
 * The rules by which a consumer-protocol group fences OffsetCommit and OffsetFetch requests with member epochs, as
 * Kafka 4.3+ does (KIP-1251). Reached through {@link OffsetFence}.
 *
 * <ul>
 *   <li>A commit without a member epoch (epoch &lt; 0) is accepted only while the group has no members.</li>
 *   <li>Otherwise the member must exist (UNKNOWN_MEMBER_ID), commit with OffsetCommit v9 or later
 *       (UNSUPPORTED_VERSION) and not with an epoch newer than the broker's (STALE_MEMBER_EPOCH).</li>
 *   <li>The current epoch is accepted for every partition; an older epoch only for partitions the member has held
 *       since that epoch or earlier (a commit racing a heartbeat that bumped the epoch), any other partition gets
 *       STALE_MEMBER_EPOCH.</li>
 *   <li>A fetch without a member id and epoch passes; otherwise the member must exist and send its current epoch.</li>
 * </ul>
 */
final class ConsumerGroupOffsetFence {

    /** The first OffsetCommit version whose generation field carries a KIP-848 member epoch. */
    static final short MEMBER_EPOCH_COMMIT_VERSION = 9;

    private ConsumerGroupOffsetFence() {
    }

    static OffsetCommitValidator commit(ConsumerGroup group, String memberId, int memberEpoch, short apiVersion) {
        if (memberEpoch < 0 && group.isEmpty()) {
            return OffsetCommitValidator.ACCEPT_ALL;
        }
        ConsumerGroupMember member = group.member(memberId == null ? "" : memberId).orElse(null);
        if (member == null) {
            return OffsetCommitValidator.refuseAll(ErrorCode.UNKNOWN_MEMBER_ID);
        }
        if (apiVersion < MEMBER_EPOCH_COMMIT_VERSION) {
            return OffsetCommitValidator.refuseAll(ErrorCode.UNSUPPORTED_VERSION);
        }
        if (memberEpoch == member.memberEpoch()) {
            return OffsetCommitValidator.ACCEPT_ALL;
        }
        if (memberEpoch > member.memberEpoch()) {
            return OffsetCommitValidator.refuseAll(ErrorCode.STALE_MEMBER_EPOCH);
        }
        TopicMetadataImage topics = group.topics();
        return (topic, partition) -> {
            Optional<TopicMetadataImage.Topic> known = topics.byName(topic);
            Integer assignedAt = known.isEmpty() || partition < 0 ? null
                    : member.assignmentEpoch(new TopicIdPartition(known.get().id(), partition));
            return assignedAt != null && assignedAt <= memberEpoch ? ErrorCode.NONE : ErrorCode.STALE_MEMBER_EPOCH;
        };
    }

    static ErrorCode fetch(ConsumerGroup group, String memberId, int memberEpoch) {
        if (memberEpoch < 0 && (memberId == null || memberId.isEmpty())) {
            return ErrorCode.NONE;
        }
        ConsumerGroupMember member = group.member(memberId == null ? "" : memberId).orElse(null);
        if (member == null) {
            return ErrorCode.UNKNOWN_MEMBER_ID;
        }
        return memberEpoch == member.memberEpoch() ? ErrorCode.NONE : ErrorCode.STALE_MEMBER_EPOCH;
    }
}
