package io.runnel.broker.group.assignor;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * What a server-side assignor is given: every member of the group with the topics it subscribes to (already resolved
 * from names and regular expressions to topic ids) and its previous target assignment, and the partition count of
 * every subscribed topic. Members are sorted by member id so that an assignor iterating them is deterministic.
 *
 * @param members    member id → member, sorted by member id
 * @param partitions topic id → partition count of every topic some member subscribes to, sorted by topic id
 */
public record AssignmentSpec(SortedMap<String, Member> members, SortedMap<UUID, Integer> partitions) {

    public AssignmentSpec {
        members = Collections.unmodifiableSortedMap(new TreeMap<>(members));
        partitions = Collections.unmodifiableSortedMap(new TreeMap<>(partitions));
        for (Map.Entry<String, Member> entry : members.entrySet()) {
            if (!entry.getKey().equals(entry.getValue().memberId())) {
                throw new IllegalArgumentException("Member keyed " + entry.getKey() + " has member id " + entry.getValue().memberId());
            }
        }
        for (Map.Entry<UUID, Integer> entry : partitions.entrySet()) {
            if (entry.getValue() < 0) {
                throw new IllegalArgumentException("Negative partition count " + entry.getValue() + " for topic " + entry.getKey());
            }
        }
    }

    /** Partition count of {@code topicId}, 0 when the topic is unknown (deleted or not created yet). */
    public int partitionCount(UUID topicId) {
        return partitions.getOrDefault(topicId, 0);
    }

    /**
     * One member as an assignor sees it.
     *
     * @param memberId           the member's id
     * @param instanceId         its {@code group.instance.id}, or {@code null} for a dynamic member
     * @param rackId             its rack, or {@code null}
     * @param subscribedTopicIds the topics it subscribes to that exist
     * @param currentTarget      its target assignment before this computation, the basis for stickiness
     */
    public record Member(String memberId, String instanceId, String rackId, Set<UUID> subscribedTopicIds,
                         Assignment currentTarget) {
        public Member {
            Objects.requireNonNull(memberId, "memberId");
            subscribedTopicIds = Collections.unmodifiableSortedSet(new TreeSet<>(subscribedTopicIds));
            Objects.requireNonNull(currentTarget, "currentTarget");
        }
    }
}
