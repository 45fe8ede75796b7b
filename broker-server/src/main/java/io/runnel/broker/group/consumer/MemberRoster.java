package io.runnel.broker.group.consumer;

import io.runnel.broker.group.assignor.Assignment;
import io.runnel.broker.group.core.GroupException;
import io.runnel.protocol.ErrorCode;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The members of one consumer group by member id and by instance id, with who holds which partition, and the lookups
 * a heartbeat makes with Kafka's errors: an unknown member is UNKNOWN_MEMBER_ID, an instance id used under another
 * member id is FENCED_INSTANCE_ID, an epoch the member cannot have is FENCED_MEMBER_EPOCH.
 */
final class MemberRoster {

    private final String groupId;
    private final TreeMap<String, ConsumerGroupMember> members = new TreeMap<>();
    private final Map<String, String> memberIdsByInstanceId = new HashMap<>();
    private final PartitionOwnership ownership = new PartitionOwnership();

    MemberRoster(String groupId) {
        this.groupId = groupId;
    }

    ConsumerGroupMember get(String memberId) {
        return members.get(memberId);
    }

    /** The member that holds {@code instanceId}, or null. */
    ConsumerGroupMember holderOf(String instanceId) {
        String memberId = memberIdsByInstanceId.get(instanceId);
        return memberId == null ? null : members.get(memberId);
    }

    /** Every member, in member id order, unmodifiable. */
    Collection<ConsumerGroupMember> all() {
        return Collections.unmodifiableCollection(members.values());
    }

    int size() {
        return members.size();
    }

    boolean isEmpty() {
        return members.isEmpty();
    }

    /** The earliest session or revocation deadline of any member, empty when there are no members. */
    OptionalLong nextDeadlineMs() {
        long next = Long.MAX_VALUE;
        for (ConsumerGroupMember member : members.values()) {
            next = Math.min(next, member.sessionDeadlineMs());
            if (member.revocationDeadlineMs() >= 0) {
                next = Math.min(next, member.revocationDeadlineMs());
            }
        }
        return members.isEmpty() ? OptionalLong.empty() : OptionalLong.of(next);
    }

    PartitionOwnership ownership() {
        return ownership;
    }

    void add(ConsumerGroupMember member) {
        if (members.putIfAbsent(member.memberId(), member) != null) {
            throw new IllegalStateException("Member " + member.memberId() + " is already in group " + groupId);
        }
        if (member.instanceId() != null) {
            memberIdsByInstanceId.put(member.instanceId(), member.memberId());
        }
    }

    /** Removes the member and releases every partition it held. */
    void remove(ConsumerGroupMember member) {
        releaseAll(member);
        members.remove(member.memberId());
        if (member.instanceId() != null) {
            memberIdsByInstanceId.remove(member.instanceId(), member.memberId());
        }
    }

    /** Releases every partition the member holds (it is about to forget them). */
    void releaseAll(ConsumerGroupMember member) {
        ownership.releaseAll(member.memberId(), held(member));
    }

    /** Puts {@code successor} in the place of {@code previous}, handing it every partition {@code previous} held. */
    void replace(ConsumerGroupMember previous, ConsumerGroupMember successor) {
        if (members.containsKey(successor.memberId())) {
            throw new GroupException(ErrorCode.INVALID_REQUEST, "Member id " + successor.memberId()
                    + " is already used by another member of group " + groupId + ".");
        }
        ownership.transfer(previous.memberId(), successor.memberId(), held(previous));
        members.remove(previous.memberId());
        members.put(successor.memberId(), successor);
        memberIdsByInstanceId.put(successor.instanceId(), successor.memberId());
    }

    /** The member a heartbeat with a positive epoch comes from, after checking its instance id and epoch. */
    ConsumerGroupMember forHeartbeat(MemberHeartbeat request) {
        ConsumerGroupMember member = request.instanceId() != null
                ? staticMember(request.instanceId(), request.memberId())
                : member(request.memberId());
        validateEpoch(member, request.memberEpoch(), request.ownedPartitions());
        return member;
    }

    /** The member with this id; UNKNOWN_MEMBER_ID when there is none. */
    ConsumerGroupMember member(String memberId) {
        ConsumerGroupMember member = members.get(memberId);
        if (member == null) {
            throw new GroupException(ErrorCode.UNKNOWN_MEMBER_ID, "Member " + memberId
                    + " is not a member of group " + groupId + ".");
        }
        return member;
    }

    /** The static member holding {@code instanceId}, which must be {@code memberId}. */
    ConsumerGroupMember staticMember(String instanceId, String memberId) {
        ConsumerGroupMember holder = holderOf(instanceId);
        if (holder == null) {
            throw new GroupException(ErrorCode.UNKNOWN_MEMBER_ID, "Instance id " + instanceId
                    + " is not a member of group " + groupId + ".");
        }
        if (!holder.memberId().equals(memberId)) {
            throw new GroupException(ErrorCode.FENCED_INSTANCE_ID, "Instance id " + instanceId
                    + " belongs to member " + holder.memberId() + ", not " + memberId + ".");
        }
        return holder;
    }

    private static void validateEpoch(ConsumerGroupMember member, int received, Assignment owned) {
        if (received > member.memberEpoch()) {
            throw new GroupException(ErrorCode.FENCED_MEMBER_EPOCH, "Member " + member.memberId()
                    + " sent epoch " + received + ", newer than its epoch " + member.memberEpoch()
                    + "; it must give up its partitions and rejoin.");
        }
        if (received < member.memberEpoch()) {
            // The response that moved the member to its current epoch may have been lost: accept its previous epoch
            // as long as it owns nothing beyond what it is assigned now.
            boolean lostResponse = received == member.previousMemberEpoch() && owned != null
                    && member.assignedPartitions().containsAll(owned);
            if (!lostResponse) {
                throw new GroupException(ErrorCode.FENCED_MEMBER_EPOCH, "Member " + member.memberId()
                        + " sent epoch " + received + ", older than its epoch " + member.memberEpoch()
                        + "; it must give up its partitions and rejoin.");
            }
        }
    }

    private static Assignment held(ConsumerGroupMember member) {
        return member.assignedPartitions().union(member.partitionsPendingRevocation());
    }
}
