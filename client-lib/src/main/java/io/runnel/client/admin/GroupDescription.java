package io.runnel.client.admin;

import java.util.List;

/**
 * A consumer group as {@link io.runnel.client.RunnelAdmin#describeGroup} found it.
 *
 * @param groupId  the group's id
 * @param protocol {@code consumer} for a KIP-848 group, {@code classic} for a JoinGroup/SyncGroup group
 * @param state    the group's state as the broker names it ({@code Stable}, {@code Empty}, {@code Dead}, ...)
 * @param assignor the partition assignor in use ({@code uniform}, {@code range}, ...); empty when none was chosen
 * @param members  its members, each with its assigned partitions
 */
public record GroupDescription(String groupId, String protocol, String state, String assignor,
                               List<MemberDescription> members) {
    /** Copies {@code members}. */
    public GroupDescription {
        members = List.copyOf(members);
    }

    /** Whether the group has no members (and may have its offsets reset or be deleted). */
    public boolean isInactive() {
        return members.isEmpty();
    }
}
