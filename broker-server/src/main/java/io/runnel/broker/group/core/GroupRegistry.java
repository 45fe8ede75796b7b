package io.runnel.broker.group.core;

import io.runnel.protocol.ErrorCode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Every group the coordinator owns, by group id, whichever protocol it speaks, and the rule that keeps one
 * protocol per group id: a request of the other protocol may take over a group only while that group is empty
 * (its committed offsets stay); otherwise a classic JoinGroup gets INCONSISTENT_GROUP_PROTOCOL, the other classic
 * requests UNKNOWN_MEMBER_ID (no such classic member), and a consumer-protocol heartbeat GROUP_ID_NOT_FOUND, as
 * Kafka answers when online migration between the protocols is disabled.
 *
 * <p>Thread rule: used only on the coordinator thread.
 */
public final class GroupRegistry {
    private final Map<String, Group> groups = new HashMap<>();
    private final RebalanceCounts rebalances = new RebalanceCounts();

    /** The groups' rebalance counts, which metrics read from any thread. */
    public RebalanceCounts rebalances() {
        return rebalances;
    }

    /** The group with this id, null when there is none. */
    public Group get(String groupId) {
        return groups.get(groupId);
    }

    /** The group with this id if it is of {@code kind}, null when there is none or it is of another kind. */
    public <G extends Group> G get(String groupId, Class<G> kind) {
        Group group = groups.get(groupId);
        return kind.isInstance(group) ? kind.cast(group) : null;
    }

    /**
     * The group with this id if it speaks {@code wanted}; null when there is none, or when the group of the other
     * protocol is empty and may be replaced (the caller then creates its own and {@link #put}s it).
     *
     * @throws GroupException for a non-empty group of the other protocol: INCONSISTENT_GROUP_PROTOCOL when a
     *                        classic member asks, GROUP_ID_NOT_FOUND when a consumer-protocol member asks
     */
    public Group groupOfType(String groupId, GroupType wanted) {
        Group group = groups.get(groupId);
        if (group == null || group.type() == wanted) {
            return group;
        }
        if (group.isEmpty()) {
            return null;
        }
        ErrorCode error = wanted == GroupType.CLASSIC
                ? ErrorCode.INCONSISTENT_GROUP_PROTOCOL : ErrorCode.GROUP_ID_NOT_FOUND;
        throw new GroupException(error, "group " + groupId + " uses the " + group.type().wireName() + " protocol");
    }

    /** The group with this id, created by {@code create} and registered when missing. */
    public Group getOrCreate(String groupId, Function<String, ? extends Group> create) {
        Group group = groups.get(groupId);
        if (group == null) {
            group = create.apply(groupId);
            put(group);
        }
        return group;
    }

    /**
     * Registers a group of any type under its id, replacing what was there (after {@link #groupOfType} allowed
     * it).
     */
    public void put(Group group) {
        groups.put(group.groupId(), group);
        group.countRebalancesIn(rebalances);
    }

    public void remove(String groupId) {
        groups.remove(groupId);
        rebalances.forget(groupId);
    }

    /** A snapshot of every group, safe to iterate while groups are removed. */
    public List<Group> all() {
        return new ArrayList<>(groups.values());
    }

    public Collection<String> ids() {
        return new ArrayList<>(groups.keySet());
    }
}
