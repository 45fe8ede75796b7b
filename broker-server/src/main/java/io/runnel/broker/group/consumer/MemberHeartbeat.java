package io.runnel.broker.group.consumer;

import io.runnel.broker.group.assignor.Assignment;

import java.util.List;
import java.util.Objects;

/**
 * One ConsumerGroupHeartbeat as the group sees it. Optional fields are {@code null} when the member did not send them
 * because they did not change since its last heartbeat (and {@code rebalanceTimeoutMs} is -1 then).
 *
 * @param apiVersion           request version: from 1 the member id must come from the client (KIP-1082)
 * @param groupId              the group
 * @param memberId             the member's id; empty on a v0 join asks the broker for one
 * @param memberEpoch          0 joins, -1 leaves, -2 leaves as a static member that will come back, else the epoch
 * @param instanceId           {@code group.instance.id}, or null
 * @param rackId               the client's rack, or null
 * @param rebalanceTimeoutMs   how long the member may take to revoke partitions, -1 when unchanged
 * @param subscribedTopicNames the topics it subscribes to by name, or null
 * @param subscribedTopicRegex the regular expression it subscribes with, or null; empty clears it
 * @param serverAssignor       the server assignor it asks for, or null
 * @param ownedPartitions      the partitions it owns now, or null
 * @param clientId             the client id of the request header
 * @param clientHost           the client's address
 */
public record MemberHeartbeat(short apiVersion, String groupId, String memberId, int memberEpoch, String instanceId,
                              String rackId, int rebalanceTimeoutMs, List<String> subscribedTopicNames,
                              String subscribedTopicRegex, String serverAssignor, Assignment ownedPartitions,
                              String clientId, String clientHost) {

    /** Member epoch of a join (or rejoin after being fenced). */
    public static final int JOIN_EPOCH = 0;
    /** Member epoch of a member leaving for good. */
    public static final int LEAVE_EPOCH = -1;
    /** Member epoch of a static member leaving for now, expecting to come back under the same instance id. */
    public static final int STATIC_LEAVE_EPOCH = -2;

    public MemberHeartbeat {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(memberId, "memberId");
        subscribedTopicNames = subscribedTopicNames == null ? null : List.copyOf(subscribedTopicNames);
        clientId = clientId == null ? "" : clientId;
        clientHost = clientHost == null ? "" : clientHost;
    }

    /**
     * Whether every field a join must carry is present. Members send such a full heartbeat when they join and after
     * an error, and are then always answered with their whole assignment.
     */
    public boolean isFull() {
        return rebalanceTimeoutMs != -1 && (subscribedTopicNames != null || subscribedTopicRegex != null)
                && ownedPartitions != null;
    }
}
