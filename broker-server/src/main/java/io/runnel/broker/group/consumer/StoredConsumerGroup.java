package io.runnel.broker.group.consumer;

import io.runnel.broker.group.assignor.Assignment;
import io.runnel.broker.group.assignor.TopicIdPartition;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What survives a restart of a consumer-protocol (KIP-848) group: its epochs, its target assignment and every member
 * with its subscription, epoch and the partitions it holds. Written whenever any of it changes (not for heartbeats
 * that change nothing); a group loaded from it continues where it was, its members' session timers restarting.
 *
 * @param groupId                   the group
 * @param groupEpoch                the group epoch
 * @param assignorName              the server assignor that computed the target
 * @param subscribedPartitionCounts topic id → partition count of every subscribed topic, as the assignor last saw them
 * @param target                    the target assignment (its epoch is the assignment epoch)
 * @param members                   the members, in member id order
 */
public record StoredConsumerGroup(String groupId, int groupEpoch, String assignorName,
                                  Map<UUID, Integer> subscribedPartitionCounts, TargetAssignment target,
                                  List<Member> members) {

    public StoredConsumerGroup {
        subscribedPartitionCounts = Map.copyOf(new TreeMap<>(subscribedPartitionCounts));
        members = List.copyOf(members);
    }

    /**
     * One member of a {@link StoredConsumerGroup}.
     *
     * @param memberId             the member id
     * @param instanceId           {@code group.instance.id}, or null
     * @param rackId               the client's rack, or null
     * @param clientId             the client id of its last heartbeat
     * @param clientHost           the client address of its last heartbeat
     * @param rebalanceTimeoutMs   how long it may take to revoke partitions
     * @param subscribedTopicNames topics it subscribes to by name
     * @param subscribedTopicRegex its subscription regex, or null
     * @param serverAssignor       the assignor it asked for, or null
     * @param subscribedTopicIds   the existing topics its subscription covered
     * @param memberEpoch          its epoch (-2 for a static member that left for now)
     * @param previousMemberEpoch  its epoch before that
     * @param state                where it stands in reconciliation
     * @param assigned             the partitions it may own
     * @param pendingRevocation    the partitions it must still give up
     * @param assignmentEpochs     for every partition it holds, the member epoch at which it got it
     */
    public record Member(String memberId, String instanceId, String rackId, String clientId, String clientHost,
                         int rebalanceTimeoutMs, List<String> subscribedTopicNames, String subscribedTopicRegex,
                         String serverAssignor, Set<UUID> subscribedTopicIds, int memberEpoch,
                         int previousMemberEpoch, MemberState state, Assignment assigned,
                         Assignment pendingRevocation, Map<TopicIdPartition, Integer> assignmentEpochs) {

        public Member {
            subscribedTopicNames = List.copyOf(subscribedTopicNames);
            subscribedTopicIds = Set.copyOf(subscribedTopicIds);
            assignmentEpochs = Map.copyOf(assignmentEpochs);
        }
    }
}
