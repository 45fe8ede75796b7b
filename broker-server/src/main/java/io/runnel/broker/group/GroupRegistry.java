package io.runnel.broker.group;

import io.runnel.protocol.ErrorCode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every group the coordinator owns, by group id, whichever protocol it speaks, and the rule that keeps one
 * protocol per group id: a request of the other protocol may take over a group only while that group is empty
 * (its committed offsets stay); otherwise a classic JoinGroup gets INCONSISTENT_GROUP_PROTOCOL, the other classic
 * requests UNKNOWN_MEMBER_ID (no such classic member), and a consumer-protocol heartbeat GROUP_ID_NOT_FOUND, as
 * Kafka answers when online migration between the protocols is disabled. Used only on the coordinator thread.
 */
final class GroupRegistry {
    private final Map<String, Group> groups = new HashMap<>();

    Group get(String groupId) {
        return groups.get(groupId);
    }

    /** The classic group with this id, null when there is none or it speaks the consumer protocol. */
    ClassicGroup classic(String groupId) {
        return groups.get(groupId) instanceof ClassicGroup classic ? classic : null;
    }

    /**
     * The classic group a JoinGroup goes to: created when missing (only if {@code create}, i.e. the member has no id
     * yet), taking over an empty group of the other protocol.
     *
     * @throws GroupException UNKNOWN_MEMBER_ID for a member id in a group that does not exist,
     *                        INCONSISTENT_GROUP_PROTOCOL for a non-empty consumer-protocol group
     */
    ClassicGroup classicForJoin(String groupId, boolean create, long nowMs) {
        Group group = groupOfType(groupId, GroupType.CLASSIC);
        if (group != null) {
            return (ClassicGroup) group;
        }
        if (!create) {
            throw new GroupException(ErrorCode.UNKNOWN_MEMBER_ID, "group " + groupId + " does not exist");
        }
        ClassicGroup created = new ClassicGroup(groupId, nowMs);
        groups.put(groupId, created);
        return created;
    }

    /**
     * The group with this id if it speaks {@code wanted}; null when there is none, or when the group of the other
     * protocol is empty and may be replaced (the caller then creates its own and {@link #put}s it).
     *
     * @throws GroupException for a non-empty group of the other protocol: INCONSISTENT_GROUP_PROTOCOL when a
     *                        classic member asks, GROUP_ID_NOT_FOUND when a consumer-protocol member asks
     */
    Group groupOfType(String groupId, GroupType wanted) {
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

    /** The group an offset-only (simple) commit goes to, created as an empty classic group when missing. */
    Group getOrCreateForSimpleCommit(String groupId, long nowMs) {
        return groups.computeIfAbsent(groupId, id -> new ClassicGroup(id, nowMs));
    }

    /**
     * Registers a group of any type under its id, replacing what was there (the consumer protocol uses this after
     * {@link #groupOfType} allowed it, as {@link #classicForJoin} does).
     */
    void put(Group group) {
        groups.put(group.groupId(), group);
    }

    void remove(String groupId) {
        groups.remove(groupId);
    }

    /** A snapshot of every group, safe to iterate while groups are removed. */
    List<Group> all() {
        return new ArrayList<>(groups.values());
    }

    Collection<String> ids() {
        return new ArrayList<>(groups.keySet());
    }
}
