package io.runnel.broker.group;

import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.JoinGroupRequest;
import io.runnel.protocol.message.JoinGroupRequest.JoinGroupRequestProtocol;
import io.runnel.protocol.message.JoinGroupResponse;
import io.runnel.protocol.message.SyncGroupRequest;
import io.runnel.protocol.message.SyncGroupRequest.SyncGroupRequestAssignment;
import io.runnel.protocol.message.SyncGroupResponse;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.runnel.broker.group.CoordinatorHarness.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JoinGroup and SyncGroup of classic groups: handshake, validation, protocol choice, leader and followers. */
class ClassicJoinSyncTest {

    @Test
    void joinV4AsksForAMemberIdThenAcceptsIt() {
        try (CoordinatorHarness h = new CoordinatorHarness()) {
            TestConsumer c = h.consumer("g", "client-a");
            JoinGroupResponse first = await(c.sendJoin());
            assertEquals(ErrorCode.MEMBER_ID_REQUIRED.code(), first.errorCode());
            assertTrue(first.memberId().matches("client-a-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
                    first.memberId());
            assertEquals(-1, first.generationId());
            assertEquals("Empty", h.describe("g").groupState());
            assertEquals(List.of(), h.describe("g").members());

            JoinGroupResponse second = await(c.sendJoin());
            assertEquals(ErrorCode.NONE.code(), second.errorCode());
            assertEquals(first.memberId(), second.memberId());
            assertEquals(1, second.generationId());
            assertEquals(first.memberId(), second.leader());
            assertEquals("consumer", second.protocolType());
            assertEquals("range", second.protocolName());
            assertEquals(1, second.members().size());
            assertEquals(first.memberId(), second.members().get(0).memberId());
            assertArrayEquals(TestConsumer.subscription(List.of("orders")), second.members().get(0).metadata());
            assertEquals("CompletingRebalance", h.describe("g").groupState());
        }
    }

    @Test
    void joinBeforeV4GetsItsMemberIdAtOnce() {
        try (CoordinatorHarness h = new CoordinatorHarness()) {
            TestConsumer c = h.consumer("g", "old-client");
            c.joinVersion = 3;
            JoinGroupResponse r = await(c.sendJoin());
            assertEquals(ErrorCode.NONE.code(), r.errorCode());
            assertTrue(r.memberId().startsWith("old-client-"));
            assertEquals(1, r.generationId());
            // v0 has no rebalance timeout; the answer at v0 still decodes.
            TestConsumer v0 = h.consumer("g0", "v0-client");
            v0.joinVersion = 0;
            assertEquals(ErrorCode.NONE.code(), await(v0.sendJoin()).errorCode());
        }
    }

    @Test
    void aHandedOutMemberIdHoldsTheRebalanceUntilItIsUsedOrExpires() {
        try (CoordinatorHarness h = new CoordinatorHarness()) {
            TestConsumer a = h.consumer("g", "a");
            TestConsumer b = h.consumer("g", "b");
            b.sessionTimeoutMs = 5_000;
            assertEquals(ErrorCode.MEMBER_ID_REQUIRED.code(), await(a.sendJoin()).errorCode());
            assertEquals(ErrorCode.MEMBER_ID_REQUIRED.code(), await(b.sendJoin()).errorCode());
            CompletableFuture<JoinGroupResponse> aJoin = a.sendJoin();
            h.settle();
            assertFalse(aJoin.isDone(), "b's member id is still expected to join");
            h.advance(4_999);
            assertFalse(aJoin.isDone());
            h.advance(1);
            JoinGroupResponse r = await(aJoin);
            assertEquals(ErrorCode.NONE.code(), r.errorCode());
            assertEquals(1, r.members().size());
            // b comes back too late: its id expired.
            assertEquals(ErrorCode.UNKNOWN_MEMBER_ID.code(), await(b.sendJoin()).errorCode());
        }
    }

    @Test
    void joinIsValidated() {
        try (CoordinatorHarness h = new CoordinatorHarness()) {
            assertEquals(ErrorCode.INVALID_GROUP_ID.code(), join(h, "", "", "consumer", 10_000, "range").errorCode());
            assertEquals(ErrorCode.INVALID_SESSION_TIMEOUT.code(),
                    join(h, "g", "", "consumer", 999, "range").errorCode());
            assertEquals(ErrorCode.INVALID_SESSION_TIMEOUT.code(),
                    join(h, "g", "", "consumer", 1_800_001, "range").errorCode());
            assertEquals(ErrorCode.UNKNOWN_MEMBER_ID.code(),
                    join(h, "missing", "someone-1", "consumer", 10_000, "range").errorCode());
            assertEquals(ErrorCode.INCONSISTENT_GROUP_PROTOCOL.code(),
                    join(h, "g", "", "consumer", 10_000).errorCode(), "no protocols at all");
            // Refused joins leave no group behind.
            assertEquals(0, h.listGroups(4, List.of(), List.of()).groups().size());

            TestConsumer a = h.consumer("g", "a");
            h.stabilize(List.of(a));
            assertEquals(ErrorCode.INCONSISTENT_GROUP_PROTOCOL.code(),
                    join(h, "g", "", "connect", 10_000, "range").errorCode(), "other protocol type");
            assertEquals(ErrorCode.INCONSISTENT_GROUP_PROTOCOL.code(),
                    join(h, "g", "", "consumer", 10_000, "sticky").errorCode(), "no common protocol");
        }
    }

    @Test
    void theProtocolMostMembersPreferWinsAndTiesGoToTheOldestMember() {
        try (CoordinatorHarness h = new CoordinatorHarness()) {
            TestConsumer a = h.consumer("vote", "a");
            a.protocols = List.of("range", "roundrobin");
            TestConsumer b = h.consumer("vote", "b");
            b.protocols = List.of("roundrobin", "range");
            h.stabilize(List.of(a, b));
            assertEquals("range", a.lastJoin.protocolName(), "one vote each: the oldest member's first choice");
            TestConsumer c = h.consumer("vote", "c");
            c.protocols = List.of("roundrobin", "range");
            h.stabilize(List.of(a, b, c));
            assertEquals("roundrobin", c.lastJoin.protocolName());
            assertEquals("roundrobin", h.describe("vote").protocolData());
        }
    }

    @Test
    void followersWaitForTheLeadersAssignment() {
        try (CoordinatorHarness h = new CoordinatorHarness()) {
            TestConsumer a = h.consumer("g", "a");
            TestConsumer b = h.consumer("g", "b");
            TestConsumer c = h.consumer("g", "c");
            await(a.sendJoin());
            await(b.sendJoin());
            await(c.sendJoin());
            CompletableFuture<JoinGroupResponse> ja = a.sendJoin();
            CompletableFuture<JoinGroupResponse> jb = b.sendJoin();
            CompletableFuture<JoinGroupResponse> jc = c.sendJoin();
            await(CompletableFuture.allOf(ja, jb, jc));
            TestConsumer leader = a.isLeader() ? a : b.isLeader() ? b : c;
            assertEquals(1, List.of(a, b, c).stream().filter(TestConsumer::isLeader).count());
            assertEquals(3, leader.lastJoin.members().size());
            for (TestConsumer x : List.of(a, b, c)) {
                if (x != leader) {
                    assertEquals(List.of(), x.lastJoin.members(), "followers get no member list");
                    assertEquals(leader.memberId, x.lastJoin.leader());
                }
            }
            List<TestConsumer> followers = List.of(a, b, c).stream().filter(x -> x != leader).toList();
            TestConsumer f1 = followers.get(0);
            TestConsumer f2 = followers.get(1);
            CompletableFuture<SyncGroupResponse> s1 = sync(h, f1, List.of());
            h.settle();
            assertFalse(s1.isDone(), "a follower waits for the leader");
            byte[] leaderBytes = "L".getBytes(StandardCharsets.UTF_8);
            byte[] f1Bytes = "F1".getBytes(StandardCharsets.UTF_8);
            SyncGroupResponse leaderAnswer = await(sync(h, leader, List.of(
                    new SyncGroupRequestAssignment().memberId(leader.memberId).assignment(leaderBytes),
                    new SyncGroupRequestAssignment().memberId(f1.memberId).assignment(f1Bytes),
                    new SyncGroupRequestAssignment().memberId("nobody").assignment(f1Bytes))));
            assertArrayEquals(leaderBytes, leaderAnswer.assignment());
            assertEquals("range", leaderAnswer.protocolName());
            assertEquals("consumer", leaderAnswer.protocolType());
            assertArrayEquals(f1Bytes, await(s1).assignment());
            // Left out by the leader: an empty assignment, also for a follower that syncs after the leader.
            SyncGroupResponse late = await(sync(h, f2, List.of()));
            assertEquals(ErrorCode.NONE.code(), late.errorCode());
            assertArrayEquals(new byte[0], late.assignment());
            assertEquals("Stable", h.describe("g").groupState());
        }
    }

    @Test
    void syncIsFencedByGenerationMemberAndProtocol() {
        try (CoordinatorHarness h = new CoordinatorHarness()) {
            TestConsumer a = h.consumer("g", "a");
            h.stabilize(List.of(a));
            int generation = a.generation;
            assertEquals(ErrorCode.ILLEGAL_GENERATION.code(),
                    syncRaw(h, "g", generation + 1, a.memberId, null).errorCode());
            assertEquals(ErrorCode.UNKNOWN_MEMBER_ID.code(), syncRaw(h, "g", generation, "a-nobody", null).errorCode());
            assertEquals(ErrorCode.UNKNOWN_MEMBER_ID.code(), syncRaw(h, "none", 1, a.memberId, null).errorCode());
            assertEquals(ErrorCode.INVALID_GROUP_ID.code(), syncRaw(h, "", 1, a.memberId, null).errorCode());
            assertEquals(ErrorCode.INCONSISTENT_GROUP_PROTOCOL.code(),
                    syncRaw(h, "g", generation, a.memberId, "roundrobin").errorCode());
            SyncGroupResponse ok = syncRaw(h, "g", generation, a.memberId, "range");
            assertEquals(ErrorCode.NONE.code(), ok.errorCode());
            assertEquals(List.of("orders-0", "orders-1", "orders-2"), TestConsumer.decodeAssignment(ok.assignment()));

            // While the group prepares a rebalance, SyncGroup says so.
            TestConsumer b = h.consumer("g", "b");
            await(b.sendJoin());
            CompletableFuture<JoinGroupResponse> bJoin = b.sendJoin();
            h.settle();
            assertEquals("PreparingRebalance", h.describe("g").groupState());
            assertEquals(ErrorCode.REBALANCE_IN_PROGRESS.code(),
                    syncRaw(h, "g", generation, a.memberId, null).errorCode());
            JoinGroupResponse aRejoin = await(a.sendJoin());
            assertEquals(ErrorCode.NONE.code(), aRejoin.errorCode());
            assertEquals(generation + 1, await(bJoin).generationId());
        }
    }

    @Test
    void aRebalanceAnswersParkedSyncsWithRebalanceInProgress() {
        try (CoordinatorHarness h = new CoordinatorHarness()) {
            TestConsumer a = h.consumer("g", "a");
            TestConsumer b = h.consumer("g", "b");
            await(a.sendJoin());
            await(b.sendJoin());
            CompletableFuture<JoinGroupResponse> ja = a.sendJoin();
            await(b.sendJoin());
            await(ja);
            TestConsumer follower = a.isLeader() ? b : a;
            CompletableFuture<SyncGroupResponse> parked = sync(h, follower, List.of());
            h.settle();
            assertFalse(parked.isDone());
            TestConsumer c = h.consumer("g", "c");
            await(c.sendJoin());
            c.sendJoin();
            assertEquals(ErrorCode.REBALANCE_IN_PROGRESS.code(), await(parked).errorCode());
        }
    }

    @Test
    void aFollowerRejoiningUnchangedIsAnsweredAtOnceButTheLeaderStartsARebalance() {
        try (CoordinatorHarness h = new CoordinatorHarness()) {
            TestConsumer a = h.consumer("g", "a");
            TestConsumer b = h.consumer("g", "b");
            h.stabilize(List.of(a, b));
            int generation = a.generation;
            TestConsumer follower = a.isLeader() ? b : a;
            TestConsumer leader = a.isLeader() ? a : b;
            JoinGroupResponse again = await(follower.sendJoin());
            assertEquals(ErrorCode.NONE.code(), again.errorCode());
            assertEquals(generation, again.generationId());
            assertEquals("Stable", h.describe("g").groupState());

            CompletableFuture<JoinGroupResponse> leaderJoin = leader.sendJoin();
            h.settle();
            assertEquals("PreparingRebalance", h.describe("g").groupState());
            assertEquals(ErrorCode.REBALANCE_IN_PROGRESS.code(), follower.heartbeat());
            assertEquals(generation + 1, await(follower.sendJoin()).generationId());
            assertEquals(generation + 1, await(leaderJoin).generationId());
        }
    }

    private static JoinGroupResponse join(CoordinatorHarness h, String groupId, String memberId, String protocolType,
                                          int sessionTimeoutMs, String... protocols) {
        JoinGroupRequest request = new JoinGroupRequest().groupId(groupId).memberId(memberId)
                .protocolType(protocolType).sessionTimeoutMs(sessionTimeoutMs).rebalanceTimeoutMs(10_000)
                .protocols(java.util.Arrays.stream(protocols).map(p -> new JoinGroupRequestProtocol().name(p)
                        .metadata(TestConsumer.subscription(List.of("orders")))).toList());
        JoinGroupResponse r = await(h.coordinator().joinGroup(CoordinatorHarness.client(7, "raw"), request));
        JoinGroupResponse decoded = Wire.roundTrip(r, (short) 7, JoinGroupResponse::read);
        if (decoded.errorCode() != ErrorCode.NONE.code() && decoded.errorCode() != ErrorCode.MEMBER_ID_REQUIRED.code()) {
            assertNull(decoded.protocolName());
            assertEquals(-1, decoded.generationId());
        }
        return decoded;
    }

    private static CompletableFuture<SyncGroupResponse> sync(CoordinatorHarness h, TestConsumer c,
                                                             List<SyncGroupRequestAssignment> assignments) {
        SyncGroupRequest request = new SyncGroupRequest().groupId(c.groupId).generationId(c.generation)
                .memberId(c.memberId).assignments(assignments);
        return h.coordinator().syncGroup(CoordinatorHarness.client(5, c.clientId), request)
                .thenApply(r -> Wire.roundTrip(r, (short) 5, SyncGroupResponse::read));
    }

    private static SyncGroupResponse syncRaw(CoordinatorHarness h, String groupId, int generation, String memberId,
                                             String protocolName) {
        SyncGroupRequest request = new SyncGroupRequest().groupId(groupId).generationId(generation)
                .memberId(memberId).protocolType("consumer").protocolName(protocolName).assignments(List.of());
        SyncGroupResponse r = await(h.coordinator().syncGroup(CoordinatorHarness.client(5, "raw"), request));
        return Wire.roundTrip(r, (short) 5, SyncGroupResponse::read);
    }
}
