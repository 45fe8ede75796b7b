package io.runnel.broker.group.assignor;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static io.runnel.broker.group.assignor.AssignorTestSupport.assertValid;
import static io.runnel.broker.group.assignor.AssignorTestSupport.partitions;
import static io.runnel.broker.group.assignor.AssignorTestSupport.spread;
import static io.runnel.broker.group.assignor.AssignorTestSupport.topic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UniformAssignorTest {

    private final UniformAssignor assignor = new UniformAssignor();
    private final UUID t0 = topic(0);
    private final UUID t1 = topic(1);

    @Test
    void theSeedExample() {
        Map<String, Assignment> two = assignor.assign(new AssignorTestSupport.SpecBuilder().topic(t0, 3)
                .member("a", Set.of(t0)).member("b", Set.of(t0)).build());
        assertEquals(partitions(t0, 0, 2), two.get("a"));
        assertEquals(partitions(t0, 1), two.get("b"));

        Map<String, Assignment> four = assignor.assign(new AssignorTestSupport.SpecBuilder().topic(t0, 3)
                .member("a", Set.of(t0)).member("b", Set.of(t0)).member("c", Set.of(t0)).member("d", Set.of(t0))
                .build());
        assertEquals(List.of(1, 1, 1, 0), four.values().stream().map(Assignment::size).toList());
    }

    @Test
    void equalSubscriptionsAreBalancedWithinOnePartition() {
        Random random = new Random(848);
        for (int round = 0; round < 300; round++) {
            AssignorTestSupport.SpecBuilder builder = new AssignorTestSupport.SpecBuilder();
            Set<UUID> topics = new HashSet<>();
            for (int t = 0; t < 1 + random.nextInt(5); t++) {
                builder.topic(topic(t), 1 + random.nextInt(20));
                topics.add(topic(t));
            }
            int members = 1 + random.nextInt(12);
            for (int m = 0; m < members; m++) {
                builder.member("m" + m, topics);
            }
            AssignmentSpec first = builder.build();
            Map<String, Assignment> result = assignor.assign(first);
            assertValid(first, result);
            assertTrue(spread(result) <= 1, "round " + round + ": " + result);

            // and again from a scrambled previous target (members dropping out, others joining)
            Map<String, Assignment> scrambled = new java.util.TreeMap<>(result);
            for (int m = 0; m < members; m++) {
                if (random.nextInt(3) == 0) {
                    builder.remove("m" + m);
                    scrambled.remove("m" + m);
                }
            }
            for (int m = members; m < members + random.nextInt(4); m++) {
                builder.member("m" + m, topics);
            }
            AssignmentSpec second = builder.withTargets(scrambled).build();
            if (!second.members().isEmpty()) {
                Map<String, Assignment> next = assignor.assign(second);
                assertValid(second, next);
                assertTrue(spread(next) <= 1, "round " + round + " after churn: " + next);
            }
        }
    }

    @Test
    void aJoiningMemberTakesOnlyWhatBalanceRequiresAndOthersOnlyLose() {
        AssignorTestSupport.SpecBuilder builder = new AssignorTestSupport.SpecBuilder().topic(t0, 7).topic(t1, 5)
                .member("a", Set.of(t0, t1)).member("b", Set.of(t0, t1)).member("c", Set.of(t0, t1));
        Map<String, Assignment> before = assignor.assign(builder.build());
        Map<String, Assignment> after = assignor.assign(builder.withTargets(before).member("d", Set.of(t0, t1)).build());
        assertValid(builder.build(), after);
        int moved = 0;
        for (String member : List.of("a", "b", "c")) {
            assertTrue(before.get(member).containsAll(after.get(member)), member + " only gives up partitions");
            moved += before.get(member).size() - after.get(member).size();
        }
        assertEquals(3, after.get("d").size(), "12 partitions over 4 members");
        assertEquals(3, moved, "exactly the partitions d needs move");
    }

    @Test
    void whenAMemberLeavesTheOthersKeepEverythingTheyHad() {
        AssignorTestSupport.SpecBuilder builder = new AssignorTestSupport.SpecBuilder().topic(t0, 10)
                .member("a", Set.of(t0)).member("b", Set.of(t0)).member("c", Set.of(t0));
        Map<String, Assignment> before = assignor.assign(builder.build());
        Map<String, Assignment> after = assignor.assign(builder.withTargets(before).remove("b").build());
        assertTrue(after.get("a").containsAll(before.get("a")));
        assertTrue(after.get("c").containsAll(before.get("c")));
        assertEquals(10, after.get("a").size() + after.get("c").size());
        assertTrue(spread(after) <= 1, "balanced: " + after);
    }

    @Test
    void differentSubscriptionsGetOnlyTheirTopicsAsEvenlyAsPossible() {
        AssignmentSpec spec = new AssignorTestSupport.SpecBuilder().topic(t0, 6).topic(t1, 2)
                .member("a", Set.of(t0)).member("b", Set.of(t0, t1)).build();
        Map<String, Assignment> result = assignor.assign(spec);
        assertValid(spec, result);
        assertEquals(4, result.get("a").size());
        assertEquals(4, result.get("b").size());
        assertEquals(2, result.get("b").partitions(t1).size(), "only b subscribes to t1");
    }

    @Test
    void theResultDependsOnTheSpecAlone() {
        Random random = new Random(7);
        for (int round = 0; round < 50; round++) {
            List<String> members = new ArrayList<>();
            for (int m = 0; m < 2 + random.nextInt(6); m++) {
                members.add("member-" + random.nextInt(1000));
            }
            List<String> shuffled = new ArrayList<>(members);
            Collections.shuffle(shuffled, random);
            AssignorTestSupport.SpecBuilder one = new AssignorTestSupport.SpecBuilder().topic(t0, 9).topic(t1, 4);
            AssignorTestSupport.SpecBuilder two = new AssignorTestSupport.SpecBuilder().topic(t1, 4).topic(t0, 9);
            members.forEach(m -> one.member(m, Set.of(t0, t1)));
            shuffled.forEach(m -> two.member(m, Set.of(t0, t1)));
            assertEquals(assignor.assign(one.build()), assignor.assign(two.build()));
        }
    }
}
