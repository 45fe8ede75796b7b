package io.runnel.broker.group.classic;

import java.util.List;

/**
 * What survives a restart of a classic group: written after each generation is decided, and whenever a static
 * member's id is replaced. A group loaded from it is Stable when it has members, else Empty.
 *
 * @param groupId          the group
 * @param protocolType     the members' protocol type ({@code consumer}, {@code connect}, ...), "" for a group that
 *                         only stores offsets
 * @param generationId     the generation
 * @param protocolName     the chosen protocol (assignor), null when the group has no members
 * @param leaderId         the leader's member id, null when the group has no members
 * @param stateTimestampMs when the group entered its current state
 * @param members          the members with their subscription for the chosen protocol and their assignment
 */
public record StoredGroup(String groupId, String protocolType, int generationId, String protocolName,
                          String leaderId, long stateTimestampMs, List<StoredMember> members) {

    public StoredGroup {
        members = List.copyOf(members);
    }

    /**
     * One member of a {@link StoredGroup}.
     *
     * @param memberId           the member id
     * @param groupInstanceId    the static instance id, null for a dynamic member
     * @param clientId           the client id it joined with
     * @param clientHost         the client address it joined from
     * @param rebalanceTimeoutMs its rebalance timeout
     * @param sessionTimeoutMs   its session timeout
     * @param subscription       its metadata for the chosen protocol
     * @param assignment         the assignment the leader gave it (empty before SyncGroup)
     */
    public record StoredMember(String memberId, String groupInstanceId, String clientId, String clientHost,
                               int rebalanceTimeoutMs, int sessionTimeoutMs, byte[] subscription,
                               byte[] assignment) {
    }
}
