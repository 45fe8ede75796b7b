package io.runnel.broker.api;

import io.runnel.broker.EmbeddedBroker;
import io.runnel.broker.testing.KafkaWire;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocolCollection;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData.ListedGroup;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponsePartition;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestPartition;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestTopic;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestTopicCollection;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData.SyncGroupRequestAssignment;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DeleteGroupsRequest;
import org.apache.kafka.common.requests.DeleteGroupsResponse;
import org.apache.kafka.common.requests.DescribeGroupsRequest;
import org.apache.kafka.common.requests.DescribeGroupsResponse;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.FindCoordinatorResponse;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.HeartbeatResponse;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.apache.kafka.common.requests.LeaveGroupRequest;
import org.apache.kafka.common.requests.LeaveGroupResponse;
import org.apache.kafka.common.requests.ListGroupsRequest;
import org.apache.kafka.common.requests.ListGroupsResponse;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetCommitResponse;
import org.apache.kafka.common.requests.OffsetDeleteRequest;
import org.apache.kafka.common.requests.OffsetDeleteResponse;
import org.apache.kafka.common.requests.OffsetFetchRequest;
import org.apache.kafka.common.requests.OffsetFetchResponse;
import org.apache.kafka.common.requests.SyncGroupRequest;
import org.apache.kafka.common.requests.SyncGroupResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every classic-protocol and offset API against a running broker, encoded and decoded by kafka-clients, once at the
 * non-flexible versions librdkafka and kafkajs send and once at the newest (flexible) versions.
 */
class ClassicGroupApisTest {
    private static final String TOPIC = "orders";
    private static final byte[] ASSIGNMENT = {0, 1, 2, 3, 4};
    private static final String METADATA = "checkpoint é 🚀";

    /** The version of each API a client sends. */
    enum Client {
        NON_FLEXIBLE(2, 5, 3, 3, 7, 5, 4, 2, 3, 1),
        FLEXIBLE(6, 9, 5, 4, 9, 9, 5, 5, 5, 2);

        final short findCoordinator;
        final short joinGroup;
        final short syncGroup;
        final short heartbeat;
        final short offsetCommit;
        final short offsetFetch;
        final short describeGroups;
        final short listGroups;
        final short leaveGroup;
        final short deleteGroups;

        Client(int findCoordinator, int joinGroup, int syncGroup, int heartbeat, int offsetCommit, int offsetFetch,
               int describeGroups, int listGroups, int leaveGroup, int deleteGroups) {
            this.findCoordinator = (short) findCoordinator;
            this.joinGroup = (short) joinGroup;
            this.syncGroup = (short) syncGroup;
            this.heartbeat = (short) heartbeat;
            this.offsetCommit = (short) offsetCommit;
            this.offsetFetch = (short) offsetFetch;
            this.describeGroups = (short) describeGroups;
            this.listGroups = (short) listGroups;
            this.leaveGroup = (short) leaveGroup;
            this.deleteGroups = (short) deleteGroups;
        }
    }

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
    @EnumSource(Client.class)
    void aMemberJoinsSyncsCommitsLeavesAndTheGroupIsDeleted(Client client) throws IOException {
        String group = "g-" + client.name().toLowerCase();
        try (KafkaWire wire = KafkaWire.connect("127.0.0.1", broker.port())) {
            findCoordinator(wire, client, group);

            JoinGroupResponse required = wire.send(new JoinGroupRequest.Builder(join(group, "")).build(client.joinGroup));
            assertEquals(Errors.MEMBER_ID_REQUIRED, required.error());
            String memberId = required.data().memberId();
            assertTrue(memberId.startsWith("raw-test-"), memberId);
            JoinGroupResponse joined = wire.send(new JoinGroupRequest.Builder(join(group, memberId))
                    .build(client.joinGroup));
            assertEquals(Errors.NONE, joined.error());
            assertEquals(1, joined.data().generationId());
            assertEquals(memberId, joined.data().leader());
            assertEquals("range", joined.data().protocolName());
            assertEquals(List.of(memberId), joined.data().members().stream().map(m -> m.memberId()).toList());

            SyncGroupResponse synced = wire.send(new SyncGroupRequest.Builder(new SyncGroupRequestData()
                    .setGroupId(group).setGenerationId(1).setMemberId(memberId).setProtocolType("consumer")
                    .setProtocolName("range").setAssignments(List.of(new SyncGroupRequestAssignment()
                            .setMemberId(memberId).setAssignment(ASSIGNMENT)))).build(client.syncGroup));
            assertEquals(Errors.NONE, synced.error());
            assertArrayEquals(ASSIGNMENT, synced.data().assignment());

            HeartbeatResponse beat = wire.send(new HeartbeatRequest.Builder(new HeartbeatRequestData()
                    .setGroupId(group).setGenerationId(1).setMemberId(memberId)).build(client.heartbeat));
            assertEquals(Errors.NONE, beat.error());
            HeartbeatResponse stale = wire.send(new HeartbeatRequest.Builder(new HeartbeatRequestData()
                    .setGroupId(group).setGenerationId(0).setMemberId(memberId)).build(client.heartbeat));
            assertEquals(Errors.ILLEGAL_GENERATION, stale.error());

            OffsetCommitResponse committed = wire.send(new OffsetCommitRequest(new OffsetCommitRequestData()
                    .setGroupId(group).setGenerationIdOrMemberEpoch(1).setMemberId(memberId)
                    .setTopics(List.of(topic(TOPIC, 0, 42, METADATA), topic(TOPIC, 7, 1, ""),
                            topic("no-such-topic", 0, 1, ""))), client.offsetCommit));
            assertEquals(List.of(Errors.NONE.code(), Errors.UNKNOWN_TOPIC_OR_PARTITION.code(),
                    Errors.UNKNOWN_TOPIC_OR_PARTITION.code()), committed.data().topics().stream()
                    .flatMap(t -> t.partitions().stream()).map(OffsetCommitResponsePartition::errorCode).toList());
            OffsetCommitResponse fenced = wire.send(new OffsetCommitRequest(new OffsetCommitRequestData()
                    .setGroupId(group).setGenerationIdOrMemberEpoch(2).setMemberId(memberId)
                    .setTopics(List.of(topic(TOPIC, 1, 5, ""))), client.offsetCommit));
            assertEquals(Errors.ILLEGAL_GENERATION.code(),
                    fenced.data().topics().get(0).partitions().get(0).errorCode());

            assertEquals(Map.of(0, "42 " + METADATA, 1, "-1 "), fetchOffsets(wire, client, group));

            DescribeGroupsResponse described = wire.send(new DescribeGroupsRequest.Builder(
                    new DescribeGroupsRequestData().setGroups(List.of(group))).build(client.describeGroups));
            DescribedGroup d = described.data().groups().get(0);
            assertEquals("Stable", d.groupState());
            assertEquals("consumer", d.protocolType());
            assertEquals("range", d.protocolData());
            assertEquals(memberId, d.members().get(0).memberId());
            assertEquals("raw-test", d.members().get(0).clientId());
            assertEquals("/127.0.0.1", d.members().get(0).clientHost());
            assertArrayEquals(ASSIGNMENT, d.members().get(0).memberAssignment());

            assertTrue(listGroups(wire, client).contains(group));

            LeaveGroupResponse left = wire.send(new LeaveGroupRequest.Builder(group,
                    List.of(new MemberIdentity().setMemberId(memberId))).build(client.leaveGroup));
            assertEquals(Errors.NONE, left.topLevelError());
            assertEquals(Errors.NONE, left.memberResponses().isEmpty() ? left.error()
                    : Errors.forCode(left.memberResponses().get(0).errorCode()));

            OffsetDeleteResponse deleted = wire.send(new OffsetDeleteRequest.Builder(new OffsetDeleteRequestData()
                    .setGroupId(group).setTopics(new OffsetDeleteRequestTopicCollection(List.of(
                            new OffsetDeleteRequestTopic().setName(TOPIC).setPartitions(List.of(
                                    new OffsetDeleteRequestPartition().setPartitionIndex(0)))).iterator())))
                    .build((short) 0));
            assertEquals(Errors.NONE.code(), deleted.data().errorCode());
            assertEquals(Errors.NONE.code(), deleted.data().topics().find(TOPIC).partitions()
                    .find(0).errorCode());
            assertEquals(Map.of(0, "-1 ", 1, "-1 "), fetchOffsets(wire, client, group));

            DeleteGroupsResponse gone = wire.send(new DeleteGroupsRequest.Builder(new DeleteGroupsRequestData()
                    .setGroupsNames(List.of(group, "never-existed"))).build(client.deleteGroups));
            assertEquals(Map.of(group, Errors.NONE, "never-existed", Errors.GROUP_ID_NOT_FOUND), gone.errors());
            assertFalse(listGroups(wire, client).contains(group));
        }
    }

    private static void findCoordinator(KafkaWire wire, Client client, String group) throws IOException {
        FindCoordinatorRequestData data = new FindCoordinatorRequestData().setKeyType((byte) 0);
        if (client.findCoordinator >= 4) {
            data.setCoordinatorKeys(List.of(group, "other"));
        } else {
            data.setKey(group);
        }
        FindCoordinatorResponse found = wire.send(new FindCoordinatorRequest.Builder(data)
                .build(client.findCoordinator));
        if (client.findCoordinator >= 4) {
            assertEquals(List.of(group, "other"), found.data().coordinators().stream().map(c -> c.key()).toList());
            found.data().coordinators().forEach(c -> {
                assertEquals(Errors.NONE.code(), c.errorCode());
                assertEquals(1, c.nodeId());
                assertEquals("127.0.0.1", c.host());
                assertEquals(broker.port(), c.port());
            });
        } else {
            assertEquals(Errors.NONE, found.error());
            assertEquals(1, found.data().nodeId());
            assertEquals("127.0.0.1", found.data().host());
            assertEquals(broker.port(), found.data().port());
        }
    }

    private static JoinGroupRequestData join(String group, String memberId) {
        return new JoinGroupRequestData().setGroupId(group).setMemberId(memberId).setSessionTimeoutMs(10_000)
                .setRebalanceTimeoutMs(10_000).setProtocolType("consumer")
                .setProtocols(new JoinGroupRequestProtocolCollection(List.of(new JoinGroupRequestProtocol()
                        .setName("range").setMetadata("subscription".getBytes(StandardCharsets.UTF_8))).iterator()));
    }

    private static OffsetCommitRequestTopic topic(String name, int partition, long offset, String metadata) {
        return new OffsetCommitRequestTopic().setName(name).setPartitions(List.of(new OffsetCommitRequestPartition()
                .setPartitionIndex(partition).setCommittedOffset(offset).setCommittedLeaderEpoch(3)
                .setCommittedMetadata(metadata)));
    }

    /** Partitions 0 and 1 of the topic: "offset metadata" each. */
    private static Map<Integer, String> fetchOffsets(KafkaWire wire, Client client, String group) throws IOException {
        OffsetFetchRequestData data = new OffsetFetchRequestData().setGroups(List.of(new OffsetFetchRequestGroup()
                .setGroupId(group).setTopics(List.of(new OffsetFetchRequestTopics().setName(TOPIC)
                        .setPartitionIndexes(List.of(0, 1))))));
        OffsetFetchResponse fetched = wire.send(OffsetFetchRequest.Builder.forTopicNames(data, false)
                .build(client.offsetFetch));
        var groupData = fetched.group(group);
        assertEquals(Errors.NONE.code(), groupData.errorCode());
        Map<Integer, String> result = new java.util.TreeMap<>();
        groupData.topics().get(0).partitions().forEach(p -> result.put(p.partitionIndex(),
                p.committedOffset() + " " + p.metadata()));
        return result;
    }

    private static List<String> listGroups(KafkaWire wire, Client client) throws IOException {
        ListGroupsResponse listed = wire.send(new ListGroupsRequest.Builder(new ListGroupsRequestData())
                .build(client.listGroups));
        assertEquals(Errors.NONE.code(), listed.data().errorCode());
        return listed.data().groups().stream().map(ListedGroup::groupId).toList();
    }
}
