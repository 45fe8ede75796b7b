package io.runnel.client.internal.consumer;

import io.runnel.client.TopicPartition;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.HeartbeatResponse;
import io.runnel.protocol.message.JoinGroupRequest;
import io.runnel.protocol.message.JoinGroupResponse;
import io.runnel.protocol.message.LeaveGroupRequest;
import io.runnel.protocol.message.SyncGroupRequest;
import io.runnel.protocol.message.SyncGroupResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The classic (eager) member state machine, driven with an explicit clock and hand-made coordinator answers. */
class ClassicMembershipTest {
    private long now = 5_000;

    private static ClassicMembership member() {
        return new ClassicMembership("g", null, 10_000, 300_000, 3_000, 100);
    }

    private static TopicPartition tp(String topic, int partition) {
        return new TopicPartition(topic, partition);
    }

    private static JoinGroupResponse joined(String memberId, String leader, int generation,
                                            JoinGroupResponse.JoinGroupResponseMember... members) {
        return new JoinGroupResponse().memberId(memberId).leader(leader).generationId(generation)
                .protocolName(ClassicRangeAssignor.NAME).members(List.of(members));
    }

    private static JoinGroupResponse.JoinGroupResponseMember memberOf(String id, String... topics) {
        return new JoinGroupResponse.JoinGroupResponseMember().memberId(id)
                .metadata(ConsumerProtocolCodec.encodeSubscription(ClassicSubscription.of(List.of(topics))));
    }

    private static SyncGroupResponse synced(TopicPartition... partitions) {
        return new SyncGroupResponse().assignment(
                ConsumerProtocolCodec.encodeAssignment(new ClassicAssignment(List.of(partitions), null)));
    }

    /** A follower that joined generation 1 and took orders-0. */
    private ClassicMembership stableFollower() {
        ClassicMembership member = member();
        member.subscribe(Set.of("orders"), now);
        member.joinToSend(now);
        member.onJoinResponse(joined("m-2", "m-1", 1), now);
        member.syncToSend(null, null);
        member.onSyncResponse(synced(tp("orders", 0)), now);
        member.changeDone(member.nextChange());
        assertEquals(ClassicMembership.State.STABLE, member.state());
        return member;
    }

    @Test
    void joinAsksForAMemberIdThenJoinsWithTheRangeProtocolAndKafkasSubscriptionBytes() {
        ClassicMembership member = member();
        assertNull(member.joinToSend(now), "not subscribed");
        member.subscribe(Set.of("orders", "audit"), now);
        JoinGroupRequest first = member.joinToSend(now);
        assertEquals("", first.memberId());
        assertEquals("consumer", first.protocolType());
        assertEquals(300_000, first.rebalanceTimeoutMs());
        assertEquals(10_000, first.sessionTimeoutMs());
        assertEquals("range", first.protocols().get(0).name());
        assertEquals(List.of("audit", "orders"),
                ConsumerProtocolCodec.decodeSubscription(first.protocols().get(0).metadata()).topics());
        assertNull(member.joinToSend(now), "one join in flight");

        member.onJoinResponse(new JoinGroupResponse().errorCode(ErrorCode.MEMBER_ID_REQUIRED.code())
                .memberId("m-1"), now);
        assertEquals("m-1", member.joinToSend(now).memberId());
    }

    @Test
    void theLeaderAssignsWithRangeAndEveryoneGetsItsPartitionsOnThePollingThread() {
        ClassicMembership leader = member();
        leader.subscribe(Set.of("orders"), now);
        leader.joinToSend(now);
        leader.onJoinResponse(joined("m-1", "m-1", 4, memberOf("m-1", "orders"), memberOf("m-2", "orders")), now);
        assertTrue(leader.isLeader());
        assertEquals(ClassicMembership.State.AWAITING_ASSIGNMENT, leader.state());
        assertEquals(Set.of("orders"), leader.groupTopics());
        assertNull(leader.syncToSend(null, null), "the leader waits for its assignment");

        Map<String, List<TopicPartition>> assignment =
                ClassicRangeAssignor.assign(leader.membersToAssign(), topic -> 3);
        SyncGroupRequest sync = leader.syncToSend(assignment, Map.of("orders", 3));
        assertEquals(4, sync.generationId());
        assertEquals(2, sync.assignments().size());
        for (SyncGroupRequest.SyncGroupRequestAssignment a : sync.assignments()) {
            List<TopicPartition> partitions = ConsumerProtocolCodec.decodeAssignment(a.assignment()).partitions();
            assertEquals(a.memberId().equals("m-1") ? List.of(tp("orders", 0), tp("orders", 1))
                    : List.of(tp("orders", 2)), partitions);
        }
        leader.onSyncResponse(synced(tp("orders", 0), tp("orders", 1)), now);
        assertTrue(leader.owned().isEmpty(), "owned once the polling thread took them");
        PartitionChange change = leader.nextChange();
        assertEquals(List.of(tp("orders", 0), tp("orders", 1)), change.assigned());
        leader.changeDone(change);
        assertEquals(Set.of(tp("orders", 0), tp("orders", 1)), leader.owned());
        assertNull(leader.nextChange());
    }

    @Test
    void rebalanceInProgressRevokesEverythingBeforeJoiningAgain() {
        ClassicMembership member = stableFollower();
        now += 3_000;
        assertNotNull(member.heartbeatToSend(now));
        member.onHeartbeatResponse(new HeartbeatResponse().errorCode(ErrorCode.REBALANCE_IN_PROGRESS.code()), now);
        assertNull(member.joinToSend(now), "eager: no join while partitions are owned");
        PartitionChange revoke = member.nextChange();
        assertEquals(List.of(tp("orders", 0)), revoke.revoked());
        assertTrue(revoke.lost().isEmpty());
        member.changeDone(revoke);
        JoinGroupRequest rejoin = member.joinToSend(now);
        assertEquals("m-2", rejoin.memberId(), "a rejoin keeps the member id");
        assertTrue(ConsumerProtocolCodec.decodeSubscription(rejoin.protocols().get(0).metadata())
                .ownedPartitions().isEmpty());
    }

    @Test
    void illegalGenerationLosesThePartitionsAndUnknownMemberAlsoForgetsTheId() {
        ClassicMembership member = stableFollower();
        now += 3_000;
        member.heartbeatToSend(now);
        member.onHeartbeatResponse(new HeartbeatResponse().errorCode(ErrorCode.ILLEGAL_GENERATION.code()), now);
        assertEquals(-1, member.generation());
        PartitionChange lost = member.nextChange();
        assertEquals(List.of(tp("orders", 0)), lost.lost());
        member.changeDone(lost);
        assertEquals("m-2", member.joinToSend(now).memberId());

        ClassicMembership other = stableFollower();
        other.heartbeatToSend(now);
        other.onHeartbeatResponse(new HeartbeatResponse().errorCode(ErrorCode.UNKNOWN_MEMBER_ID.code()), now);
        other.changeDone(other.nextChange());
        assertEquals("", other.joinToSend(now).memberId());
    }

    @Test
    void heartbeatsFollowTheIntervalOneAtATime() {
        ClassicMembership member = stableFollower();
        assertEquals(3_000, member.msUntilNextHeartbeat(now));
        assertNull(member.heartbeatToSend(now + 2_999));
        assertNotNull(member.heartbeatToSend(now + 3_000));
        assertNull(member.heartbeatToSend(now + 9_000));
        member.onHeartbeatResponse(new HeartbeatResponse(), now + 3_010);
        assertEquals(3_000, member.msUntilNextHeartbeat(now + 3_010));
    }

    @Test
    void anExpiredPollTimerLeavesAndLosesThePartitions() {
        ClassicMembership member = stableFollower();
        LeaveGroupRequest leave = member.pollTimerExpired(now + 400_000);
        assertEquals("m-2", leave.members().get(0).memberId());
        assertEquals("m-2", leave.memberId());
        PartitionChange lost = member.nextChange();
        assertEquals(List.of(tp("orders", 0)), lost.lost());
        member.changeDone(lost);
        assertEquals("", member.joinToSend(now + 400_000).memberId());
    }

    @Test
    void leaveNamesTheMemberAndStaticMembersByInstanceId() {
        ClassicMembership member = new ClassicMembership("g", "inst-1", 10_000, 300_000, 3_000, 100);
        member.subscribe(Set.of("orders"), now);
        assertEquals("inst-1", member.joinToSend(now).groupInstanceId());
        member.onJoinResponse(joined("m-9", "m-1", 2), now);
        LeaveGroupRequest leave = member.leave();
        assertEquals("inst-1", leave.members().get(0).groupInstanceId());
        assertNull(member.leave(), "already out");
        assertNull(member.joinToSend(now + 1_000));
    }

    @Test
    void coordinatorMovesBackOffAndFatalErrorsStop() {
        ClassicMembership member = member();
        member.subscribe(Set.of("orders"), now);
        member.joinToSend(now);
        member.onJoinResponse(new JoinGroupResponse().errorCode(ErrorCode.NOT_COORDINATOR.code()), now);
        assertTrue(member.coordinatorLost());
        member.coordinatorFound();
        assertNull(member.joinToSend(now + 99));
        assertNotNull(member.joinToSend(now + 100));
        member.onJoinResponse(new JoinGroupResponse().errorCode(ErrorCode.INCONSISTENT_GROUP_PROTOCOL.code()),
                now + 100);
        assertEquals(ClassicMembership.State.FATAL, member.state());
        assertTrue(member.fatalError().getMessage().contains("INCONSISTENT_GROUP_PROTOCOL"));
        assertNull(member.joinToSend(now + 10_000));
    }

    @Test
    void theLeaderReformsTheGroupWhenAPartitionCountChanges() {
        ClassicMembership leader = member();
        leader.subscribe(Set.of("orders"), now);
        leader.joinToSend(now);
        leader.onJoinResponse(joined("m-1", "m-1", 1, memberOf("m-1", "orders")), now);
        leader.syncToSend(ClassicRangeAssignor.assign(leader.membersToAssign(), t -> 2), Map.of("orders", 2));
        leader.onSyncResponse(synced(tp("orders", 0), tp("orders", 1)), now);
        leader.changeDone(leader.nextChange());
        leader.onPartitionCounts(Map.of("orders", 2), now);
        assertNull(leader.nextChange());
        leader.onPartitionCounts(Map.of("orders", 4), now);
        assertEquals(2, leader.nextChange().revoked().size());
    }
}
