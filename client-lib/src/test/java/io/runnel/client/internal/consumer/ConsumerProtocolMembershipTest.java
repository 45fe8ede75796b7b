package io.runnel.client.internal.consumer;

import io.runnel.client.TopicPartition;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ConsumerGroupHeartbeatRequest;
import io.runnel.protocol.message.ConsumerGroupHeartbeatResponse;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The KIP-848 member state machine, driven with an explicit clock and hand-made broker answers. */
class ConsumerProtocolMembershipTest {
    private static final UUID ORDERS = new UUID(1, 1);
    private static final UUID AUDIT = new UUID(2, 2);
    private static final Function<UUID, String> NAMES =
            id -> id.equals(ORDERS) ? "orders" : id.equals(AUDIT) ? "audit" : null;

    private long now = 1_000;

    private static ConsumerProtocolMembership member(String instanceId) {
        return new ConsumerProtocolMembership("g", "m-1", instanceId, 300_000, null, 100);
    }

    private static ConsumerGroupHeartbeatResponse answer(int epoch, Map<UUID, List<Integer>> assignment) {
        ConsumerGroupHeartbeatResponse response = new ConsumerGroupHeartbeatResponse().memberId("m-1")
                .memberEpoch(epoch).heartbeatIntervalMs(1_000);
        if (assignment != null) {
            List<ConsumerGroupHeartbeatResponse.TopicPartitions> tps = new ArrayList<>();
            assignment.forEach((id, partitions) -> tps.add(
                    new ConsumerGroupHeartbeatResponse.TopicPartitions().topicId(id).partitions(partitions)));
            response.assignment(new ConsumerGroupHeartbeatResponse.Assignment().topicPartitions(tps));
        }
        return response;
    }

    private static ConsumerGroupHeartbeatResponse error(ErrorCode code) {
        return new ConsumerGroupHeartbeatResponse().errorCode(code.code()).memberEpoch(-1);
    }

    private static List<String> reported(ConsumerGroupHeartbeatRequest request) {
        List<String> out = new ArrayList<>();
        for (ConsumerGroupHeartbeatRequest.TopicPartitions tps : request.topicPartitions()) {
            for (int p : tps.partitions()) {
                out.add(NAMES.apply(tps.topicId()) + "-" + p);
            }
        }
        out.sort(null);
        return out;
    }

    private static TopicPartition tp(String topic, int partition) {
        return new TopicPartition(topic, partition);
    }

    /** Joins and reconciles to {@code partitions} of orders at epoch 1. */
    private ConsumerProtocolMembership stableWith(List<Integer> partitions) {
        ConsumerProtocolMembership member = member(null);
        member.subscribe(Set.of("orders"), now);
        member.heartbeatToSend(now);
        member.onHeartbeatResponse(answer(1, Map.of(ORDERS, partitions)), now);
        member.changeDone(member.nextChange(NAMES), now);
        member.heartbeatToSend(now);
        member.onHeartbeatResponse(answer(1, null), now);
        assertEquals(ConsumerProtocolMembership.State.STABLE, member.state());
        return member;
    }

    @Test
    void joinsWithEpochZeroThenReconcilesAndAcknowledgesAtOnce() {
        ConsumerProtocolMembership member = member(null);
        assertNull(member.heartbeatToSend(now), "nothing to send before subscribing");
        member.subscribe(Set.of("orders"), now);
        ConsumerGroupHeartbeatRequest join = member.heartbeatToSend(now);
        assertNotNull(join);
        assertEquals(0, join.memberEpoch());
        assertEquals("m-1", join.memberId());
        assertEquals(List.of("orders"), join.subscribedTopicNames());
        assertEquals(300_000, join.rebalanceTimeoutMs());
        assertTrue(join.topicPartitions().isEmpty());
        assertNull(member.heartbeatToSend(now), "one heartbeat in flight at a time");

        member.onHeartbeatResponse(answer(3, Map.of(ORDERS, List.of(0, 1))), now);
        assertEquals(3, member.memberEpoch());
        PartitionChange change = member.nextChange(NAMES);
        assertEquals(List.of(tp("orders", 0), tp("orders", 1)), change.assigned());
        assertTrue(change.revoked().isEmpty());
        assertEquals(change, member.nextChange(NAMES), "the same step until it is done");
        assertTrue(member.owned().isEmpty(), "partitions are owned once the polling thread took them");

        member.changeDone(change, now);
        assertEquals(ConsumerProtocolMembership.State.ACKNOWLEDGING, member.state());
        ConsumerGroupHeartbeatRequest ack = member.heartbeatToSend(now);
        assertEquals(List.of("orders-0", "orders-1"), reported(ack));
        assertEquals(3, ack.memberEpoch());
        member.onHeartbeatResponse(answer(3, null), now);
        assertEquals(ConsumerProtocolMembership.State.STABLE, member.state());
        assertEquals(1_000, member.msUntilNextHeartbeat(now));
        assertNull(member.heartbeatToSend(now + 999));
        assertNotNull(member.heartbeatToSend(now + 1_000));
    }

    @Test
    void revokesBeforeAcknowledgingAndKeepsReportingWhatItStillOwns() {
        ConsumerProtocolMembership member = stableWith(List.of(0, 1, 2));
        now += 1_000;
        member.heartbeatToSend(now);
        member.onHeartbeatResponse(answer(1, Map.of(ORDERS, List.of(0))), now);
        PartitionChange revoke = member.nextChange(NAMES);
        assertEquals(List.of(tp("orders", 1), tp("orders", 2)), revoke.revoked());
        assertTrue(revoke.assigned().isEmpty());

        now += 1_000;
        ConsumerGroupHeartbeatRequest whileRevoking = member.heartbeatToSend(now);
        assertEquals(List.of("orders-0", "orders-1", "orders-2"), reported(whileRevoking),
                "not revoked yet: the partitions are still this member's");
        member.onHeartbeatResponse(answer(1, null), now);

        member.changeDone(revoke, now);
        ConsumerGroupHeartbeatRequest ack = member.heartbeatToSend(now);
        assertNotNull(ack, "the revocation is acknowledged at once, not after the interval");
        assertEquals(List.of("orders-0"), reported(ack));
        member.onHeartbeatResponse(answer(2, Map.of(ORDERS, List.of(0), AUDIT, List.of(4))), now);
        assertEquals(2, member.memberEpoch());
        assertEquals(List.of(tp("audit", 4)), member.nextChange(NAMES).assigned());
    }

    @Test
    void partitionsOfTopicsMetadataDoesNotKnowYetWaitForIt() {
        ConsumerProtocolMembership member = member(null);
        member.subscribe(Set.of("orders", "audit"), now);
        member.heartbeatToSend(now);
        member.onHeartbeatResponse(answer(1, Map.of(ORDERS, List.of(0), AUDIT, List.of(1))), now);
        Function<UUID, String> onlyOrders = id -> id.equals(ORDERS) ? "orders" : null;
        PartitionChange first = member.nextChange(onlyOrders);
        assertEquals(List.of(tp("orders", 0)), first.assigned());
        member.changeDone(first, now);
        member.heartbeatToSend(now);
        member.onHeartbeatResponse(answer(1, null), now);
        assertEquals(ConsumerProtocolMembership.State.RECONCILING, member.state());
        assertNull(member.nextChange(onlyOrders));
        assertEquals(List.of(tp("audit", 1)), member.nextChange(NAMES).assigned());
    }

    @Test
    void aFencedMemberLosesItsPartitionsAndRejoinsWithEpochZeroAndTheSameId() {
        ConsumerProtocolMembership member = stableWith(List.of(0, 1));
        now += 1_000;
        member.heartbeatToSend(now);
        member.onHeartbeatResponse(error(ErrorCode.FENCED_MEMBER_EPOCH), now);
        assertEquals(ConsumerProtocolMembership.State.FENCED, member.state());
        assertNull(member.heartbeatToSend(now + 10_000), "no heartbeat until the loss is handled");
        PartitionChange lost = member.nextChange(NAMES);
        assertEquals(List.of(tp("orders", 0), tp("orders", 1)), lost.lost());
        assertTrue(lost.revoked().isEmpty());

        member.changeDone(lost, now);
        assertTrue(member.owned().isEmpty());
        ConsumerGroupHeartbeatRequest rejoin = member.heartbeatToSend(now);
        assertEquals(0, rejoin.memberEpoch());
        assertEquals("m-1", rejoin.memberId());
        assertTrue(rejoin.topicPartitions().isEmpty());
    }

    @Test
    void aStepOvertakenByFencingIsIgnored() {
        ConsumerProtocolMembership member = stableWith(List.of(0, 1));
        member.heartbeatToSend(now + 1_000);
        member.onHeartbeatResponse(answer(1, Map.of(ORDERS, List.of(0))), now);
        PartitionChange revoke = member.nextChange(NAMES);
        member.heartbeatToSend(now + 2_000);
        member.onHeartbeatResponse(error(ErrorCode.UNKNOWN_MEMBER_ID), now + 2_000);
        member.changeDone(revoke, now + 2_000);
        assertEquals(Set.of(tp("orders", 0), tp("orders", 1)), member.owned(), "stale step changed nothing");
        assertEquals(2, member.nextChange(NAMES).lost().size());
    }

    @Test
    void leavingSendsEpochMinusOneOrMinusTwoForStaticMembers() {
        ConsumerProtocolMembership dynamic = stableWith(List.of(0));
        dynamic.leave(now);
        ConsumerGroupHeartbeatRequest leave = dynamic.heartbeatToSend(now);
        assertEquals(ConsumerProtocolMembership.LEAVE_EPOCH, leave.memberEpoch());
        assertEquals(List.of(), dynamic.heartbeatToSend(now + 5_000) == null ? List.of() : List.of("again"));
        dynamic.onHeartbeatResponse(answer(-1, null), now);
        assertTrue(dynamic.isOut());

        ConsumerProtocolMembership stat = member("instance-7");
        stat.subscribe(Set.of("orders"), now);
        ConsumerGroupHeartbeatRequest join = stat.heartbeatToSend(now);
        assertEquals("instance-7", join.instanceId());
        stat.onHeartbeatResponse(answer(1, Map.of()), now);
        stat.leave(now);
        ConsumerGroupHeartbeatRequest staticLeave = stat.heartbeatToSend(now);
        assertEquals(ConsumerProtocolMembership.STATIC_LEAVE_EPOCH, staticLeave.memberEpoch());
        assertEquals("instance-7", staticLeave.instanceId());
    }

    @Test
    void aLeaveAskedForWhileAHeartbeatIsInFlightGoesOutAfterItsAnswer() {
        ConsumerProtocolMembership member = stableWith(List.of(0));
        now += 1_000;
        assertNotNull(member.heartbeatToSend(now));
        member.leave(now);
        assertNull(member.heartbeatToSend(now));
        member.onHeartbeatResponse(answer(1, null), now);
        assertTrue(!member.isOut(), "the answer to the earlier heartbeat is not the leave's");
        assertEquals(ConsumerProtocolMembership.LEAVE_EPOCH, member.heartbeatToSend(now).memberEpoch());
        member.onHeartbeatFailure(now);
        assertTrue(member.isOut(), "a lost leave is not retried: the session timeout covers it");
    }

    @Test
    void anExpiredPollTimerLeavesLosesThePartitionsAndRejoinsOnTheNextPoll() {
        ConsumerProtocolMembership member = stableWith(List.of(0, 1));
        now += 400_000;
        member.pollTimerExpired(now);
        ConsumerGroupHeartbeatRequest leave = member.heartbeatToSend(now);
        assertEquals(ConsumerProtocolMembership.LEAVE_EPOCH, leave.memberEpoch());
        member.onHeartbeatResponse(answer(-1, null), now);
        assertEquals(ConsumerProtocolMembership.State.STALE, member.state());
        assertNull(member.heartbeatToSend(now + 60_000));

        PartitionChange lost = member.nextChange(NAMES);
        assertEquals(2, lost.lost().size());
        member.changeDone(lost, now);
        member.pollResumed(now);
        assertEquals(0, member.heartbeatToSend(now).memberEpoch());
    }

    @Test
    void unfixableErrorsAreFatalAndNameTheGroup() {
        ConsumerProtocolMembership member = member("i");
        member.subscribe(Set.of("orders"), now);
        member.heartbeatToSend(now);
        member.onHeartbeatResponse(error(ErrorCode.FENCED_INSTANCE_ID), now);
        assertEquals(ConsumerProtocolMembership.State.FATAL, member.state());
        assertTrue(member.fatalError().getMessage().contains("FENCED_INSTANCE_ID"));
        assertTrue(member.fatalError().getMessage().contains("group g"));
        assertNull(member.heartbeatToSend(now + 100_000));
    }

    @Test
    void coordinatorErrorsAndLostRequestsBackOffAndKeepTheMembership() {
        ConsumerProtocolMembership member = stableWith(List.of(0));
        now += 1_000;
        member.heartbeatToSend(now);
        member.onHeartbeatResponse(error(ErrorCode.NOT_COORDINATOR), now);
        assertTrue(member.coordinatorLost());
        assertEquals(Set.of(tp("orders", 0)), member.owned());
        assertNull(member.heartbeatToSend(now + 99));
        assertNotNull(member.heartbeatToSend(now + 100));
        member.onHeartbeatFailure(now + 100);
        assertEquals(200, member.msUntilNextHeartbeat(now + 100), "the backoff doubles");
        member.coordinatorFound();
        assertTrue(!member.coordinatorLost());
    }
}
