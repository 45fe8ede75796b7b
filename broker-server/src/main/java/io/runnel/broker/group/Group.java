package io.runnel.broker.group;

import io.runnel.protocol.ErrorCode;

/**
 * A group the coordinator owns, whichever protocol it speaks: a {@link ClassicGroup} (JoinGroup / SyncGroup) or a
 * {@link ConsumerGroup} (KIP-848 ConsumerGroupHeartbeat). The coordinator keeps one map of these by group id; a group
 * id belongs to one protocol at a time ({@link GroupRegistry} holds the rule). Offsets are the same for both
 * protocols and ask the group only whether a request may touch them. All methods run on the coordinator thread.
 */
public sealed interface Group permits ClassicGroup, ConsumerGroup {

    String groupId();

    GroupType type();

    /** Kafka's name of the current state, as ListGroups and DescribeGroups report it (e.g. {@code Stable}). */
    String stateName();

    /** The protocol type ListGroups reports: {@code consumer} for consumer groups, "" for offset-only groups. */
    String protocolType();

    /** True when the group has no members: it may be deleted, and simple commits are accepted. */
    boolean isEmpty();

    /**
     * Whether an OffsetCommit from this member may be written, partition by partition. Use the result at once,
     * within the same event.
     *
     * @param generationIdOrMemberEpoch the classic generation, or the KIP-848 member epoch; -1 for a simple commit
     * @return the check of each partition; a refusal of the whole commit gives every partition the same error
     */
    OffsetCommitValidator validateOffsetCommit(String memberId, String groupInstanceId, int generationIdOrMemberEpoch,
                                               short apiVersion);

    /** Whether an OffsetFetch (v9+ carries a member id and epoch) may read; NONE or the group's error. */
    ErrorCode validateOffsetFetch(String memberId, int memberEpoch, short apiVersion);

    /** Whether OffsetDelete may run at all: NONE, NON_EMPTY_GROUP, GROUP_ID_NOT_FOUND. */
    ErrorCode validateOffsetDelete();

    /** True when a member is subscribed to the topic, so its offsets may not be deleted. */
    boolean isSubscribedTo(String topic);

    /**
     * The time from which an offset's retention counts, or -1 when the offset must not expire now (e.g. the group
     * is active and consumes the topic).
     */
    long offsetExpiryBaseMs(String topic, CommittedOffset offset);
}
