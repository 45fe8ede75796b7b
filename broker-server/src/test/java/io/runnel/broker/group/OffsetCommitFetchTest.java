package io.runnel.broker.group;

import io.runnel.broker.topic.TopicPartition;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.JoinGroupResponse;
import io.runnel.protocol.message.OffsetDeleteRequest;
import io.runnel.protocol.message.OffsetDeleteRequest.OffsetDeleteRequestPartition;
import io.runnel.protocol.message.OffsetDeleteRequest.OffsetDeleteRequestTopic;
import io.runnel.protocol.message.OffsetDeleteResponse;
import io.runnel.protocol.message.OffsetFetchRequest;
import io.runnel.protocol.message.OffsetFetchRequest.OffsetFetchRequestGroup;
import io.runnel.protocol.message.OffsetFetchRequest.OffsetFetchRequestTopics;
import io.runnel.protocol.message.OffsetFetchResponse;
import io.runnel.protocol.message.OffsetFetchResponse.OffsetFetchResponsePartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.runnel.broker.group.CoordinatorHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** OffsetCommit fencing, OffsetFetch in both shapes, OffsetDelete, retention, and a restart. */
class OffsetCommitFetchTest {

    @Test
    void simpleCommitsCreateAnOffsetOnlyGroupAndMetadataRoundTrips() {
        try (CoordinatorHarness h = new CoordinatorHarness()) {
            String metadata = "checkpoint: \u00e9t\u00e9 \u2603 {\"a\":1}";
            assertEquals(ErrorCode.NONE.code(), h.commit(8, "simple", -1, "", 1, 1234, metadata));
            assertEquals(ErrorCode.NONE.code(), h.commit(2, "simple", -1, "", 2, 99, null));
            OffsetFetchResponse r = h.fetch("simple", List.of(0, 1, 2));
            assertEquals(ErrorCode.NONE.code(), r.errorCode());
            List<OffsetFetchResponsePartition> p = r.topics().get(0).partitions();
            assertEquals(-1, p.get(0).committedOffset(), "never committed");
            assertEquals("", p.get(0).metadata());
            assertEquals(1234, p.get(1).committedOffset());
            assertEquals(3, p.get(1).committedLeaderEpoch());
            assertEquals(metadata, p.get(1).metadata());
            assertEquals(99, p.get(2).committedOffset());
            assertEquals("", p.get(2).metadata());
            assertEquals(List.of(1, 2), h.fetch("simple", null).topics().get(0).partitions().stream()
                    .map(OffsetFetchResponsePartition::partitionIndex).toList(), "null topics: all committed");
            assertEquals("Empty", h.describe("simple").groupState());
            assertEquals(List.of(), h.fetch("nobody", null).topics(), "no group, no offsets");

            String tooLong = "x".repeat(4097);
            assertEquals(ErrorCode.OFFSET_METADATA_TOO_LARGE.code(), h.commit(8, "simple", -1, "", 0, 1, tooLong));
        }
    }

    @Test
    void commitsAreFencedByGenerationAndMember() {
        try (CoordinatorHarness h = new CoordinatorHarness()) {
            TestConsumer a = h.consumer("g", "a");
            h.stabilize(List.of(a));
            int gen = a.generation;
            assertEquals(ErrorCode.NONE.code(), h.commit(8, "g", gen, a.memberId, 0, 10, "a"));
            assertEquals(ErrorCode.ILLEGAL_GENERATION.code(), h.commit(8, "g", gen - 1, a.memberId, 0, 11, ""));
            assertEquals(ErrorCode.UNKNOWN_MEMBER_ID.code(), h.commit(8, "g", gen, "a-stranger", 0, 11, ""));
            assertEquals(ErrorCode.UNKNOWN_MEMBER_ID.code(), h.commit(8, "g", -1, "", 0, 11, ""),
                    "no simple commits into a group with members");
            assertEquals(ErrorCode.GROUP_ID_NOT_FOUND.code(), h.commit(9, "missing", 3, "m", 0, 1, ""));
            assertEquals(ErrorCode.ILLEGAL_GENERATION.code(), h.commit(8, "missing", 3, "m", 0, 1, ""));
            assertEquals(10, h.fetch("g", List.of(0)).topics().get(0).partitions().get(0).committedOffset());

            // Eager clients commit while the group prepares a rebalance: still their generation, accepted.
            TestConsumer b = h.consumer("g", "b");
            await(b.sendJoin());
            CompletableFuture<JoinGroupResponse> bJoin = b.sendJoin();
            h.settle();
            assertEquals("PreparingRebalance", h.describe("g").groupState());
            assertEquals(ErrorCode.NONE.code(), h.commit(8, "g", gen, a.memberId, 0, 12, ""));
            await(a.sendJoin());
            await(bJoin);
            assertEquals("CompletingRebalance", h.describe("g").groupState());
            assertEquals(ErrorCode.REBALANCE_IN_PROGRESS.code(), h.commit(8, "g", a.generation, a.memberId, 0, 13, ""));
            assertEquals(ErrorCode.ILLEGAL_GENERATION.code(), h.commit(8, "g", gen, a.memberId, 0, 13, ""));
            assertEquals(12, h.fetch("g", List.of(0)).topics().get(0).partitions().get(0).committedOffset());
        }
    }

    @Test
    void offsetFetchV8ReadsSeveralGroups() {
        try (CoordinatorHarness h = new CoordinatorHarness()) {
            h.commit(8, "g1", -1, "", 0, 5, "one");
            h.commit(8, "g2", -1, "", 2, 7, "two");
            OffsetFetchRequest request = new OffsetFetchRequest().groups(List.of(
                    new OffsetFetchRequestGroup().groupId("g1").topics(null),
                    new OffsetFetchRequestGroup().groupId("g2").topics(List.of(
                            new OffsetFetchRequestTopics().name("orders").partitionIndexes(List.of(1, 2)))),
                    new OffsetFetchRequestGroup().groupId("g3").topics(null)));
            OffsetFetchResponse r = Wire.roundTrip(await(h.coordinator().offsetFetch(
                    CoordinatorHarness.client(8, "admin"), request)), (short) 8, OffsetFetchResponse::read);
            assertEquals(List.of("g1", "g2", "g3"), r.groups().stream().map(g -> g.groupId()).toList());
            assertEquals(5, r.groups().get(0).topics().get(0).partitions().get(0).committedOffset());
            assertEquals("one", r.groups().get(0).topics().get(0).partitions().get(0).metadata());
            assertEquals(List.of(-1L, 7L), r.groups().get(1).topics().get(0).partitions().stream()
                    .map(p -> p.committedOffset()).toList());
            assertEquals(List.of(), r.groups().get(2).topics());
            assertEquals(ErrorCode.NONE.code(), r.groups().get(2).errorCode());
        }
    }

    @Test
    void partitionsNoTopicCanHaveAreAnsweredAsNeverCommitted() {
        try (CoordinatorHarness h = new CoordinatorHarness()) {
            assertEquals(ErrorCode.NONE.code(), h.commit(8, "g", -1, "", 0, 5, ""));
            assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code(), h.commit(8, "g", -1, "", -1, 5, ""));

            // As Kafka: no commit exists there, so offset -1 without an error, in both response shapes.
            OffsetFetchResponse v7 = Wire.roundTrip(await(h.coordinator().offsetFetch(
                    CoordinatorHarness.client(7, "c"), new OffsetFetchRequest().groupId("g").topics(List.of(
                            new OffsetFetchRequest.OffsetFetchRequestTopic().name("orders")
                                    .partitionIndexes(List.of(-1, 0)),
                            new OffsetFetchRequest.OffsetFetchRequestTopic().name("").partitionIndexes(List.of(0)))))),
                    (short) 7, OffsetFetchResponse::read);
            assertEquals(ErrorCode.NONE.code(), v7.errorCode());
            assertEquals(List.of("", "orders"), v7.topics().stream().map(t -> t.name()).toList());
            assertEquals(-1L, v7.topics().get(0).partitions().get(0).committedOffset());
            assertEquals(List.of(-1L, 5L), v7.topics().get(1).partitions().stream()
                    .map(OffsetFetchResponsePartition::committedOffset).toList());
            assertEquals(ErrorCode.NONE.code(), v7.topics().get(1).partitions().get(0).errorCode());
            OffsetFetchResponse v8 = Wire.roundTrip(await(h.coordinator().offsetFetch(
                    CoordinatorHarness.client(8, "c"), new OffsetFetchRequest().groups(List.of(
                            new OffsetFetchRequestGroup().groupId("g").topics(List.of(new OffsetFetchRequestTopics()
                                    .name("orders").partitionIndexes(List.of(-1)))))))),
                    (short) 8, OffsetFetchResponse::read);
            assertEquals(ErrorCode.NONE.code(), v8.groups().get(0).errorCode());
            assertEquals(-1L, v8.groups().get(0).topics().get(0).partitions().get(0).committedOffset());
            assertEquals(ErrorCode.NONE.code(), v8.groups().get(0).topics().get(0).partitions().get(0).errorCode());

            OffsetDeleteResponse deleted = Wire.roundTrip(await(h.coordinator().offsetDelete(
                    CoordinatorHarness.client(0, "admin"), new OffsetDeleteRequest().groupId("g").topics(List.of(
                            new OffsetDeleteRequestTopic().name("orders").partitions(List.of(
                                    new OffsetDeleteRequestPartition().partitionIndex(-1))),
                            new OffsetDeleteRequestTopic().name("").partitions(List.of(
                                    new OffsetDeleteRequestPartition().partitionIndex(0))))))),
                    (short) 0, OffsetDeleteResponse::read);
            assertEquals(ErrorCode.NONE.code(), deleted.errorCode());
            assertEquals(ErrorCode.NONE.code(), deleted.topics().get(0).partitions().get(0).errorCode());
            assertEquals(ErrorCode.NONE.code(), deleted.topics().get(1).partitions().get(0).errorCode());
            assertEquals(5, h.fetch("g", List.of(0)).topics().get(0).partitions().get(0).committedOffset());
        }
    }

    @Test
    void offsetDeleteSparesTopicsTheGroupConsumes() {
        try (CoordinatorHarness h = new CoordinatorHarness()) {
            h.partitionsPerTopic.put("payments", 1);
            h.topicsChanged();
            TestConsumer a = h.consumer("g", "a");
            h.stabilize(List.of(a));
            h.commit(8, "g", a.generation, a.memberId, 0, 10, "");
            assertEquals(ErrorCode.NONE.code(), commitOther(h, a, "payments"));
            OffsetDeleteResponse r = delete(h, "g", "orders", "payments");
            assertEquals(ErrorCode.NONE.code(), r.errorCode());
            assertEquals(ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC.code(), r.topics().get(0).partitions().get(0).errorCode());
            assertEquals(ErrorCode.NONE.code(), r.topics().get(1).partitions().get(0).errorCode());
            assertEquals(10, h.fetch("g", List.of(0)).topics().get(0).partitions().get(0).committedOffset());
            assertEquals(List.of(new TopicPartition("orders", 0)),
                    List.copyOf(h.offsetStore.loadOffsets().get("g").keySet()));

            a.leave();
            assertEquals(ErrorCode.NONE.code(), delete(h, "g", "orders").topics().get(0).partitions().get(0).errorCode());
            assertEquals(-1, h.fetch("g", List.of(0)).topics().get(0).partitions().get(0).committedOffset());
            assertEquals(ErrorCode.GROUP_ID_NOT_FOUND.code(), delete(h, "nope", "orders").errorCode());
        }
    }

    @Test
    void offsetsOfAnEmptyGroupExpireAfterTheRetentionAndTheGroupGoes() {
        GroupConfig config = GroupConfig.builder().initialRebalanceDelayMs(0).offsetsRetentionMinutes(60)
                .offsetsRetentionCheckIntervalMs(60_000).build();
        try (CoordinatorHarness h = new CoordinatorHarness(config)) {
            TestConsumer a = h.consumer("g", "a");
            a.sessionTimeoutMs = 1_800_000;
            h.stabilize(List.of(a));
            h.commit(8, "g", a.generation, a.memberId, 0, 10, "");
            for (int i = 0; i < 6; i++) {
                h.advance(1_200_000);
                assertEquals(ErrorCode.NONE.code(), a.heartbeat());
            }
            assertEquals(10, h.fetch("g", List.of(0)).topics().get(0).partitions().get(0).committedOffset(),
                    "an active group keeps the offsets of the topics it consumes");
            a.leave();
            h.advance(3_600_000 - 60_000);
            assertEquals(10, h.fetch("g", List.of(0)).topics().get(0).partitions().get(0).committedOffset());
            h.advance(60_000);
            assertEquals(-1, h.fetch("g", List.of(0)).topics().get(0).partitions().get(0).committedOffset());
            assertEquals("Dead", h.describe("g").groupState(), "the empty group was deleted");
            assertNull(h.groupStore.storedGroup("g"));
        }
    }

    @Test
    void aRestartRestoresGroupsMembersAndOffsets() {
        try (CoordinatorHarness h = new CoordinatorHarness()) {
            TestConsumer a = h.consumer("g", "a");
            a.groupInstanceId = "inst-a";
            TestConsumer b = h.consumer("g", "b");
            h.stabilize(List.of(a, b));
            h.commit(8, "g", a.generation, a.memberId, 1, 77, "meta");
            h.commit(8, "simple", -1, "", 0, 3, "");
            List<String> aAssignment = a.assignment;

            h.restart();
            assertEquals("Stable", h.describe("g").groupState());
            assertEquals(2, h.describe("g").members().size());
            assertEquals(ErrorCode.NONE.code(), a.heartbeat(), "members carry on in their generation");
            assertEquals(ErrorCode.NONE.code(), b.heartbeat());
            assertEquals(aAssignment, TestConsumer.decodeAssignment(h.describe("g").members().stream()
                    .filter(m -> m.memberId().equals(a.memberId)).findFirst().orElseThrow().memberAssignment()));
            assertEquals(77, h.fetch("g", List.of(1)).topics().get(0).partitions().get(0).committedOffset());
            assertEquals("meta", h.fetch("g", List.of(1)).topics().get(0).partitions().get(0).metadata());
            assertEquals(3, h.fetch("simple", List.of(0)).topics().get(0).partitions().get(0).committedOffset());
            assertEquals("Empty", h.describe("simple").groupState());

            // The static member restarts too: it takes over its id without a rebalance.
            TestConsumer again = h.consumer("g", "a");
            again.groupInstanceId = "inst-a";
            assertEquals(a.generation, await(again.sendJoin()).generationId());
            assertEquals(ErrorCode.FENCED_INSTANCE_ID.code(), a.heartbeat());

            // A member that stops heartbeating after the restart still expires.
            h.advance(10_000);
            assertEquals(ErrorCode.UNKNOWN_MEMBER_ID.code(), b.heartbeat());
        }
    }

    private static short commitOther(CoordinatorHarness h, TestConsumer a, String topic) {
        var request = new io.runnel.protocol.message.OffsetCommitRequest().groupId("g")
                .generationIdOrMemberEpoch(a.generation).memberId(a.memberId)
                .topics(List.of(new io.runnel.protocol.message.OffsetCommitRequest.OffsetCommitRequestTopic()
                        .name(topic).partitions(List.of(
                                new io.runnel.protocol.message.OffsetCommitRequest.OffsetCommitRequestPartition()
                                        .partitionIndex(0).committedOffset(5)))));
        return await(h.coordinator().offsetCommit(CoordinatorHarness.client(8, "a"), request))
                .topics().get(0).partitions().get(0).errorCode();
    }

    private static OffsetDeleteResponse delete(CoordinatorHarness h, String groupId, String... topics) {
        OffsetDeleteRequest request = new OffsetDeleteRequest().groupId(groupId).topics(java.util.Arrays.stream(topics)
                .map(t -> new OffsetDeleteRequestTopic().name(t).partitions(List.of(
                        new OffsetDeleteRequestPartition().partitionIndex(0)))).toList());
        return Wire.roundTrip(await(h.coordinator().offsetDelete(CoordinatorHarness.client(0, "admin"), request)),
                (short) 0, OffsetDeleteResponse::read);
    }
}
