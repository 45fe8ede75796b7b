package io.runnel.broker.group.consumer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.runnel.broker.group.assignor.Assignment;
import io.runnel.broker.group.assignor.Assignors;
import io.runnel.broker.group.assignor.TopicIdPartition;
import io.runnel.broker.group.core.GroupException;
import io.runnel.broker.group.core.TopicMetadataImage;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ConsumerGroupDescribeResponse;
import io.runnel.protocol.message.ConsumerGroupHeartbeatRequest;
import io.runnel.protocol.message.ConsumerGroupHeartbeatResponse;
import io.runnel.protocol.oracle.KafkaOracle;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The protocol edge: heartbeats encoded by kafka-clients become the right domain heartbeat; responses and group
 * descriptions built here decode with kafka-clients to the expected content.
 */
class ConsumerGroupMessagesTest {

    private static final UUID PAYMENTS = UUID.fromString("6f1b2c3d-0000-4000-8000-000000000001");
    private static final UUID REFUNDS = UUID.fromString("6f1b2c3d-0000-4000-8000-000000000002");

    @Test
    void aKafkaClientsHeartbeatBecomesADomainHeartbeat() {
        ConsumerGroupHeartbeatRequestData kafka = new ConsumerGroupHeartbeatRequestData()
                .setGroupId("orders")
                .setMemberId("m-1")
                .setMemberEpoch(7)
                .setInstanceId("node-1")
                .setRackId("rack-a")
                .setRebalanceTimeoutMs(300_000)
                .setSubscribedTopicNames(List.of("payments", "refunds"))
                .setSubscribedTopicRegex("pay.*")
                .setServerAssignor("range")
                .setTopicPartitions(List.of(new ConsumerGroupHeartbeatRequestData.TopicPartitions()
                        .setTopicId(kafkaUuid(PAYMENTS)).setPartitions(List.of(2, 0))));
        byte[] bytes = KafkaOracle.write(kafka, (short) 1);
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            ConsumerGroupHeartbeatRequest request = ConsumerGroupHeartbeatRequest.read(buf, (short) 1);
            MemberHeartbeat heartbeat = ConsumerGroupHeartbeatMessages.toHeartbeat(request, (short) 1, "app", "/10.1.2.3");
            assertEquals(new MemberHeartbeat((short) 1, "orders", "m-1", 7, "node-1", "rack-a", 300_000,
                    List.of("payments", "refunds"), "pay.*", "range",
                    Assignment.of(List.of(new TopicIdPartition(PAYMENTS, 0), new TopicIdPartition(PAYMENTS, 2))),
                    "app", "/10.1.2.3"), heartbeat);
        } finally {
            buf.release();
        }
    }

    @Test
    void unchangedFieldsStayNull() {
        ConsumerGroupHeartbeatRequestData kafka = new ConsumerGroupHeartbeatRequestData()
                .setGroupId("orders").setMemberId("m-1").setMemberEpoch(3);
        ByteBuf buf = Unpooled.wrappedBuffer(KafkaOracle.write(kafka, (short) 0));
        try {
            MemberHeartbeat heartbeat = ConsumerGroupHeartbeatMessages.toHeartbeat(
                    ConsumerGroupHeartbeatRequest.read(buf, (short) 0), (short) 0, "app", "/h");
            assertNull(heartbeat.subscribedTopicNames());
            assertNull(heartbeat.ownedPartitions());
            assertNull(heartbeat.serverAssignor());
            assertEquals(-1, heartbeat.rebalanceTimeoutMs());
        } finally {
            buf.release();
        }
    }

    @Test
    void handleAnswersAcceptedAndRefusedHeartbeats() {
        ConsumerGroup group = new ConsumerGroup("orders", ConsumerGroupConfig.defaults(), Assignors.standard(),
                TopicMetadataImage.of(List.of(new TopicMetadataImage.Topic("payments", PAYMENTS, 2))));
        ConsumerGroupHeartbeatRequest join = new ConsumerGroupHeartbeatRequest().groupId("orders").memberId("m-1")
                .memberEpoch(0).rebalanceTimeoutMs(300_000).subscribedTopicNames(List.of("payments"))
                .topicPartitions(List.of());
        ConsumerGroupHeartbeatResponse joined = ConsumerGroupHeartbeatMessages.handle(group, join, (short) 1, "app", "/h", 0);
        assertEquals(ErrorCode.NONE.code(), joined.errorCode());
        assertEquals(1, joined.memberEpoch());
        assertEquals(List.of(0, 1), joined.assignment().topicPartitions().get(0).partitions());

        ConsumerGroupHeartbeatRequest fenced = new ConsumerGroupHeartbeatRequest().groupId("orders").memberId("m-1")
                .memberEpoch(5);
        ConsumerGroupHeartbeatResponse refused = ConsumerGroupHeartbeatMessages.handle(group, fenced, (short) 1, "app", "/h", 0);
        assertEquals(ErrorCode.FENCED_MEMBER_EPOCH.code(), refused.errorCode());
        assertEquals("Member m-1 sent epoch 5, newer than its epoch 1; it must give up its partitions and rejoin.",
                refused.errorMessage());
        assertNull(refused.assignment());
    }

    @Test
    void heartbeatResponsesDecodeWithKafkaClients() {
        Assignment assignment = Assignment.of(List.of(new TopicIdPartition(PAYMENTS, 1),
                new TopicIdPartition(REFUNDS, 0), new TopicIdPartition(REFUNDS, 3)));
        ConsumerGroupHeartbeatResponseData withAssignment = decodeHeartbeatResponse(
                ConsumerGroupHeartbeatMessages.toResponse(new HeartbeatResult("m-1", 12, 1_000, assignment)));
        assertEquals(0, withAssignment.errorCode());
        assertEquals("m-1", withAssignment.memberId());
        assertEquals(12, withAssignment.memberEpoch());
        assertEquals(1_000, withAssignment.heartbeatIntervalMs());
        List<ConsumerGroupHeartbeatResponseData.TopicPartitions> topics = withAssignment.assignment().topicPartitions();
        assertEquals(2, topics.size());
        assertEquals(kafkaUuid(PAYMENTS), topics.get(0).topicId());
        assertEquals(List.of(1), topics.get(0).partitions());
        assertEquals(kafkaUuid(REFUNDS), topics.get(1).topicId());
        assertEquals(List.of(0, 3), topics.get(1).partitions());

        ConsumerGroupHeartbeatResponseData unchanged = decodeHeartbeatResponse(
                ConsumerGroupHeartbeatMessages.toResponse(new HeartbeatResult("m-1", 12, 1_000, null)));
        assertNull(unchanged.assignment(), "no assignment means unchanged");

        ConsumerGroupHeartbeatResponseData error = decodeHeartbeatResponse(ConsumerGroupHeartbeatMessages.errorResponse(
                new GroupException(ErrorCode.FENCED_MEMBER_EPOCH, "Member m-1 sent epoch 9")));
        assertEquals(ErrorCode.FENCED_MEMBER_EPOCH.code(), error.errorCode());
        assertEquals("Member m-1 sent epoch 9", error.errorMessage());
        assertNull(error.assignment());
    }

    @Test
    void aGroupDescriptionCarriesMembersAssignmentsTargetsAndEpochs() {
        TopicMetadataImage topics = TopicMetadataImage.of(List.of(
                new TopicMetadataImage.Topic("payments", PAYMENTS, 2)));
        ConsumerGroup group = new ConsumerGroup("orders", ConsumerGroupConfig.defaults(), Assignors.standard(), topics);
        HeartbeatResult a = group.heartbeat(new MemberHeartbeat((short) 1, "orders", "a", 0, "node-1", "rack-a",
                30_000, List.of("payments"), null, null, Assignment.EMPTY, "app-a", "/10.0.0.1"), 0);
        group.heartbeat(new MemberHeartbeat((short) 1, "orders", "b", 0, null, null, 30_000, null, "pay.*",
                null, Assignment.EMPTY, "app-b", "/10.0.0.2"), 0);

        ConsumerGroupDescribeResponseData.DescribedGroup described = decodeDescribedGroup(
                ConsumerGroupDescriber.describe(group, true));
        assertEquals(0, described.errorCode());
        assertEquals("orders", described.groupId());
        assertEquals("Reconciling", described.groupState());
        assertEquals(2, described.groupEpoch());
        assertEquals(2, described.assignmentEpoch());
        assertEquals("uniform", described.assignorName());
        assertEquals(ConsumerGroupDescriber.ALL_GROUP_OPERATIONS, described.authorizedOperations());
        assertEquals(2, described.members().size());

        ConsumerGroupDescribeResponseData.Member memberA = described.members().get(0);
        assertEquals("a", memberA.memberId());
        assertEquals("node-1", memberA.instanceId());
        assertEquals("rack-a", memberA.rackId());
        assertEquals(1, memberA.memberEpoch());
        assertEquals("app-a", memberA.clientId());
        assertEquals("/10.0.0.1", memberA.clientHost());
        assertEquals(List.of("payments"), memberA.subscribedTopicNames());
        assertNull(memberA.subscribedTopicRegex());
        assertEquals(1, memberA.memberType());
        assertEquals(List.of(0, 1), memberA.assignment().topicPartitions().get(0).partitions());
        assertEquals("payments", memberA.assignment().topicPartitions().get(0).topicName());
        assertEquals(kafkaUuid(PAYMENTS), memberA.assignment().topicPartitions().get(0).topicId());
        assertEquals(group.targetAssignment().of("a").partitions(PAYMENTS).stream().toList(),
                memberA.targetAssignment().topicPartitions().get(0).partitions());
        assertEquals(2, a.assignment().size());

        ConsumerGroupDescribeResponseData.Member memberB = described.members().get(1);
        assertEquals("pay.*", memberB.subscribedTopicRegex());
        assertEquals(List.of(), memberB.subscribedTopicNames());
        assertEquals(2, memberB.memberEpoch());
        assertEquals(List.of(), memberB.assignment().topicPartitions(), "b waits for a to release its partition");
        assertEquals(1, memberB.targetAssignment().topicPartitions().get(0).partitions().size());

        ConsumerGroupDescribeResponseData.DescribedGroup missing = decodeDescribedGroup(
                ConsumerGroupDescriber.notFound("nope", "is not a consumer group"));
        assertEquals(ErrorCode.GROUP_ID_NOT_FOUND.code(), missing.errorCode());
        assertEquals("Group nope is not a consumer group.", missing.errorMessage());
        assertEquals("Dead", missing.groupState());
    }

    private static ConsumerGroupHeartbeatResponseData decodeHeartbeatResponse(ConsumerGroupHeartbeatResponse response) {
        return KafkaOracle.read(new ConsumerGroupHeartbeatResponseData(), encode(response::write, (short) 1), (short) 1);
    }

    private static ConsumerGroupDescribeResponseData.DescribedGroup decodeDescribedGroup(
            ConsumerGroupDescribeResponse.DescribedGroup group) {
        ConsumerGroupDescribeResponse response = new ConsumerGroupDescribeResponse().groups(List.of(group));
        ConsumerGroupDescribeResponseData decoded = KafkaOracle.read(new ConsumerGroupDescribeResponseData(),
                encode(response::write, (short) 1), (short) 1);
        return decoded.groups().get(0);
    }

    private interface Writer {
        void write(ByteBuf buf, short version);
    }

    private static byte[] encode(Writer writer, short version) {
        ByteBuf buf = Unpooled.buffer();
        try {
            writer.write(buf, version);
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    private static Uuid kafkaUuid(UUID id) {
        return new Uuid(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }
}
