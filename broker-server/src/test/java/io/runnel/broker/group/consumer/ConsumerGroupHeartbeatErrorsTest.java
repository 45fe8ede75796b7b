package io.runnel.broker.group.consumer;

import io.runnel.broker.group.assignor.Assignment;
import io.runnel.broker.group.assignor.Assignors;
import io.runnel.broker.group.assignor.TopicIdPartition;
import io.runnel.broker.group.core.GroupException;
import io.runnel.broker.group.core.TopicMetadataImage;
import io.runnel.protocol.ErrorCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The errors a heartbeat gets, each with the group's state checked to be unchanged or changed as Kafka does. */
class ConsumerGroupHeartbeatErrorsTest {

    private static final UUID TOPIC = UUID.fromString("00000000-0000-0000-0000-0000000000aa");
    private static final long NOW = 50_000;

    private ConsumerGroup group;

    @BeforeEach
    void setUp() {
        group = new ConsumerGroup(Heartbeats.GROUP, new ConsumerGroupConfig(1_000, 10_000, 3), Assignors.standard(),
                TopicMetadataImage.of(List.of(new TopicMetadataImage.Topic("payments", TOPIC, 4))),
                () -> "broker-generated");
    }

    @Test
    void anEpochNewerThanTheMembersIsFenced() {
        HeartbeatResult joined = group.heartbeat(Heartbeats.join("a", "payments"), NOW);
        assertEquals(1, joined.memberEpoch());
        assertError(ErrorCode.FENCED_MEMBER_EPOCH, () -> group.heartbeat(Heartbeats.beat("a", 2, null), NOW));
        assertEquals(1, group.member("a").orElseThrow().memberEpoch(), "a fenced heartbeat changes nothing");
    }

    @Test
    void anOlderEpochIsFencedUnlessItIsThePreviousOneAfterALostResponse() {
        group.heartbeat(Heartbeats.join("a", "payments"), NOW);
        Assignment all = group.member("a").orElseThrow().assignedPartitions();
        group.heartbeat(Heartbeats.join("b", "payments"), NOW);
        // a revokes half, moves to epoch 2
        HeartbeatResult revoke = group.heartbeat(Heartbeats.beat("a", 1, all), NOW);
        HeartbeatResult moved = group.heartbeat(Heartbeats.beat("a", 1, revoke.assignment()), NOW);
        assertEquals(2, moved.memberEpoch());
        // the response with epoch 2 was lost: a comes back with epoch 1 owning a subset of its assignment: accepted
        HeartbeatResult retried = group.heartbeat(Heartbeats.beat("a", 1, revoke.assignment()), NOW);
        assertEquals(2, retried.memberEpoch());
        // with partitions it no longer may own, or without saying what it owns, epoch 1 is fenced
        assertError(ErrorCode.FENCED_MEMBER_EPOCH, () -> group.heartbeat(Heartbeats.beat("a", 1, all), NOW));
        assertError(ErrorCode.FENCED_MEMBER_EPOCH, () -> group.heartbeat(Heartbeats.beat("a", 1, null), NOW));
        // once a has moved on again, epoch 1 is older than its previous epoch and always fenced
        group.heartbeat(Heartbeats.join("c", "payments"), NOW);
        catchUp("a");
        assertEquals(3, group.member("a").orElseThrow().memberEpoch());
        assertEquals(2, group.member("a").orElseThrow().previousMemberEpoch());
        Assignment ownedNow = group.member("a").orElseThrow().assignedPartitions();
        assertError(ErrorCode.FENCED_MEMBER_EPOCH, () -> group.heartbeat(Heartbeats.beat("a", 1, ownedNow), NOW));
    }

    /** Heartbeats as a prompt client until the member is stable at the group epoch. */
    private void catchUp(String memberId) {
        for (int i = 0; i < 5; i++) {
            ConsumerGroupMember member = group.member(memberId).orElseThrow();
            if (member.memberEpoch() == group.groupEpoch() && member.state() == MemberState.STABLE) {
                return;
            }
            group.heartbeat(Heartbeats.beat(memberId, member.memberEpoch(), member.assignedPartitions()), NOW);
        }
        throw new AssertionError("member did not catch up: " + group.member(memberId));
    }

    @Test
    void aFencedMemberRejoinsWithEpochZeroAndItsPartitionsComeBack() {
        group.heartbeat(Heartbeats.join("a", "payments"), NOW);
        Assignment before = group.member("a").orElseThrow().assignedPartitions();
        assertError(ErrorCode.FENCED_MEMBER_EPOCH, () -> group.heartbeat(Heartbeats.beat("a", 7, null), NOW));
        HeartbeatResult rejoined = group.heartbeat(Heartbeats.join("a", "payments"), NOW);
        assertEquals(1, rejoined.memberEpoch(), "a rejoin of the same member id does not move the group epoch");
        assertEquals(1, group.groupEpoch());
        assertEquals(before, rejoined.assignment());
    }

    @Test
    void unknownMembersGetUnknownMemberId() {
        assertError(ErrorCode.UNKNOWN_MEMBER_ID, () -> group.heartbeat(Heartbeats.beat("ghost", 3, null), NOW));
        assertError(ErrorCode.UNKNOWN_MEMBER_ID, () -> group.heartbeat(
                Heartbeats.leave("ghost", null, MemberHeartbeat.LEAVE_EPOCH), NOW));
        assertError(ErrorCode.UNKNOWN_MEMBER_ID, () -> group.heartbeat(
                Heartbeats.leave("ghost", "instance-x", MemberHeartbeat.STATIC_LEAVE_EPOCH), NOW));
        assertEquals(0, group.groupEpoch());
    }

    @Test
    void badFirstHeartbeatsAreInvalidRequests() {
        MemberHeartbeat good = Heartbeats.join("a", "payments");
        assertInvalid(new MemberHeartbeat(good.apiVersion(), good.groupId(), "a", 0, null, null, -1,
                List.of("payments"), null, null, Assignment.EMPTY, "c", "h"), "RebalanceTimeoutMs");
        assertInvalid(new MemberHeartbeat(good.apiVersion(), good.groupId(), "a", 0, null, null, 30_000,
                List.of("payments"), null, null, null, "c", "h"), "TopicPartitions");
        assertInvalid(new MemberHeartbeat(good.apiVersion(), good.groupId(), "a", 0, null, null, 30_000,
                List.of("payments"), null, null, Assignment.of(List.of(new TopicIdPartition(TOPIC, 0))), "c", "h"),
                "TopicPartitions");
        assertInvalid(new MemberHeartbeat(good.apiVersion(), good.groupId(), "a", 0, null, null, 30_000,
                List.of(), null, null, Assignment.EMPTY, "c", "h"), "SubscribedTopicNames");
        assertInvalid(new MemberHeartbeat(good.apiVersion(), good.groupId(), "", 0, null, null, 30_000,
                List.of("payments"), null, null, Assignment.EMPTY, "c", "h"), "MemberId");
        assertInvalid(new MemberHeartbeat(good.apiVersion(), "", "a", 0, null, null, 30_000,
                List.of("payments"), null, null, Assignment.EMPTY, "c", "h"), "GroupId");
        assertInvalid(new MemberHeartbeat(good.apiVersion(), good.groupId(), "a", 0, "", null, 30_000,
                List.of("payments"), null, null, Assignment.EMPTY, "c", "h"), "InstanceId");
        assertInvalid(Heartbeats.leave("a", null, MemberHeartbeat.STATIC_LEAVE_EPOCH), "InstanceId");
        assertInvalid(Heartbeats.beat("a", -3, null), "MemberEpoch");
        assertInvalid(Heartbeats.beat("", 4, null), "MemberId");
        assertTrue(group.isEmpty());
    }

    @Test
    void version0JoinsWithoutMemberIdGetOneFromTheBroker() {
        MemberHeartbeat v0 = new MemberHeartbeat((short) 0, Heartbeats.GROUP, "", 0, null, null, 30_000,
                List.of("payments"), null, null, Assignment.EMPTY, "c", "h");
        HeartbeatResult result = group.heartbeat(v0, NOW);
        assertEquals("broker-generated", result.memberId());
        assertEquals(4, result.assignment().size());
        assertTrue(group.member("broker-generated").isPresent());
    }

    @Test
    void unknownAssignorsAndBadRegexesAreRefused() {
        GroupException unsupported = assertError(ErrorCode.UNSUPPORTED_ASSIGNOR,
                () -> group.heartbeat(Heartbeats.joinWithAssignor("a", "sticky", "payments"), NOW));
        assertTrue(unsupported.getMessage().contains("sticky"), unsupported.getMessage());
        assertError(ErrorCode.INVALID_REGULAR_EXPRESSION, () -> group.heartbeat(Heartbeats.joinRegex("a", "pay(ments"), NOW));
        assertTrue(group.isEmpty());
    }

    @Test
    void staticMembersInstanceIdsAreExclusive() {
        group.heartbeat(Heartbeats.joinStatic("a", "node-1", "payments"), NOW);
        assertError(ErrorCode.UNRELEASED_INSTANCE_ID,
                () -> group.heartbeat(Heartbeats.joinStatic("b", "node-1", "payments"), NOW));
        MemberHeartbeat impostor = new MemberHeartbeat(Heartbeats.V1, Heartbeats.GROUP, "b", 1, "node-1", null, -1,
                null, null, null, null, "c", "h");
        assertError(ErrorCode.FENCED_INSTANCE_ID, () -> group.heartbeat(impostor, NOW));
        assertError(ErrorCode.FENCED_INSTANCE_ID,
                () -> group.heartbeat(Heartbeats.leave("b", "node-1", MemberHeartbeat.STATIC_LEAVE_EPOCH), NOW));
        assertEquals(List.of("a"), group.members().stream().map(ConsumerGroupMember::memberId).toList());
    }

    @Test
    void aStaticMemberThatLeftTemporarilyIsReplacedWithItsAssignmentAndNoRebalance() {
        group.heartbeat(Heartbeats.joinStatic("a", "node-1", "payments"), NOW);
        group.heartbeat(Heartbeats.join("b", "payments"), NOW);
        HeartbeatResult revoke = group.heartbeat(Heartbeats.beat("a", 1, group.member("a").orElseThrow()
                .assignedPartitions().union(group.member("a").orElseThrow().partitionsPendingRevocation())), NOW);
        HeartbeatResult a = group.heartbeat(Heartbeats.beat("a", 1, revoke.assignment()), NOW);
        int epochBefore = group.groupEpoch();

        HeartbeatResult left = group.heartbeat(Heartbeats.leave("a", "node-1", MemberHeartbeat.STATIC_LEAVE_EPOCH), NOW);
        assertEquals(MemberHeartbeat.STATIC_LEAVE_EPOCH, left.memberEpoch());
        assertEquals(epochBefore, group.groupEpoch(), "a temporary leave does not rebalance");
        HeartbeatResult b = group.heartbeat(Heartbeats.beat("b", 2, null), NOW);
        assertTrue(b.assignment() == null || !b.assignment().intersects(revoke.assignment()),
                "the partitions of the departed static member are kept for it");

        HeartbeatResult successor = group.heartbeat(Heartbeats.joinStatic("a2", "node-1", "payments"), NOW + 1_000);
        assertEquals(epochBefore, group.groupEpoch(), "the successor takes over without a rebalance");
        assertEquals(a.memberEpoch(), successor.memberEpoch(), "it inherits the member epoch");
        assertEquals(revoke.assignment(), successor.assignment(), "and the assignment");
        assertTrue(group.member("a").isEmpty());
        assertEquals("node-1", group.member("a2").orElseThrow().instanceId());
        assertEquals(revoke.assignment(), group.targetAssignment().of("a2"));
    }

    @Test
    void theGroupRefusesMembersBeyondItsMaximumSize() {
        group.heartbeat(Heartbeats.join("a", "payments"), NOW);
        group.heartbeat(Heartbeats.join("b", "payments"), NOW);
        group.heartbeat(Heartbeats.join("c", "payments"), NOW);
        assertError(ErrorCode.GROUP_MAX_SIZE_REACHED, () -> group.heartbeat(Heartbeats.join("d", "payments"), NOW));
        assertEquals(3, group.members().size());
        HeartbeatResult rejoin = group.heartbeat(Heartbeats.join("c", "payments"), NOW);
        assertNotNull(rejoin.assignment(), "a member already in a full group may rejoin");
    }

    @Test
    void leavingReleasesThePartitionsAndMovesTheEpoch() {
        group.heartbeat(Heartbeats.join("a", "payments"), NOW);
        group.heartbeat(Heartbeats.join("b", "payments"), NOW);
        HeartbeatResult left = group.heartbeat(Heartbeats.leave("b", null, MemberHeartbeat.LEAVE_EPOCH), NOW);
        assertEquals(MemberHeartbeat.LEAVE_EPOCH, left.memberEpoch());
        assertEquals(3, group.groupEpoch());
        assertEquals(4, group.targetAssignment().of("a").size());
        assertTrue(group.member("b").isEmpty());
    }

    private void assertInvalid(MemberHeartbeat request, String field) {
        GroupException e = assertError(ErrorCode.INVALID_REQUEST, () -> group.heartbeat(request, NOW));
        assertTrue(e.getMessage().contains(field), e.getMessage() + " should name " + field);
    }

    private static GroupException assertError(ErrorCode expected, Executable call) {
        GroupException e = assertThrows(GroupException.class, call);
        assertEquals(expected, e.error(), e.getMessage());
        return e;
    }
}
