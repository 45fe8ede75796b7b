package io.runnel.broker.group.consumer;

import io.runnel.broker.group.assignor.Assignment;
import io.runnel.broker.group.assignor.TopicIdPartition;

import java.util.HashMap;
import java.util.Map;

/**
 * Who holds each partition of a group right now: the member it is assigned to, or that must still revoke it. This is
 * the guard of the rule that no partition ever has two owners: a partition is claimed only when nobody holds it, and
 * a claim of a held partition is a bug that throws.
 */
final class PartitionOwnership {

    private final Map<TopicIdPartition, String> owners = new HashMap<>();

    /** The member holding {@code partition}, or null. */
    String owner(TopicIdPartition partition) {
        return owners.get(partition);
    }

    /** Whether {@code memberId} may take {@code partition}: nobody else holds it. */
    boolean isFreeFor(TopicIdPartition partition, String memberId) {
        String owner = owners.get(partition);
        return owner == null || owner.equals(memberId);
    }

    /** Records that {@code memberId} now holds exactly {@code now}, where it held {@code before}. */
    void update(String memberId, Assignment before, Assignment now) {
        for (TopicIdPartition tp : before.minus(now).partitionList()) {
            release(memberId, tp);
        }
        for (TopicIdPartition tp : now.minus(before).partitionList()) {
            String owner = owners.putIfAbsent(tp, memberId);
            if (owner != null && !owner.equals(memberId)) {
                throw new IllegalStateException("Partition " + tp + " given to member " + memberId
                        + " while member " + owner + " still holds it");
            }
        }
    }

    /** Releases everything {@code memberId} holds in {@code held}. */
    void releaseAll(String memberId, Assignment held) {
        for (TopicIdPartition tp : held.partitionList()) {
            release(memberId, tp);
        }
    }

    /** Hands everything {@code from} holds in {@code held} to {@code to}. */
    void transfer(String from, String to, Assignment held) {
        for (TopicIdPartition tp : held.partitionList()) {
            release(from, tp);
            owners.put(tp, to);
        }
    }

    /** Number of partitions held by anybody. */
    int size() {
        return owners.size();
    }

    private void release(String memberId, TopicIdPartition tp) {
        String owner = owners.remove(tp);
        if (!memberId.equals(owner)) {
            throw new IllegalStateException("Member " + memberId + " released partition " + tp + " held by " + owner);
        }
    }
}
