package io.runnel.broker.group.store;

import io.runnel.broker.EmbeddedBroker;
import io.runnel.broker.Main;
import io.runnel.broker.testing.ChildProcess;
import io.runnel.broker.testing.KafkaWire;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData.DescribedGroup;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData.TopicPartitions;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocolCollection;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData.ListedGroup;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
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
import org.apache.kafka.common.requests.ConsumerGroupDescribeRequest;
import org.apache.kafka.common.requests.ConsumerGroupDescribeResponse;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatRequest;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatResponse;
import org.apache.kafka.common.requests.DeleteGroupsRequest;
import org.apache.kafka.common.requests.DeleteGroupsResponse;
import org.apache.kafka.common.requests.DescribeGroupsRequest;
import org.apache.kafka.common.requests.DescribeGroupsResponse;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.JoinGroupResponse;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A broker restarted on the same data directory — cleanly, or after SIGKILL — gives back every committed offset with
 * its metadata string unchanged, forgets deleted offsets and groups, and restores classic groups with their static
 * members and consumer-protocol groups with their members' epochs and assignments.
 */
class GroupsSurviveRestartTest {
    private static final String TOPIC = "orders";
    private static final byte[] ASSIGNMENT = {9, 8, 7};
    private static final String LONG_METADATA = "x".repeat(4096);
    private static final Pattern STARTED = Pattern.compile("Runnel broker started on localhost:(\\d+)");

    @Test
    void aCleanRestartRestoresOffsetsGroupsStaticMembersAndConsumerGroups(@TempDir Path dataDir) throws IOException {
        String staticMemberId;
        try (EmbeddedBroker broker = EmbeddedBroker.builder().dataDir(dataDir)
                .config("group.initial.rebalance.delay.ms", "0").start();
             KafkaWire wire = KafkaWire.connect("127.0.0.1", broker.port())) {
            broker.broker().logs().createTopic(TOPIC, 3, Map.of());
            JoinGroupResponse joined = joinStatic(wire, "static-group");
            assertEquals(Errors.NONE, joined.error());
            staticMemberId = joined.data().memberId();
            SyncGroupResponse synced = wire.send(new SyncGroupRequest.Builder(new SyncGroupRequestData()
                    .setGroupId("static-group").setGenerationId(1).setMemberId(staticMemberId)
                    .setGroupInstanceId("instance-1").setAssignments(List.of(new SyncGroupRequestAssignment()
                            .setMemberId(staticMemberId).setAssignment(ASSIGNMENT)))).build((short) 3));
            assertEquals(Errors.NONE, synced.error());
            assertEquals(Errors.NONE, commit(wire, 7, "static-group", staticMemberId, 1,
                    Map.of(0, "10 meta-0", 1, "11 ", 2, "12 " + LONG_METADATA)));

            assertEquals(Errors.NONE, commit(wire, 2, "tool", "", -1, Map.of(0, "5 tool-meta", 1, "6 doomed")));
            OffsetDeleteResponse deleted = wire.send(new OffsetDeleteRequest.Builder(new OffsetDeleteRequestData()
                    .setGroupId("tool").setTopics(new OffsetDeleteRequestTopicCollection(List.of(
                            new OffsetDeleteRequestTopic().setName(TOPIC).setPartitions(List.of(
                                    new OffsetDeleteRequestPartition().setPartitionIndex(1)))).iterator())))
                    .build((short) 0));
            assertEquals(Errors.NONE.code(), deleted.data().errorCode());
            assertEquals(Errors.NONE, commit(wire, 8, "gone", "", -1, Map.of(0, "1 bye")));
            DeleteGroupsResponse gone = wire.send(new DeleteGroupsRequest.Builder(new DeleteGroupsRequestData()
                    .setGroupsNames(List.of("gone"))).build((short) 2));
            assertEquals(Errors.NONE, gone.errors().get("gone"));

            ConsumerGroupHeartbeatResponseData modern = heartbeat(wire, new ConsumerGroupHeartbeatRequestData()
                    .setGroupId("modern").setMemberId("member-m").setMemberEpoch(0).setRebalanceTimeoutMs(30_000)
                    .setSubscribedTopicNames(List.of(TOPIC)).setTopicPartitions(List.of()));
            assertEquals(1, modern.memberEpoch());
            assertEquals(Errors.NONE, commit(wire, 9, "modern", "member-m", 1, Map.of(1, "99 modern")));
        }

        try (EmbeddedBroker broker = EmbeddedBroker.builder().dataDir(dataDir)
                .config("group.initial.rebalance.delay.ms", "0").start();
             KafkaWire wire = KafkaWire.connect("127.0.0.1", broker.port())) {
            assertEquals(Map.of(0, "10 meta-0", 1, "11 ", 2, "12 " + LONG_METADATA),
                    fetch(wire, "static-group", List.of(0, 1, 2)));
            assertEquals(Map.of(0, "5 tool-meta", 1, "-1 "), fetch(wire, "tool", List.of(0, 1)));
            assertEquals(Map.of(0, "-1 "), fetch(wire, "gone", List.of(0)));
            assertEquals(Map.of(1, "99 modern"), fetch(wire, "modern", List.of(1)));
            assertEquals(Map.of("static-group", "Stable", "tool", "Empty", "modern", "Stable"), listGroups(wire));

            DescribeGroupsResponse described = wire.send(new DescribeGroupsRequest.Builder(
                    new DescribeGroupsRequestData().setGroups(List.of("static-group"))).build((short) 5));
            DescribeGroupsResponseData.DescribedGroupMember member = described.data().groups().get(0).members().get(0);
            assertEquals(staticMemberId, member.memberId());
            assertEquals("instance-1", member.groupInstanceId());
            assertArrayEquals(ASSIGNMENT, member.memberAssignment());
            // The static member comes back under a new member id and keeps generation 1: no rebalance.
            JoinGroupResponse rejoined = joinStatic(wire, "static-group");
            assertEquals(Errors.NONE, rejoined.error());
            assertEquals(1, rejoined.data().generationId());
            assertNotEquals(staticMemberId, rejoined.data().memberId());

            ConsumerGroupDescribeResponse modern = wire.send(new ConsumerGroupDescribeRequest.Builder(
                    new ConsumerGroupDescribeRequestData().setGroupIds(List.of("modern")), true).build((short) 1));
            DescribedGroup group = modern.data().groups().get(0);
            assertEquals("Stable", group.groupState());
            assertEquals(1, group.groupEpoch());
            assertEquals("member-m", group.members().get(0).memberId());
            assertEquals(1, group.members().get(0).memberEpoch());
            assertEquals(List.of(0, 1, 2), group.members().get(0).assignment().topicPartitions().get(0).partitions());
            // The member carries on at its epoch, as if the broker had never stopped.
            Uuid topicId = toUuid(broker.broker().logs().registry().get(TOPIC).id());
            ConsumerGroupHeartbeatResponseData beat = heartbeat(wire, new ConsumerGroupHeartbeatRequestData()
                    .setGroupId("modern").setMemberId("member-m").setMemberEpoch(1)
                    .setTopicPartitions(List.of(new TopicPartitions().setTopicId(topicId)
                            .setPartitions(List.of(0, 1, 2)))));
            assertEquals(Errors.NONE.code(), beat.errorCode());
            assertEquals(1, beat.memberEpoch());
        }
    }

    @Test
    void commitsAcknowledgedBeforeASigkillAreThereAfterIt(@TempDir Path workDir) throws Exception {
        Path dataDir = workDir.resolve("data");
        try (ChildProcess child = ChildProcess.startMain(workDir, Main.class.getName(), "--port", "0",
                "--data-dir", dataDir.toString())) {
            String line = child.awaitOut(l -> STARTED.matcher(l).find(), Duration.ofSeconds(60));
            assertNotNull(line, "no start-up line; stdout " + child.out() + " stderr " + child.err());
            Matcher started = STARTED.matcher(line);
            assertTrue(started.find());
            int port = Integer.parseInt(started.group(1));
            try (KafkaWire wire = KafkaWire.connect("127.0.0.1", port)) {
                // Without a topic admin API yet, only __consumer_offsets exists: commit against it.
                for (int i = 0; i < 20; i++) {
                    assertEquals(Errors.NONE, commit(wire, 8, "killed-" + i, "", -1,
                            Map.of(i % 10, i + " m" + i), OffsetsTopicStore.TOPIC));
                }
            }
            child.signal("KILL");
            child.awaitExit(Duration.ofSeconds(30));
        }
        try (EmbeddedBroker broker = EmbeddedBroker.builder().dataDir(dataDir).start();
             KafkaWire wire = KafkaWire.connect("127.0.0.1", broker.port())) {
            for (int i = 0; i < 20; i++) {
                assertEquals(Map.of(i % 10, i + " m" + i), fetch(wire, "killed-" + i, List.of(i % 10),
                        OffsetsTopicStore.TOPIC));
            }
        }
    }

    private static JoinGroupResponse joinStatic(KafkaWire wire, String group) throws IOException {
        return wire.send(new JoinGroupRequest.Builder(new JoinGroupRequestData().setGroupId(group).setMemberId("")
                .setGroupInstanceId("instance-1").setSessionTimeoutMs(30_000).setRebalanceTimeoutMs(30_000)
                .setProtocolType("consumer").setProtocols(new JoinGroupRequestProtocolCollection(List.of(
                        new JoinGroupRequestProtocol().setName("range").setMetadata(new byte[] {1, 2})).iterator())))
                .build((short) 5));
    }

    private static ConsumerGroupHeartbeatResponseData heartbeat(KafkaWire wire, ConsumerGroupHeartbeatRequestData data)
            throws IOException {
        ConsumerGroupHeartbeatResponse response = wire.send(new ConsumerGroupHeartbeatRequest.Builder(data, true)
                .build((short) 1));
        return response.data();
    }

    private static Errors commit(KafkaWire wire, int version, String group, String memberId, int generation,
                                 Map<Integer, String> offsets) throws IOException {
        return commit(wire, version, group, memberId, generation, offsets, TOPIC);
    }

    /** Commits "offset metadata" per partition; returns the one error every partition got. */
    private static Errors commit(KafkaWire wire, int version, String group, String memberId, int generation,
                                 Map<Integer, String> offsets, String topic) throws IOException {
        List<OffsetCommitRequestPartition> partitions = new java.util.ArrayList<>();
        offsets.forEach((partition, text) -> partitions.add(new OffsetCommitRequestPartition()
                .setPartitionIndex(partition).setCommittedOffset(Long.parseLong(text.substring(0, text.indexOf(' '))))
                .setCommittedMetadata(text.substring(text.indexOf(' ') + 1))));
        OffsetCommitResponse response = wire.send(new OffsetCommitRequest(new OffsetCommitRequestData()
                .setGroupId(group).setMemberId(memberId).setGenerationIdOrMemberEpoch(generation)
                .setGroupInstanceId(version >= 7 && generation >= 0 && !memberId.isEmpty()
                        && group.equals("static-group") ? "instance-1" : null)
                .setTopics(List.of(new OffsetCommitRequestTopic().setName(topic).setPartitions(partitions))),
                (short) version));
        List<Short> errors = response.data().topics().get(0).partitions().stream().map(p -> p.errorCode())
                .distinct().toList();
        assertEquals(1, errors.size(), "one error for every partition: " + errors);
        return Errors.forCode(errors.get(0));
    }

    private static Map<Integer, String> fetch(KafkaWire wire, String group, List<Integer> partitions)
            throws IOException {
        return fetch(wire, group, partitions, TOPIC);
    }

    private static Map<Integer, String> fetch(KafkaWire wire, String group, List<Integer> partitions, String topic)
            throws IOException {
        OffsetFetchResponse response = wire.send(OffsetFetchRequest.Builder.forTopicNames(new OffsetFetchRequestData()
                .setGroups(List.of(new OffsetFetchRequestGroup().setGroupId(group).setTopics(List.of(
                        new OffsetFetchRequestTopics().setName(topic).setPartitionIndexes(partitions))))), false)
                .build((short) 8));
        var data = response.group(group);
        assertEquals(Errors.NONE.code(), data.errorCode());
        Map<Integer, String> result = new TreeMap<>();
        data.topics().get(0).partitions().forEach(p -> result.put(p.partitionIndex(),
                p.committedOffset() + " " + p.metadata()));
        return result;
    }

    private static Map<String, String> listGroups(KafkaWire wire) throws IOException {
        ListGroupsResponse response = wire.send(new ListGroupsRequest.Builder(new ListGroupsRequestData())
                .build((short) 4));
        Map<String, String> states = new TreeMap<>();
        for (ListedGroup g : response.data().groups()) {
            states.put(g.groupId(), g.groupState());
        }
        return states;
    }

    private static Uuid toUuid(java.util.UUID id) {
        return new Uuid(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }
}
