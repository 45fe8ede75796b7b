package io.runnel.broker.group;

import io.runnel.broker.group.consumer.ConsumerGroupConfig;
import io.runnel.broker.group.consumer.StoredConsumerGroup;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ConsumerGroupDescribeRequest;
import io.runnel.protocol.message.ConsumerGroupDescribeResponse;
import io.runnel.protocol.message.ConsumerGroupHeartbeatRequest;
import io.runnel.protocol.message.ConsumerGroupHeartbeatResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.runnel.broker.group.CoordinatorHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Consumer-protocol groups inside the coordinator, on a hand-driven clock: expiry timers, topic changes, what is
 * stored and when, and a restart from the stores.
 */
class ConsumerProtocolCoordinatorTest {

    @Test
    void aSilentMemberIsFencedAtItsSessionDeadlineByTheCoordinatorsTimer() {
        try (CoordinatorHarness h = new CoordinatorHarness()) {
            assertEquals(1, h.consumerJoin("g", "a").memberEpoch());
            h.advance(ConsumerGroupConfig.DEFAULT_SESSION_TIMEOUT_MS - 1);
            assertEquals(1, describe(h, "g").members().size(), "not before the deadline");
            h.advance(1);
            assertEquals("Empty", describe(h, "g").groupState());
            assertEquals(ErrorCode.UNKNOWN_MEMBER_ID.code(), beat(h, "g", "a", 1).errorCode());
            assertEquals(List.of(), h.groupStore.storedConsumerGroup("g").members(), "the fencing was stored");
        }
    }

    @Test
    void aTopicThatGrowsIsAssignedOnTheNextHeartbeatAndADeletedTopicTakesItsOffsetsAlong() {
        try (CoordinatorHarness h = new CoordinatorHarness()) {
            assertEquals(3, partitions(h.consumerJoin("g", "a")));
            assertEquals(ErrorCode.NONE.code(), h.commit(9, "g", 1, "a", 2, 40, "x"));

            h.partitionsPerTopic.put(CoordinatorHarness.TOPIC, 5);
            h.topicsChanged();
            ConsumerGroupHeartbeatResponse grown = beat(h, "g", "a", 1);
            assertEquals(2, grown.memberEpoch());
            assertEquals(5, partitions(grown));

            h.partitionsPerTopic.remove(CoordinatorHarness.TOPIC);
            h.topicsChanged();
            assertEquals(-1, h.fetch("g", List.of(2)).topics().get(0).partitions().get(0).committedOffset());
            assertNull(h.offsetStore.loadOffsets().get("g"), "the deletion was stored");
            ConsumerGroupHeartbeatResponse revoking = beat(h, "g", "a", 2);
            assertEquals(2, revoking.memberEpoch(), "it must give the partitions up first");
            assertEquals(0, partitions(revoking));
            ConsumerGroupHeartbeatResponse revoked = h.consumerHeartbeat(new ConsumerGroupHeartbeatRequest()
                    .groupId("g").memberId("a").memberEpoch(2).topicPartitions(List.of()));
            assertEquals(3, revoked.memberEpoch());
        }
    }

    @Test
    void onlyHeartbeatsThatChangeTheGroupAreStoredAndARestartResumesAtTheStoredEpochs() {
        try (CoordinatorHarness h = new CoordinatorHarness()) {
            h.consumerJoin("g", "a");
            StoredConsumerGroup afterJoin = h.groupStore.storedConsumerGroup("g");
            assertNotNull(afterJoin);
            beat(h, "g", "a", 1);
            assertSame(afterJoin, h.groupStore.storedConsumerGroup("g"), "an idle heartbeat writes nothing");

            assertEquals(2, h.consumerJoin("g", "b").memberEpoch());
            h.restart();
            ConsumerGroupDescribeResponse.DescribedGroup restored = describe(h, "g");
            assertEquals(2, restored.groupEpoch());
            assertEquals(List.of("a", "b"), restored.members().stream().map(m -> m.memberId()).toList());
            // a still owns its three partitions at epoch 1 and must give one up: the restart changed nothing.
            ConsumerGroupHeartbeatResponse a = beat(h, "g", "a", 1);
            assertEquals(ErrorCode.NONE.code(), a.errorCode());
            assertEquals(1, a.memberEpoch());
            assertEquals(2, partitions(a));
        }
    }

    private static ConsumerGroupHeartbeatResponse beat(CoordinatorHarness h, String group, String member, int epoch) {
        return h.consumerHeartbeat(new ConsumerGroupHeartbeatRequest().groupId(group).memberId(member)
                .memberEpoch(epoch));
    }

    private static int partitions(ConsumerGroupHeartbeatResponse response) {
        assertEquals(ErrorCode.NONE.code(), response.errorCode());
        int count = 0;
        for (var topic : response.assignment().topicPartitions()) {
            assertEquals(UUID.nameUUIDFromBytes(CoordinatorHarness.TOPIC.getBytes(
                    java.nio.charset.StandardCharsets.UTF_8)), topic.topicId());
            count += topic.partitions().size();
        }
        return count;
    }

    private static ConsumerGroupDescribeResponse.DescribedGroup describe(CoordinatorHarness h, String group) {
        ConsumerGroupDescribeResponse response = await(h.coordinator().consumerGroupDescribe(
                CoordinatorHarness.client(1, "admin"), new ConsumerGroupDescribeRequest().groupIds(List.of(group))));
        return Wire.roundTrip(response, (short) 1, ConsumerGroupDescribeResponse::read).groups().get(0);
    }
}
