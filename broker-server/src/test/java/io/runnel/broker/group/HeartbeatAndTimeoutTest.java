package io.runnel.broker.group;

import io.runnel.broker.group.classic.StoredGroup;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.HeartbeatRequest;
import io.runnel.protocol.message.HeartbeatResponse;
import io.runnel.protocol.message.JoinGroupResponse;
import io.runnel.protocol.message.SyncGroupResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.runnel.broker.group.CoordinatorHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Heartbeat answers, and every timeout of a classic group, on a clock the test moves. */
class HeartbeatAndTimeoutTest {

    @Test
    void heartbeatAnswersAsKafkaDoes() {
        try (CoordinatorHarness h = new CoordinatorHarness()) {
            TestConsumer a = h.consumer("g", "a");
            h.stabilize(List.of(a));
            int generation = a.generation;
            assertEquals(ErrorCode.NONE.code(), a.heartbeat());
            assertEquals(ErrorCode.ILLEGAL_GENERATION.code(), heartbeat(h, "g", generation - 1, a.memberId));
            assertEquals(ErrorCode.UNKNOWN_MEMBER_ID.code(), heartbeat(h, "g", generation, "a-stranger"));
            assertEquals(ErrorCode.UNKNOWN_MEMBER_ID.code(), heartbeat(h, "nowhere", generation, a.memberId));
            assertEquals(ErrorCode.INVALID_GROUP_ID.code(), heartbeat(h, "", generation, a.memberId));

            TestConsumer b = h.consumer("g", "b");
            await(b.sendJoin());
            CompletableFuture<JoinGroupResponse> bJoin = b.sendJoin();
            h.settle();
            assertEquals(ErrorCode.REBALANCE_IN_PROGRESS.code(), a.heartbeat());
            await(a.sendJoin());
            await(bJoin);
            assertEquals("CompletingRebalance", h.describe("g").groupState());
            assertEquals(ErrorCode.NONE.code(), a.heartbeat(), "heartbeats before SyncGroup are fine");
            assertEquals(ErrorCode.ILLEGAL_GENERATION.code(), heartbeat(h, "g", generation, a.memberId));

            assertEquals(ErrorCode.NONE.code(), b.leave().members().get(0).errorCode());
            assertEquals(ErrorCode.UNKNOWN_MEMBER_ID.code(), b.heartbeat(), "after leaving");
        }
    }

    @Test
    void aSilentMemberExpiresExactlyAfterItsSessionTimeout() {
        try (CoordinatorHarness h = new CoordinatorHarness()) {
            TestConsumer a = h.consumer("g", "a");
            a.sessionTimeoutMs = 5_000;
            h.stabilize(List.of(a));
            int generation = a.generation;
            h.advance(4_999);
            assertEquals("Stable", h.describe("g").groupState());
            assertEquals(1, h.describe("g").members().size());
            h.advance(1);
            assertEquals("Empty", h.describe("g").groupState());
            assertEquals(List.of(), h.describe("g").members());
            StoredGroup stored = h.groupStore.storedGroup("g");
            assertEquals(generation + 1, stored.generationId(), "going empty is a generation too");
            assertEquals(List.of(), stored.members());
            assertEquals(ErrorCode.UNKNOWN_MEMBER_ID.code(), a.heartbeat());
        }
    }

    @Test
    void heartbeatsKeepAMemberAlive() {
        try (CoordinatorHarness h = new CoordinatorHarness()) {
            TestConsumer a = h.consumer("g", "a");
            a.sessionTimeoutMs = 5_000;
            h.stabilize(List.of(a));
            for (int i = 0; i < 10; i++) {
                h.advance(4_000);
                assertEquals(ErrorCode.NONE.code(), a.heartbeat());
            }
            assertEquals("Stable", h.describe("g").groupState());
        }
    }

    @Test
    void membersThatDoNotRejoinWithinTheRebalanceTimeoutAreRemoved() {
        try (CoordinatorHarness h = new CoordinatorHarness()) {
            TestConsumer a = h.consumer("g", "a");
            TestConsumer b = h.consumer("g", "b");
            for (TestConsumer c : List.of(a, b)) {
                c.sessionTimeoutMs = 60_000;
                c.rebalanceTimeoutMs = 20_000;
            }
            h.stabilize(List.of(a, b));
            TestConsumer c = h.consumer("g", "c");
            c.rebalanceTimeoutMs = 20_000;
            await(c.sendJoin());
            CompletableFuture<JoinGroupResponse> cJoin = c.sendJoin();
            h.settle();
            assertEquals(ErrorCode.REBALANCE_IN_PROGRESS.code(), a.heartbeat());
            CompletableFuture<JoinGroupResponse> aJoin = a.sendJoin();
            h.advance(19_999);
            assertFalse(cJoin.isDone(), "b is still given time to rejoin");
            h.advance(1);
            JoinGroupResponse ra = await(aJoin);
            JoinGroupResponse rc = await(cJoin);
            assertEquals(ra.generationId(), rc.generationId());
            TestConsumer leader = a.isLeader() ? a : c;
            assertEquals(List.of(a.memberId, c.memberId).stream().sorted().toList(),
                    leader.lastJoin.members().stream().map(m -> m.memberId()).sorted().toList());
            assertEquals(ErrorCode.UNKNOWN_MEMBER_ID.code(), b.heartbeat(), "b was dropped");
        }
    }

    @Test
    void membersThatNeverSyncAreRemovedAfterTheRebalanceTimeout() {
        try (CoordinatorHarness h = new CoordinatorHarness()) {
            TestConsumer a = h.consumer("g", "a");
            TestConsumer b = h.consumer("g", "b");
            for (TestConsumer c : List.of(a, b)) {
                c.sessionTimeoutMs = 60_000;
                c.rebalanceTimeoutMs = 10_000;
            }
            await(a.sendJoin());
            await(b.sendJoin());
            CompletableFuture<JoinGroupResponse> aJoin = a.sendJoin();
            await(b.sendJoin());
            await(aJoin);
            TestConsumer leader = a.isLeader() ? a : b;
            TestConsumer silent = leader == a ? b : a;
            SyncGroupResponse synced = await(leader.sync());
            assertEquals(ErrorCode.NONE.code(), synced.errorCode());
            assertEquals("Stable", h.describe("g").groupState());
            h.advance(9_999);
            assertEquals(2, h.describe("g").members().size());
            h.advance(1);
            assertEquals("PreparingRebalance", h.describe("g").groupState());
            assertEquals(1, h.describe("g").members().size());
            assertEquals(ErrorCode.UNKNOWN_MEMBER_ID.code(), silent.heartbeat());
            assertEquals(ErrorCode.REBALANCE_IN_PROGRESS.code(), leader.heartbeat());
        }
    }

    @Test
    void aNewGroupWaitsTheInitialDelayAndEachNewcomerExtendsIt() {
        GroupConfig config = GroupConfig.builder().initialRebalanceDelayMs(3_000).build();
        try (CoordinatorHarness h = new CoordinatorHarness(config)) {
            TestConsumer a = h.consumer("g", "a");
            TestConsumer b = h.consumer("g", "b");
            await(a.sendJoin());
            CompletableFuture<JoinGroupResponse> aJoin = a.sendJoin();
            h.settle();
            h.advance(2_000);
            assertFalse(aJoin.isDone());
            await(b.sendJoin());
            CompletableFuture<JoinGroupResponse> bJoin = b.sendJoin();
            h.settle();
            h.advance(1_000);
            assertFalse(aJoin.isDone(), "b joined during the delay: one more delay");
            h.advance(2_999);
            assertFalse(aJoin.isDone());
            h.advance(1);
            assertEquals(1, await(aJoin).generationId());
            assertEquals(1, await(bJoin).generationId());
            assertEquals(2, (a.isLeader() ? a : b).lastJoin.members().size());
        }
    }

    @Test
    void theInitialDelayNeverExceedsTheRebalanceTimeout() {
        GroupConfig config = GroupConfig.builder().initialRebalanceDelayMs(3_000).build();
        try (CoordinatorHarness h = new CoordinatorHarness(config)) {
            TestConsumer a = h.consumer("g", "a");
            a.rebalanceTimeoutMs = 5_000;
            await(a.sendJoin());
            CompletableFuture<JoinGroupResponse> aJoin = a.sendJoin();
            h.settle();
            int newcomers = 0;
            while (!aJoin.isDone() && newcomers < 10) {
                TestConsumer x = h.consumer("g", "x" + newcomers++);
                x.rebalanceTimeoutMs = 5_000;
                await(x.sendJoin());
                x.sendJoin();
                h.settle();
                h.advance(1_000);
            }
            assertTrue(aJoin.isDone());
            assertEquals(5, newcomers, "3 s first delay, then at most 2 s more");
        }
    }

    private static short heartbeat(CoordinatorHarness h, String groupId, int generation, String memberId) {
        HeartbeatResponse r = await(h.coordinator().heartbeat(CoordinatorHarness.client(4, "raw"),
                new HeartbeatRequest().groupId(groupId).generationId(generation).memberId(memberId)));
        return Wire.roundTrip(r, (short) 4, HeartbeatResponse::read).errorCode();
    }
}
