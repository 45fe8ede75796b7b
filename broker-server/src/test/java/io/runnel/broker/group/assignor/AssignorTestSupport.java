package io.runnel.broker.group.assignor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Builds assignment specs and checks the properties every assignor must have. */
final class AssignorTestSupport {

    private AssignorTestSupport() {
    }

    static UUID topic(int n) {
        return new UUID(0xABCL, n);
    }

    /** A spec builder: members keyed by id, topics by id. */
    static final class SpecBuilder {
        private final TreeMap<String, AssignmentSpec.Member> members = new TreeMap<>();
        private final TreeMap<UUID, Integer> partitions = new TreeMap<>();

        SpecBuilder topic(UUID id, int partitionCount) {
            partitions.put(id, partitionCount);
            return this;
        }

        SpecBuilder member(String id, Set<UUID> topics, Assignment previous) {
            members.put(id, new AssignmentSpec.Member(id, null, null, topics, previous));
            return this;
        }

        SpecBuilder member(String id, Set<UUID> topics) {
            return member(id, topics, Assignment.EMPTY);
        }

        SpecBuilder staticMember(String id, String instanceId, Set<UUID> topics, Assignment previous) {
            members.put(id, new AssignmentSpec.Member(id, instanceId, null, topics, previous));
            return this;
        }

        /** Every member's previous target replaced by {@code targets}. */
        SpecBuilder withTargets(Map<String, Assignment> targets) {
            for (Map.Entry<String, AssignmentSpec.Member> entry : new ArrayList<>(members.entrySet())) {
                AssignmentSpec.Member m = entry.getValue();
                members.put(entry.getKey(), new AssignmentSpec.Member(m.memberId(), m.instanceId(), m.rackId(),
                        m.subscribedTopicIds(), targets.getOrDefault(m.memberId(), Assignment.EMPTY)));
            }
            return this;
        }

        SpecBuilder remove(String id) {
            members.remove(id);
            return this;
        }

        AssignmentSpec build() {
            return new AssignmentSpec(members, partitions);
        }
    }

    /**
     * The contract: an entry per member, only subscribed existing partitions, each at most once, and every partition
     * of a topic with a subscriber assigned.
     */
    static void assertValid(AssignmentSpec spec, Map<String, Assignment> result) {
        assertEquals(spec.members().keySet(), result.keySet(), "one entry per member");
        Map<TopicIdPartition, String> owners = new HashMap<>();
        Set<UUID> subscribed = new HashSet<>();
        for (Map.Entry<String, Assignment> entry : result.entrySet()) {
            AssignmentSpec.Member member = spec.members().get(entry.getKey());
            subscribed.addAll(member.subscribedTopicIds());
            for (TopicIdPartition tp : entry.getValue().partitionList()) {
                assertTrue(member.subscribedTopicIds().contains(tp.topicId()), entry.getKey() + " got unsubscribed " + tp);
                assertTrue(tp.partition() < spec.partitionCount(tp.topicId()), "no such partition " + tp);
                String other = owners.put(tp, entry.getKey());
                assertTrue(other == null, tp + " given to " + other + " and " + entry.getKey());
            }
        }
        for (UUID topicId : subscribed) {
            for (int p = 0; p < spec.partitionCount(topicId); p++) {
                assertTrue(owners.containsKey(new TopicIdPartition(topicId, p)), "unassigned " + topicId + "-" + p);
            }
        }
    }

    static int spread(Map<String, Assignment> result) {
        List<Integer> sizes = result.values().stream().map(Assignment::size).toList();
        return sizes.stream().max(Integer::compare).orElse(0) - sizes.stream().min(Integer::compare).orElse(0);
    }

    static Assignment partitions(UUID topic, int... numbers) {
        Assignment.Builder builder = Assignment.builder();
        for (int p : numbers) {
            builder.add(topic, p);
        }
        return builder.build();
    }
}
