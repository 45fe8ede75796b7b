package io.runnel.broker.group.consumer;

import io.runnel.broker.group.assignor.Assignment;
import io.runnel.broker.group.assignor.AssignmentSpec;
import io.runnel.broker.group.assignor.Assignors;
import io.runnel.broker.group.assignor.PartitionAssignor;
import io.runnel.broker.group.assignor.TopicIdPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Computes a group's target assignment for a new group epoch with its server assignor, and checks the assignor kept
 * its contract (each partition to at most one member, only subscribed topics, only existing partitions) before the
 * group acts on it.
 */
final class TargetAssignmentBuilder {

    private TargetAssignmentBuilder() {
    }

    static TargetAssignment build(int epoch, Collection<ConsumerGroupMember> members, TargetAssignment previous,
                                  Map<UUID, Integer> partitionCounts, PartitionAssignor assignor) {
        SortedMap<String, AssignmentSpec.Member> specMembers = new TreeMap<>();
        for (ConsumerGroupMember member : members) {
            specMembers.put(member.memberId(), new AssignmentSpec.Member(member.memberId(), member.instanceId(),
                    member.rackId(), member.subscribedTopicIds(), previous.of(member.memberId())));
        }
        AssignmentSpec spec = new AssignmentSpec(specMembers, new TreeMap<>(partitionCounts));
        Map<String, Assignment> result = assignor.assign(spec);
        check(assignor, spec, result);
        return new TargetAssignment(epoch, result);
    }

    /** The assignor most members ask for (ties by name), else the broker's default. */
    static PartitionAssignor preferredAssignor(Collection<ConsumerGroupMember> members, Assignors assignors) {
        Map<String, Integer> votes = new TreeMap<>();
        for (ConsumerGroupMember member : members) {
            if (member.serverAssignor() != null) {
                votes.merge(member.serverAssignor(), 1, Integer::sum);
            }
        }
        String chosen = null;
        int best = 0;
        for (Map.Entry<String, Integer> vote : votes.entrySet()) {
            if (vote.getValue() > best) {
                chosen = vote.getKey();
                best = vote.getValue();
            }
        }
        return chosen == null ? assignors.defaultAssignor() : assignors.find(chosen).orElseThrow();
    }

    private static void check(PartitionAssignor assignor, AssignmentSpec spec, Map<String, Assignment> result) {
        Map<TopicIdPartition, String> owners = new HashMap<>();
        for (Map.Entry<String, Assignment> entry : result.entrySet()) {
            AssignmentSpec.Member member = spec.members().get(entry.getKey());
            if (member == null) {
                throw new IllegalStateException("Assignor " + assignor.name() + " assigned partitions to unknown member "
                        + entry.getKey());
            }
            for (TopicIdPartition tp : entry.getValue().partitionList()) {
                if (!member.subscribedTopicIds().contains(tp.topicId()) || tp.partition() >= spec.partitionCount(tp.topicId())) {
                    throw new IllegalStateException("Assignor " + assignor.name() + " assigned " + tp + " to member "
                            + entry.getKey() + ", which does not subscribe to it or it does not exist");
                }
                String other = owners.put(tp, entry.getKey());
                if (other != null) {
                    throw new IllegalStateException("Assignor " + assignor.name() + " assigned " + tp + " to both "
                            + other + " and " + entry.getKey());
                }
            }
        }
    }
}
