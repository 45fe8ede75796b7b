package io.runnel.broker.group.assignor;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static io.runnel.broker.group.assignor.AssignorTestSupport.assertValid;
import static io.runnel.broker.group.assignor.AssignorTestSupport.partitions;
import static io.runnel.broker.group.assignor.AssignorTestSupport.topic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RangeAssignorTest {

    private final RangeAssignor assignor = new RangeAssignor();
    private final UUID t0 = topic(0);
    private final UUID t1 = topic(1);

    @Test
    void rangesPerTopicWithTheFirstMembersGettingTheExtraPartitions() {
        AssignmentSpec spec = new AssignorTestSupport.SpecBuilder().topic(t0, 3).topic(t1, 3)
                .member("c0", Set.of(t0, t1)).member("c1", Set.of(t0, t1)).build();
        Map<String, Assignment> result = assignor.assign(spec);
        assertValid(spec, result);
        assertEquals(partitions(t0, 0, 1).union(partitions(t1, 0, 1)), result.get("c0"));
        assertEquals(partitions(t0, 2).union(partitions(t1, 2)), result.get("c1"));
    }

    @Test
    void membersBeyondThePartitionCountGetNothingAndOthersOneEach() {
        AssignmentSpec spec = new AssignorTestSupport.SpecBuilder().topic(t0, 3)
                .member("a", Set.of(t0)).member("b", Set.of(t0)).member("c", Set.of(t0)).member("d", Set.of(t0))
                .build();
        Map<String, Assignment> result = assignor.assign(spec);
        assertEquals(partitions(t0, 0), result.get("a"));
        assertEquals(partitions(t0, 1), result.get("b"));
        assertEquals(partitions(t0, 2), result.get("c"));
        assertEquals(Assignment.EMPTY, result.get("d"));
    }

    @Test
    void staticMembersAreOrderedByInstanceId() {
        AssignmentSpec spec = new AssignorTestSupport.SpecBuilder().topic(t0, 4)
                .staticMember("zzz", "node-1", Set.of(t0), Assignment.EMPTY)
                .staticMember("aaa", "node-2", Set.of(t0), Assignment.EMPTY).build();
        Map<String, Assignment> result = assignor.assign(spec);
        assertEquals(partitions(t0, 0, 1), result.get("zzz"));
        assertEquals(partitions(t0, 2, 3), result.get("aaa"));
    }

    @Test
    void coPartitionedTopicsStayCoPartitionedThroughMembershipChanges() {
        Random random = new Random(4242);
        for (int round = 0; round < 200; round++) {
            int partitionCount = 1 + random.nextInt(12);
            UUID extra = topic(2);
            AssignorTestSupport.SpecBuilder builder = new AssignorTestSupport.SpecBuilder()
                    .topic(t0, partitionCount).topic(t1, partitionCount).topic(extra, 1 + random.nextInt(12));
            Set<String> members = new HashSet<>();
            for (int m = 0; m < 1 + random.nextInt(8); m++) {
                String id = "m" + random.nextInt(100);
                members.add(id);
                builder.member(id, random.nextBoolean() ? Set.of(t0, t1) : Set.of(t0, t1, extra));
            }
            Map<String, Assignment> previous = assignor.assign(builder.build());
            for (int change = 0; change < 4; change++) {
                if (random.nextBoolean() && members.size() > 1) {
                    String gone = members.iterator().next();
                    members.remove(gone);
                    builder.remove(gone);
                } else {
                    String id = "n" + round + "-" + change;
                    members.add(id);
                    builder.member(id, Set.of(t0, t1));
                }
                AssignmentSpec spec = builder.withTargets(previous).build();
                Map<String, Assignment> next = assignor.assign(spec);
                assertValid(spec, next);
                for (Map.Entry<String, Assignment> entry : next.entrySet()) {
                    assertEquals(entry.getValue().partitions(t0), entry.getValue().partitions(t1),
                            "round " + round + ": " + entry.getKey() + " must get the same partitions of t0 and t1");
                    int size = entry.getValue().partitions(t0).size();
                    int quota = partitionCount / members.size();
                    assertTrue(size == quota || size == quota + 1, "round " + round + ": range sizes " + next);
                }
                previous = next;
            }
        }
    }

    @Test
    void aJoiningMemberLeavesTheOthersWithinTheirQuotaOfWhatTheyHad() {
        AssignorTestSupport.SpecBuilder builder = new AssignorTestSupport.SpecBuilder().topic(t0, 6)
                .member("b", Set.of(t0)).member("c", Set.of(t0));
        Map<String, Assignment> before = assignor.assign(builder.build());
        assertEquals(partitions(t0, 0, 1, 2), before.get("b"));
        Map<String, Assignment> after = assignor.assign(builder.withTargets(before).member("a", Set.of(t0)).build());
        assertTrue(before.get("b").containsAll(after.get("b")), "b keeps part of its range: " + after);
        assertTrue(before.get("c").containsAll(after.get("c")), "c keeps part of its range: " + after);
        assertEquals(2, after.get("a").size());
        assertEquals(after, assignor.assign(builder.withTargets(before).build()), "deterministic");
    }
}
