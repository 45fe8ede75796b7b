package io.runnel.broker.group;

import io.runnel.broker.group.classic.StoredGroup;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.HeartbeatRequest;
import io.runnel.protocol.message.HeartbeatResponse;
import io.runnel.protocol.message.JoinGroupResponse;
import io.runnel.protocol.message.LeaveGroupRequest;
import io.runnel.protocol.message.LeaveGroupRequest.MemberIdentity;
import io.runnel.protocol.message.LeaveGroupResponse;
import io.runnel.protocol.message.SyncGroupResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.runnel.broker.group.CoordinatorHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Static membership (group.instance.id): rejoining without a rebalance, fencing the old id, leaving by id. */
class StaticMembershipTest {

    @Test
    void aRestartedStaticMemberTakesOverItsIdWithoutARebalance() {
        try (CoordinatorHarness h = new CoordinatorHarness()) {
            TestConsumer a = h.consumer("g", "a");
            a.groupInstanceId = "instance-a";
            TestConsumer b = h.consumer("g", "b");
            h.stabilize(List.of(a, b));
            int generation = a.generation;
            String oldId = a.memberId;
            List<String> oldAssignment = a.assignment;

            // The process restarts: same instance id, no member id; no MEMBER_ID_REQUIRED for static members.
            TestConsumer restarted = h.consumer("g", "a");
            restarted.groupInstanceId = "instance-a";
            JoinGroupResponse r = await(restarted.sendJoin());
            assertEquals(ErrorCode.NONE.code(), r.errorCode());
            assertNotEquals(oldId, r.memberId());
            assertEquals(generation, r.generationId(), "no new generation");
            assertEquals("Stable", h.describe("g").groupState());
            assertEquals(ErrorCode.NONE.code(), b.heartbeat(), "the other member is not disturbed");

            SyncGroupResponse synced = await(restarted.sync());
            assertEquals(ErrorCode.NONE.code(), synced.errorCode());
            assertEquals(oldAssignment, restarted.assignment, "it keeps its partitions");

            assertEquals(ErrorCode.FENCED_INSTANCE_ID.code(), a.heartbeat(), "the old incarnation is fenced");
            assertEquals(ErrorCode.UNKNOWN_MEMBER_ID.code(), heartbeat(h, generation, oldId, null));
            assertEquals(ErrorCode.NONE.code(), restarted.heartbeat());
            StoredGroup stored = h.groupStore.storedGroup("g");
            assertTrue(stored.members().stream().anyMatch(m -> m.memberId().equals(restarted.memberId)
                    && "instance-a".equals(m.groupInstanceId())), "the new id is stored");
            assertEquals(restarted.memberId, h.describe("g").members().stream()
                    .filter(m -> "instance-a".equals(m.groupInstanceId())).findFirst().orElseThrow().memberId());
        }
    }

    @Test
    void aRestartedStaticLeaderLearnsTheMembersButSkipsTheAssignment() {
        try (CoordinatorHarness h = new CoordinatorHarness()) {
            TestConsumer a = h.consumer("g", "a");
            a.groupInstanceId = "instance-a";
            h.stabilize(List.of(a));
            TestConsumer b = h.consumer("g", "b");
            h.stabilize(List.of(a, b));
            assertTrue(a.isLeader());
            int generation = a.generation;

            TestConsumer restarted = h.consumer("g", "a");
            restarted.groupInstanceId = "instance-a";
            JoinGroupResponse r = await(restarted.sendJoin());
            assertEquals(generation, r.generationId());
            assertEquals(r.memberId(), r.leader(), "still the leader, under its new id");
            assertTrue(r.skipAssignment());
            assertEquals(2, r.members().size());

            TestConsumer olderClient = h.consumer("g", "a");
            olderClient.groupInstanceId = "instance-a";
            olderClient.joinVersion = 8;
            JoinGroupResponse v8 = await(olderClient.sendJoin());
            assertEquals(ErrorCode.NONE.code(), v8.errorCode());
            assertFalse(v8.skipAssignment(), "v8 has no skipAssignment field");
            assertEquals(2, v8.members().size());
            assertEquals(generation, v8.generationId());
        }
    }

    @Test
    void aStaticMemberRejoiningWithANewSubscriptionTriggersARebalance() {
        try (CoordinatorHarness h = new CoordinatorHarness()) {
            TestConsumer a = h.consumer("g", "a");
            a.groupInstanceId = "instance-a";
            h.stabilize(List.of(a));
            int generation = a.generation;
            TestConsumer changed = new TestConsumer(h, "g", "a", List.of("orders", "payments"));
            changed.groupInstanceId = "instance-a";
            JoinGroupResponse r = await(changed.sendJoin());
            assertEquals(ErrorCode.NONE.code(), r.errorCode());
            assertEquals(generation + 1, r.generationId());
        }
    }

    @Test
    void aStaticMemberParkedInARebalanceIsFencedByItsReplacement() {
        try (CoordinatorHarness h = new CoordinatorHarness()) {
            TestConsumer a = h.consumer("g", "a");
            a.groupInstanceId = "instance-a";
            TestConsumer b = h.consumer("g", "b");
            h.stabilize(List.of(a, b));
            TestConsumer leader = a.isLeader() ? a : b;
            TestConsumer other = leader == a ? b : a;
            CompletableFuture<JoinGroupResponse> parked = leader.sendJoin();
            h.settle();
            assertFalse(parked.isDone());
            if (leader == a) {
                TestConsumer replacement = h.consumer("g", "a");
                replacement.groupInstanceId = "instance-a";
                CompletableFuture<JoinGroupResponse> replacementJoin = replacement.sendJoin();
                assertEquals(ErrorCode.FENCED_INSTANCE_ID.code(), await(parked).errorCode());
                await(other.sendJoin());
                assertEquals(ErrorCode.NONE.code(), await(replacementJoin).errorCode());
            } else {
                CompletableFuture<JoinGroupResponse> aJoin = a.sendJoin();
                h.settle();
                TestConsumer replacement = h.consumer("g", "a");
                replacement.groupInstanceId = "instance-a";
                CompletableFuture<JoinGroupResponse> replacementJoin = replacement.sendJoin();
                assertEquals(ErrorCode.FENCED_INSTANCE_ID.code(), await(aJoin).errorCode());
                assertEquals(ErrorCode.NONE.code(), await(replacementJoin).errorCode());
                assertEquals(ErrorCode.NONE.code(), await(parked).errorCode());
            }
        }
    }

    @Test
    void aSilentStaticMemberSurvivesTheRebalanceTimeoutButNotItsSession() {
        try (CoordinatorHarness h = new CoordinatorHarness()) {
            TestConsumer a = h.consumer("g", "a");
            a.groupInstanceId = "instance-a";
            TestConsumer b = h.consumer("g", "b");
            for (TestConsumer c : List.of(a, b)) {
                c.sessionTimeoutMs = 60_000;
                c.rebalanceTimeoutMs = 10_000;
            }
            h.stabilize(List.of(a, b));
            TestConsumer c = h.consumer("g", "c");
            c.sessionTimeoutMs = 60_000;
            c.rebalanceTimeoutMs = 10_000;
            await(c.sendJoin());
            CompletableFuture<JoinGroupResponse> cJoin = c.sendJoin();
            CompletableFuture<JoinGroupResponse> bJoin = b.sendJoin();
            h.advance(10_000);
            assertEquals(ErrorCode.NONE.code(), await(cJoin).errorCode());
            assertEquals(ErrorCode.NONE.code(), await(bJoin).errorCode());
            assertEquals(3, (b.isLeader() ? b : c).lastJoin.members().size(), "the static member stays");
            assertTrue(h.describe("g").members().stream().anyMatch(m -> m.memberId().equals(a.memberId)));
            h.advance(50_000);
            assertTrue(h.describe("g").members().stream().noneMatch(m -> m.memberId().equals(a.memberId)),
                    "its session expired");
        }
    }

    @Test
    void aFullGroupStillTakesBackItsStaticMembers() {
        GroupConfig config = GroupConfig.builder().initialRebalanceDelayMs(0).maxSize(2).build();
        try (CoordinatorHarness h = new CoordinatorHarness(config)) {
            TestConsumer a = h.consumer("g", "a");
            a.groupInstanceId = "instance-a";
            TestConsumer b = h.consumer("g", "b");
            h.stabilize(List.of(a, b));
            TestConsumer third = h.consumer("g", "c");
            assertEquals(ErrorCode.GROUP_MAX_SIZE_REACHED.code(), await(third.sendJoin()).errorCode());
            TestConsumer restarted = h.consumer("g", "a");
            restarted.groupInstanceId = "instance-a";
            assertEquals(ErrorCode.NONE.code(), await(restarted.sendJoin()).errorCode());
            assertEquals(2, h.describe("g").members().size());
        }
    }

    @Test
    void leaveGroupByInstanceId() {
        try (CoordinatorHarness h = new CoordinatorHarness()) {
            TestConsumer a = h.consumer("g", "a");
            a.groupInstanceId = "instance-a";
            TestConsumer b = h.consumer("g", "b");
            h.stabilize(List.of(a, b));
            LeaveGroupResponse r = leave(h, List.of(
                    new MemberIdentity().memberId("").groupInstanceId("instance-x"),
                    new MemberIdentity().memberId("a-stale").groupInstanceId("instance-a"),
                    new MemberIdentity().memberId("b-unknown")));
            assertEquals(ErrorCode.NONE.code(), r.errorCode());
            assertEquals(List.of(ErrorCode.UNKNOWN_MEMBER_ID.code(), ErrorCode.FENCED_INSTANCE_ID.code(),
                    ErrorCode.UNKNOWN_MEMBER_ID.code()), r.members().stream().map(m -> m.errorCode()).toList());
            assertEquals("instance-a", r.members().get(1).groupInstanceId());
            assertEquals("Stable", h.describe("g").groupState(), "nobody left");

            LeaveGroupResponse ok = leave(h, List.of(new MemberIdentity().memberId("").groupInstanceId("instance-a"),
                    new MemberIdentity().memberId(b.memberId)));
            assertEquals(List.of(ErrorCode.NONE.code(), ErrorCode.NONE.code()),
                    ok.members().stream().map(m -> m.errorCode()).toList());
            assertEquals("Empty", h.describe("g").groupState());
        }
    }

    @Test
    void leaveGroupBeforeV3AnswersTheOneMembersError() {
        try (CoordinatorHarness h = new CoordinatorHarness()) {
            TestConsumer a = h.consumer("g", "a");
            h.stabilize(List.of(a));
            a.leaveVersion = 2;
            String id = a.memberId;
            a.memberId = "a-unknown";
            assertEquals(ErrorCode.UNKNOWN_MEMBER_ID.code(), a.leave().errorCode());
            a.memberId = id;
            assertEquals(ErrorCode.NONE.code(), a.leave().errorCode());
            assertEquals("Empty", h.describe("g").groupState());
            assertEquals(ErrorCode.UNKNOWN_MEMBER_ID.code(), a.leave().errorCode());
        }
    }

    private static LeaveGroupResponse leave(CoordinatorHarness h, List<MemberIdentity> members) {
        LeaveGroupResponse r = await(h.coordinator().leaveGroup(CoordinatorHarness.client(5, "admin"),
                new LeaveGroupRequest().groupId("g").members(members)));
        return Wire.roundTrip(r, (short) 5, LeaveGroupResponse::read);
    }

    private static short heartbeat(CoordinatorHarness h, int generation, String memberId, String instanceId) {
        HeartbeatResponse r = await(h.coordinator().heartbeat(CoordinatorHarness.client(4, "raw"),
                new HeartbeatRequest().groupId("g").generationId(generation).memberId(memberId)
                        .groupInstanceId(instanceId)));
        return Wire.roundTrip(r, (short) 4, HeartbeatResponse::read).errorCode();
    }
}
