package io.runnel.broker.group.consumer;

import io.runnel.broker.group.assignor.Assignment;
import io.runnel.broker.group.assignor.Assignors;
import io.runnel.broker.group.assignor.TopicIdPartition;
import io.runnel.broker.group.core.TopicMetadataImage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed's example: one topic of 3 partitions; 2 members get 2 + 1, 3 get 1 + 1 + 1, a 4th stays idle, and when
 * members leave or die the others take their partitions over. Clients are simulated as real KIP-848 clients.
 */
class ConsumerSeedExampleTest {

    private static final UUID TOPIC_ID = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final TopicMetadataImage TOPICS = TopicMetadataImage.of(
            List.of(new TopicMetadataImage.Topic("payments", TOPIC_ID, 3)));
    private static final ConsumerGroupConfig CONFIG = new ConsumerGroupConfig(1_000, 10_000, Integer.MAX_VALUE);

    private ConsumerGroup group;
    private final List<SimulatedConsumer> live = new ArrayList<>();
    private long now = 1_000_000;

    @BeforeEach
    void setUp() {
        group = new ConsumerGroup(Heartbeats.GROUP, CONFIG, Assignors.standard(), TOPICS);
    }

    @Test
    void partitionsSpreadOverMembersAndMoveWhenMembersLeaveOrDie() {
        SimulatedConsumer a = start("a");
        settle();
        assertEquals(List.of(3), sizes());

        SimulatedConsumer b = start("b");
        settle();
        assertEquals(List.of(2, 1), sizes());

        SimulatedConsumer c = start("c");
        settle();
        assertEquals(List.of(1, 1, 1), sizes());

        SimulatedConsumer d = start("d");
        settle();
        assertEquals(List.of(1, 1, 1, 0), sizes());
        assertTrue(d.owned.isEmpty(), "the 4th member stays idle: " + d);

        Assignment ofA = a.owned;
        a.leave(group, now);
        live.remove(a);
        settle();
        assertEquals(List.of(1, 1, 1), sizes());
        assertEquals(ofA, d.owned, "the idle member takes over the partition of the member that left");

        Assignment ofC = c.owned;
        live.remove(c);
        long diedAt = now;
        while (group.member("c").isPresent()) {
            advance(500);
        }
        assertTrue(now - diedAt >= CONFIG.sessionTimeoutMs(), "fenced only after the session timeout");
        assertTrue(now - diedAt <= CONFIG.sessionTimeoutMs() + 500, "fenced as soon as the session timed out");
        settle();
        assertEquals(List.of(2, 1), sizes());
        assertTrue(b.owned.union(d.owned).containsAll(ofC), "the dead member's partition moved to a survivor");
        assertEquals(Assignment.of(List.of(
                new TopicIdPartition(TOPIC_ID, 0),
                new TopicIdPartition(TOPIC_ID, 1),
                new TopicIdPartition(TOPIC_ID, 2))), b.owned.union(d.owned));
        assertEquals(ConsumerGroupState.STABLE, group.state());
    }

    @Test
    void aJoinIsReconciledIncrementallyWithoutEverHavingTwoOwners() {
        SimulatedConsumer a = start("a");
        a.heartbeat(group, now);
        assertEquals(3, a.owned.size());
        assertEquals(1, a.epoch);

        HeartbeatResult bJoined = group.heartbeat(Heartbeats.join("b", "payments"), now);
        assertEquals(2, group.groupEpoch());
        assertEquals(2, bJoined.memberEpoch(), "the new member is at the new epoch at once");
        assertEquals(Assignment.EMPTY, bJoined.assignment(), "but gets nothing while a still owns everything");
        assertEquals(MemberState.UNRELEASED_PARTITIONS, group.member("b").orElseThrow().state());
        Assignment targetOfB = group.targetAssignment().of("b");
        assertEquals(1, targetOfB.size());

        HeartbeatResult aMustRevoke = group.heartbeat(Heartbeats.beat("a", 1, null), now);
        assertEquals(1, aMustRevoke.memberEpoch(), "a keeps its epoch until it has revoked");
        assertEquals(a.owned.minus(targetOfB), aMustRevoke.assignment());
        assertEquals(MemberState.UNREVOKED_PARTITIONS, group.member("a").orElseThrow().state());
        assertEquals(targetOfB, group.member("a").orElseThrow().partitionsPendingRevocation());

        HeartbeatResult bStillWaits = group.heartbeat(Heartbeats.beat("b", 2, Assignment.EMPTY), now);
        assertNull(bStillWaits.assignment(), "b gets nothing until a reports the partition revoked");

        HeartbeatResult aRevoked = group.heartbeat(Heartbeats.beat("a", 1, aMustRevoke.assignment()), now);
        assertEquals(2, aRevoked.memberEpoch());
        assertNull(aRevoked.assignment(), "a's assignment did not change when it acknowledged");
        assertEquals(MemberState.STABLE, group.member("a").orElseThrow().state());

        HeartbeatResult bGets = group.heartbeat(Heartbeats.beat("b", 2, null), now);
        assertEquals(targetOfB, bGets.assignment());
        assertEquals(MemberState.STABLE, group.member("b").orElseThrow().state());
        assertFalse(aMustRevoke.assignment().intersects(bGets.assignment()));
        assertEquals(ConsumerGroupState.STABLE, group.state());
    }

    private SimulatedConsumer start(String memberId) {
        SimulatedConsumer consumer = SimulatedConsumer.subscribing(memberId, "payments");
        live.add(consumer);
        return consumer;
    }

    /** Every live member heartbeats once a second until the group is stable and every client owns its target. */
    private void settle() {
        for (int round = 0; round < 20; round++) {
            advance(CONFIG.heartbeatIntervalMs());
            if (group.state() == ConsumerGroupState.STABLE && live.stream().allMatch(c ->
                    c.owned.equals(group.targetAssignment().of(c.memberId)))) {
                return;
            }
        }
        throw new AssertionError("Group did not settle: " + group.members());
    }

    private void advance(long ms) {
        now += ms;
        group.expireMembers(now);
        for (SimulatedConsumer consumer : live) {
            consumer.heartbeat(group, now);
            assertNoTwoOwners();
        }
    }

    private void assertNoTwoOwners() {
        Assignment seen = Assignment.EMPTY;
        for (SimulatedConsumer consumer : live) {
            assertFalse(seen.intersects(consumer.owned), "two owners: " + live);
            seen = seen.union(consumer.owned);
        }
    }

    private List<Integer> sizes() {
        return live.stream().map(c -> c.owned.size()).sorted((x, y) -> y - x).toList();
    }
}
