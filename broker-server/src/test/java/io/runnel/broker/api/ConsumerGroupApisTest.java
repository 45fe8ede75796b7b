package io.runnel.broker.api;

import io.runnel.broker.EmbeddedBroker;
import io.runnel.broker.testing.KafkaWire;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData.DescribedGroup;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData.Member;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData.TopicPartitions;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocolCollection;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData.ListedGroup;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ConsumerGroupDescribeRequest;
import org.apache.kafka.common.requests.ConsumerGroupDescribeResponse;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatRequest;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatResponse;
import org.apache.kafka.common.requests.DeleteGroupsRequest;
import org.apache.kafka.common.requests.DeleteGroupsResponse;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.apache.kafka.common.requests.ListGroupsRequest;
import org.apache.kafka.common.requests.ListGroupsResponse;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetCommitResponse;
import org.apache.kafka.common.requests.OffsetFetchRequest;
import org.apache.kafka.common.requests.OffsetFetchResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * ConsumerGroupHeartbeat and ConsumerGroupDescribe (KIP-848; both versions, flexible only) against a running broker,
 * encoded and decoded by kafka-clients, with the offset fence of consumer-protocol groups, topic changes reaching
 * the groups, and the rule of one protocol per group id.
 */
class ConsumerGroupApisTest {
    private static final String TOPIC = "orders";

    private static EmbeddedBroker broker;

    @BeforeAll
    static void start() {
        broker = EmbeddedBroker.builder().config("group.initial.rebalance.delay.ms", "0").start();
        broker.broker().logs().createTopic(TOPIC, 3, Map.of());
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @ParameterizedTest
    @ValueSource(shorts = {0, 1})
    void aMemberJoinsOwnsEveryPartitionCommitsAndLeaves(short version) throws IOException {
        String group = "modern-v" + version;
        try (KafkaWire wire = connect()) {
            // v0 lets the broker choose the member id; from v1 the client does (KIP-1082).
            ConsumerGroupHeartbeatResponseData joined = heartbeat(wire, version, join(group,
                    version == 0 ? "" : "member-a"));
            assertEquals(Errors.NONE.code(), joined.errorCode());
            String memberId = joined.memberId();
            assertFalse(memberId.isEmpty());
            assertEquals(1, joined.memberEpoch());
            assertEquals(1000, joined.heartbeatIntervalMs());
            assertEquals(Map.of(topicId(TOPIC), List.of(0, 1, 2)), assignment(joined));

            DescribedGroup described = describe(wire, version, group, "missing").get(0);
            assertEquals("Stable", described.groupState());
            assertEquals(1, described.groupEpoch());
            assertEquals(1, described.assignmentEpoch());
            assertEquals("uniform", described.assignorName());
            Member member = described.members().get(0);
            assertEquals(memberId, member.memberId());
            assertEquals(1, member.memberEpoch());
            assertEquals("raw-test", member.clientId());
            assertEquals("/127.0.0.1", member.clientHost());
            assertEquals(List.of(TOPIC), member.subscribedTopicNames());
            assertEquals(TOPIC, member.assignment().topicPartitions().get(0).topicName());
            assertEquals(List.of(0, 1, 2), member.assignment().topicPartitions().get(0).partitions());
            DescribedGroup missing = describe(wire, version, "missing").get(0);
            assertEquals(Errors.GROUP_ID_NOT_FOUND.code(), missing.errorCode());

            // Offsets are fenced by the member epoch, and only OffsetCommit v9 carries one.
            assertEquals(Errors.NONE, commit(wire, 9, group, memberId, 1));
            assertEquals(Errors.STALE_MEMBER_EPOCH, commit(wire, 9, group, memberId, 2));
            assertEquals(Errors.UNKNOWN_MEMBER_ID, commit(wire, 9, group, "stranger", 1));
            assertEquals(Errors.UNSUPPORTED_VERSION, commit(wire, 8, group, memberId, 1));
            assertEquals(Errors.NONE, fetchError(wire, group, memberId, 1));
            assertEquals(Errors.STALE_MEMBER_EPOCH, fetchError(wire, group, memberId, 0));

            ConsumerGroupHeartbeatResponseData steady = heartbeat(wire, version, new ConsumerGroupHeartbeatRequestData()
                    .setGroupId(group).setMemberId(memberId).setMemberEpoch(1)
                    .setTopicPartitions(List.of(new TopicPartitions().setTopicId(topicId(TOPIC))
                            .setPartitions(List.of(0, 1, 2)))));
            assertEquals(Errors.NONE.code(), steady.errorCode());
            assertEquals(1, steady.memberEpoch());
            assertNull(steady.assignment(), "an unchanged assignment is not sent again");

            ListedGroup listed = listConsumerGroups(wire).stream().filter(g -> g.groupId().equals(group))
                    .findFirst().orElseThrow();
            assertEquals("consumer", listed.groupType());
            assertEquals("consumer", listed.protocolType());
            assertEquals("Stable", listed.groupState());

            ConsumerGroupHeartbeatResponseData left = heartbeat(wire, version, new ConsumerGroupHeartbeatRequestData()
                    .setGroupId(group).setMemberId(memberId).setMemberEpoch(-1));
            assertEquals(Errors.NONE.code(), left.errorCode());
            assertEquals(-1, left.memberEpoch());
            assertEquals("Empty", describe(wire, version, group).get(0).groupState());
        }
    }

    @Test
    void partitionsAddedToASubscribedTopicAreAssignedOnTheNextHeartbeat() throws IOException {
        broker.broker().logs().createTopic("growing", 1, Map.of());
        try (KafkaWire wire = connect()) {
            ConsumerGroupHeartbeatRequestData join = join("grows", "member-g").setSubscribedTopicNames(
                    List.of("growing"));
            ConsumerGroupHeartbeatResponseData joined = heartbeat(wire, (short) 1, join);
            assertEquals(Map.of(topicId("growing"), List.of(0)), assignment(joined));

            broker.broker().logs().addPartitions("growing", 3);
            ConsumerGroupHeartbeatResponseData grown = heartbeat(wire, (short) 1, new ConsumerGroupHeartbeatRequestData()
                    .setGroupId("grows").setMemberId("member-g").setMemberEpoch(1)
                    .setTopicPartitions(List.of(new TopicPartitions().setTopicId(topicId("growing"))
                            .setPartitions(List.of(0)))));
            assertEquals(2, grown.memberEpoch());
            assertEquals(Map.of(topicId("growing"), List.of(0, 1, 2)), assignment(grown));
        }
    }

    @Test
    void aGroupIdSpeaksOneProtocolAndSimpleCommitsNeedNoMembers() throws IOException {
        try (KafkaWire wire = connect()) {
            assertEquals(Errors.NONE.code(), heartbeat(wire, (short) 1, join("taken-by-modern", "m")).errorCode());
            JoinGroupResponse classicJoin = wire.send(new JoinGroupRequest.Builder(new JoinGroupRequestData()
                    .setGroupId("taken-by-modern").setMemberId("").setGroupInstanceId("i-1").setSessionTimeoutMs(10_000)
                    .setRebalanceTimeoutMs(10_000).setProtocolType("consumer")
                    .setProtocols(new JoinGroupRequestProtocolCollection(List.of(new JoinGroupRequestProtocol()
                            .setName("range").setMetadata(new byte[0])).iterator()))).build((short) 5));
            assertEquals(Errors.INCONSISTENT_GROUP_PROTOCOL, classicJoin.error());
            DeleteGroupsResponse notEmpty = wire.send(new DeleteGroupsRequest.Builder(new DeleteGroupsRequestData()
                    .setGroupsNames(List.of("taken-by-modern"))).build((short) 2));
            assertEquals(Errors.NON_EMPTY_GROUP, notEmpty.errors().get("taken-by-modern"));

            JoinGroupResponse classic = wire.send(new JoinGroupRequest.Builder(new JoinGroupRequestData()
                    .setGroupId("taken-by-classic").setMemberId("").setGroupInstanceId("i-1")
                    .setSessionTimeoutMs(10_000).setRebalanceTimeoutMs(10_000).setProtocolType("consumer")
                    .setProtocols(new JoinGroupRequestProtocolCollection(List.of(new JoinGroupRequestProtocol()
                            .setName("range").setMetadata(new byte[0])).iterator()))).build((short) 5));
            assertEquals(Errors.NONE, classic.error());
            assertEquals(Errors.GROUP_ID_NOT_FOUND.code(),
                    heartbeat(wire, (short) 1, join("taken-by-classic", "m")).errorCode());

            assertEquals(Errors.UNKNOWN_MEMBER_ID.code(), heartbeat(wire, (short) 1, new ConsumerGroupHeartbeatRequestData()
                    .setGroupId("never-joined").setMemberId("m").setMemberEpoch(5)).errorCode(),
                    "a member of a group that does not exist must rejoin");

            // Simple commits (no generation, no member) from a tool or an assign() consumer, oldest and newest.
            assertEquals(Errors.NONE, commit(wire, 2, "tool", "", -1));
            assertEquals(Errors.NONE, commit(wire, 9, "tool", "", -1));
            assertEquals(Errors.NONE, fetchError(wire, "tool", null, -1));
        }
    }

    private static KafkaWire connect() throws IOException {
        return KafkaWire.connect("127.0.0.1", broker.port());
    }

    private static Uuid topicId(String topic) {
        java.util.UUID id = broker.broker().logs().registry().get(topic).id();
        return new Uuid(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }

    private static ConsumerGroupHeartbeatRequestData join(String group, String memberId) {
        return new ConsumerGroupHeartbeatRequestData().setGroupId(group).setMemberId(memberId).setMemberEpoch(0)
                .setRebalanceTimeoutMs(30_000).setSubscribedTopicNames(List.of(TOPIC)).setTopicPartitions(List.of());
    }

    private static ConsumerGroupHeartbeatResponseData heartbeat(KafkaWire wire, short version,
                                                               ConsumerGroupHeartbeatRequestData data)
            throws IOException {
        ConsumerGroupHeartbeatResponse response = wire.send(new ConsumerGroupHeartbeatRequest.Builder(data, true)
                .build(version));
        return response.data();
    }

    private static Map<Uuid, List<Integer>> assignment(ConsumerGroupHeartbeatResponseData response) {
        Map<Uuid, List<Integer>> result = new java.util.HashMap<>();
        response.assignment().topicPartitions().forEach(t -> result.put(t.topicId(), t.partitions()));
        return result;
    }

    private static List<DescribedGroup> describe(KafkaWire wire, short version, String... groups) throws IOException {
        ConsumerGroupDescribeResponse response = wire.send(new ConsumerGroupDescribeRequest.Builder(
                new ConsumerGroupDescribeRequestData().setGroupIds(List.of(groups))
                        .setIncludeAuthorizedOperations(true), true).build(version));
        return response.data().groups();
    }

    private static Errors commit(KafkaWire wire, int version, String group, String memberId, int epoch)
            throws IOException {
        OffsetCommitResponse response = wire.send(new OffsetCommitRequest(new OffsetCommitRequestData()
                .setGroupId(group).setMemberId(memberId).setGenerationIdOrMemberEpoch(epoch)
                .setTopics(List.of(new OffsetCommitRequestTopic().setName(TOPIC).setPartitions(List.of(
                        new OffsetCommitRequestPartition().setPartitionIndex(1).setCommittedOffset(17)
                                .setCommittedMetadata("m"))))), (short) version));
        return Errors.forCode(response.data().topics().get(0).partitions().get(0).errorCode());
    }

    private static Errors fetchError(KafkaWire wire, String group, String memberId, int epoch) throws IOException {
        OffsetFetchResponse response = wire.send(OffsetFetchRequest.Builder.forTopicNames(new OffsetFetchRequestData()
                .setGroups(List.of(new OffsetFetchRequestGroup().setGroupId(group).setMemberId(memberId)
                        .setMemberEpoch(epoch).setTopics(List.of(new OffsetFetchRequestTopics().setName(TOPIC)
                                .setPartitionIndexes(List.of(1)))))), false).build((short) 9));
        var data = response.group(group);
        if (data.errorCode() == Errors.NONE.code()) {
            assertEquals(17, data.topics().get(0).partitions().get(0).committedOffset());
            assertEquals("m", data.topics().get(0).partitions().get(0).metadata());
        }
        return Errors.forCode(data.errorCode());
    }

    private static List<ListedGroup> listConsumerGroups(KafkaWire wire) throws IOException {
        ListGroupsResponse response = wire.send(new ListGroupsRequest.Builder(new ListGroupsRequestData()
                .setTypesFilter(List.of("consumer"))).build((short) 5));
        return response.data().groups();
    }
}
