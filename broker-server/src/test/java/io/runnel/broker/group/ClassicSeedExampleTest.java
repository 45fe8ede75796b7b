package io.runnel.broker.group;

import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.DescribeGroupsResponse.DescribedGroup;
import io.runnel.protocol.message.DescribeGroupsResponse.DescribedGroupMember;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed's example at the coordinator: a topic of 3 partitions shared by a classic group whose members compute a
 * range assignment themselves, as Kafka clients do. Two members get 2 + 1, three get 1 + 1 + 1, a fourth stays
 * idle, and when members leave or die the others take their partitions over.
 */
class ClassicSeedExampleTest {
    private static final List<String> ALL = List.of("orders-0", "orders-1", "orders-2");

    @Test
    void membersShareThreePartitionsAndTakeOverFromLeaversAndTheDead() {
        try (CoordinatorHarness h = new CoordinatorHarness()) {
            TestConsumer c1 = h.consumer("seed", "c1");
            TestConsumer c2 = h.consumer("seed", "c2");
            List<TestConsumer> members = new ArrayList<>(List.of(c1, c2));
            h.stabilize(members);
            assertSizes(members, List.of(1, 2));
            assertMembersDescribed(h, members);
            int generation = c1.generation;

            TestConsumer c3 = h.consumer("seed", "c3");
            members.add(c3);
            h.stabilize(members);
            assertSizes(members, List.of(1, 1, 1));
            assertTrue(c1.generation > generation, "a join starts a new generation");

            TestConsumer c4 = h.consumer("seed", "c4");
            members.add(c4);
            h.stabilize(members);
            assertSizes(members, List.of(0, 1, 1, 1));
            assertMembersDescribed(h, members);

            // A member that owns a partition leaves: the idle one takes it over.
            TestConsumer leaver = members.stream().filter(c -> !c.assignment.isEmpty()).findFirst().orElseThrow();
            List<String> leaverPartitions = leaver.assignment;
            LeaveResult left = leave(leaver);
            assertEquals(ErrorCode.NONE.code(), left.error);
            members.remove(leaver);
            h.stabilize(members);
            assertSizes(members, List.of(1, 1, 1));
            assertTrue(members.stream().anyMatch(c -> c.assignment.equals(leaverPartitions)));

            // A member dies: it stops heartbeating, the others go on; after its session timeout they share 3.
            TestConsumer dead = members.get(0);
            members.remove(dead);
            for (int step = 0; step < 3; step++) {
                h.advance(4_000);
                h.stabilize(members);
            }
            assertEquals(List.of(), memberIdsOf(h).stream().filter(id -> id.equals(dead.memberId)).toList());
            assertSizes(members, List.of(1, 2));
            assertEquals(ErrorCode.UNKNOWN_MEMBER_ID.code(), dead.heartbeat(), "the dead member was removed");
            assertMembersDescribed(h, members);

            // Down to one member, which then owns everything.
            assertEquals(ErrorCode.NONE.code(), leave(members.remove(0)).error);
            h.stabilize(members);
            assertEquals(ALL, members.get(0).assignment);
            assertMembersDescribed(h, members);
        }
    }

    private record LeaveResult(short error) {
    }

    private static LeaveResult leave(TestConsumer c) {
        return new LeaveResult(c.leave().members().get(0).errorCode());
    }

    /** Every partition has exactly one owner, and the owners' shares have the given sizes. */
    private static void assertSizes(List<TestConsumer> members, List<Integer> sortedSizes) {
        List<Integer> sizes = new ArrayList<>();
        List<String> owned = new ArrayList<>();
        for (TestConsumer c : members) {
            sizes.add(c.assignment.size());
            owned.addAll(c.assignment);
        }
        sizes.sort(null);
        owned.sort(null);
        assertEquals(sortedSizes, sizes, "assignment sizes of " + members);
        assertEquals(ALL, owned, "each partition owned once");
    }

    private static Set<String> memberIdsOf(CoordinatorHarness h) {
        Set<String> ids = new HashSet<>();
        for (DescribedGroupMember m : h.describe("seed").members()) {
            ids.add(m.memberId());
        }
        return ids;
    }

    private static void assertMembersDescribed(CoordinatorHarness h, List<TestConsumer> members) {
        DescribedGroup group = h.describe("seed");
        assertEquals("Stable", group.groupState());
        assertEquals("range", group.protocolData());
        Set<String> expected = new HashSet<>();
        for (TestConsumer c : members) {
            expected.add(c.memberId);
            assertTrue(c.memberId.startsWith(c.clientId + "-"), c.memberId);
            assertEquals(members.get(0).generation, c.generation);
        }
        assertEquals(expected, memberIdsOf(h));
        for (DescribedGroupMember m : group.members()) {
            TestConsumer c = members.stream().filter(x -> x.memberId.equals(m.memberId())).findFirst().orElseThrow();
            assertEquals(c.assignment, TestConsumer.decodeAssignment(m.memberAssignment()));
            assertEquals(c.clientId, m.clientId());
        }
    }
}
