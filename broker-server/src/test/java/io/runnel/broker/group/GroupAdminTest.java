package io.runnel.broker.group;

import io.runnel.broker.group.core.GroupException;
import io.runnel.broker.group.core.GroupType;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.DeleteGroupsResponse;
import io.runnel.protocol.message.DescribeGroupsRequest;
import io.runnel.protocol.message.DescribeGroupsResponse;
import io.runnel.protocol.message.DescribeGroupsResponse.DescribedGroup;
import io.runnel.protocol.message.DescribeGroupsResponse.DescribedGroupMember;
import io.runnel.protocol.message.FindCoordinatorRequest;
import io.runnel.protocol.message.FindCoordinatorResponse;
import io.runnel.protocol.message.HeartbeatRequest;
import io.runnel.protocol.message.JoinGroupResponse;
import io.runnel.protocol.message.ListGroupsResponse;
import io.runnel.protocol.message.ListGroupsResponse.ListedGroup;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.runnel.broker.group.CoordinatorHarness.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** DescribeGroups, ListGroups, DeleteGroups, FindCoordinator, and one protocol per group id. */
class GroupAdminTest {

    @Test
    void describeShowsMembersTheirMetadataAndAssignmentsWhenStable() {
        try (CoordinatorHarness h = new CoordinatorHarness()) {
            TestConsumer a = h.consumer("g", "client-a");
            a.groupInstanceId = "inst-a";
            TestConsumer b = h.consumer("g", "client-b");
            h.stabilize(List.of(a, b));
            DescribeGroupsResponse response = await(h.coordinator().describeGroups(
                    CoordinatorHarness.client(5, "admin"),
                    new DescribeGroupsRequest().groups(List.of("g", "nope")).includeAuthorizedOperations(true)));
            response = Wire.roundTrip(response, (short) 5, DescribeGroupsResponse::read);
            DescribedGroup g = response.groups().get(0);
            assertEquals(ErrorCode.NONE.code(), g.errorCode());
            assertEquals("g", g.groupId());
            assertEquals("Stable", g.groupState());
            assertEquals("consumer", g.protocolType());
            assertEquals("range", g.protocolData());
            assertEquals(GroupAdmin.ALL_GROUP_OPERATIONS, g.authorizedOperations());
            assertEquals(2, g.members().size());
            for (DescribedGroupMember m : g.members()) {
                TestConsumer c = m.memberId().equals(a.memberId) ? a : b;
                assertEquals(c.memberId, m.memberId());
                assertEquals(c.groupInstanceId, m.groupInstanceId());
                assertEquals(c.clientId, m.clientId());
                assertEquals("/127.0.0.1", m.clientHost());
                assertArrayEquals(TestConsumer.subscription(List.of("orders")), m.memberMetadata());
                assertEquals(c.assignment, TestConsumer.decodeAssignment(m.memberAssignment()));
            }
            DescribedGroup unknown = response.groups().get(1);
            assertEquals(ErrorCode.NONE.code(), unknown.errorCode());
            assertEquals("Dead", unknown.groupState());
            assertEquals(List.of(), unknown.members());

            // Mid-rebalance the members are listed without metadata, assignment or protocol.
            TestConsumer c = h.consumer("g", "client-c");
            await(c.sendJoin());
            c.sendJoin();
            DescribedGroup preparing = h.describe("g");
            assertEquals("PreparingRebalance", preparing.groupState());
            assertEquals("", preparing.protocolData());
            assertEquals(3, preparing.members().size());
            for (DescribedGroupMember m : preparing.members()) {
                assertEquals(0, m.memberMetadata().length);
                assertEquals(0, m.memberAssignment().length);
            }
        }
    }

    @Test
    void listGroupsFiltersByStateAndType() {
        try (CoordinatorHarness h = new CoordinatorHarness()) {
            h.stabilize(List.of(h.consumer("stable-1", "a")));
            h.stabilize(List.of(h.consumer("stable-2", "b")));
            assertEquals(ErrorCode.NONE.code(), h.commit(8, "offsets-only", -1, "", 0, 5, ""));
            TestConsumer p = h.consumer("preparing", "c");
            h.stabilize(List.of(p));
            TestConsumer p2 = h.consumer("preparing", "d");
            await(p2.sendJoin());
            p2.sendJoin();
            h.settle();

            ListGroupsResponse all = h.listGroups(5, List.of(), List.of());
            assertEquals(List.of("offsets-only", "preparing", "stable-1", "stable-2"),
                    all.groups().stream().map(ListedGroup::groupId).toList());
            ListedGroup offsetsOnly = all.groups().get(0);
            assertEquals("", offsetsOnly.protocolType());
            assertEquals("Empty", offsetsOnly.groupState());
            assertEquals("classic", offsetsOnly.groupType());
            assertEquals("consumer", all.groups().get(2).protocolType());

            assertEquals(List.of("stable-1", "stable-2"), ids(h.listGroups(4, List.of("stable"), List.of())));
            assertEquals(List.of("offsets-only", "preparing"),
                    ids(h.listGroups(5, List.of("Empty", "PreparingRebalance"), List.of())));
            assertEquals(4, ids(h.listGroups(5, List.of(), List.of("CLASSIC"))).size());
            assertEquals(List.of(), ids(h.listGroups(5, List.of(), List.of("consumer"))));
            assertEquals(4, ids(h.listGroups(3, List.of("stable"), List.of())).size(), "v3 has no filter");
        }
    }

    @Test
    void deleteGroupsDeletesOnlyEmptyGroupsWithTheirOffsets() {
        try (CoordinatorHarness h = new CoordinatorHarness()) {
            TestConsumer a = h.consumer("busy", "a");
            h.stabilize(List.of(a));
            assertEquals(ErrorCode.NONE.code(), h.commit(8, "idle", -1, "", 1, 42, "m"));
            TestConsumer gone = h.consumer("left", "b");
            h.stabilize(List.of(gone));
            assertEquals(ErrorCode.NONE.code(), h.commit(8, "left", gone.generation, gone.memberId, 0, 7, ""));
            gone.leave();

            DeleteGroupsResponse r = h.deleteGroups("busy", "idle", "left", "never");
            assertEquals(List.of(ErrorCode.NON_EMPTY_GROUP.code(), ErrorCode.NONE.code(), ErrorCode.NONE.code(),
                    ErrorCode.GROUP_ID_NOT_FOUND.code()), r.results().stream().map(x -> x.errorCode()).toList());
            assertEquals(List.of("busy", "idle", "left", "never"), r.results().stream().map(x -> x.groupId()).toList());
            assertEquals(List.of("busy"), ids(h.listGroups(5, List.of(), List.of())));
            assertEquals(-1, h.fetch("idle", List.of(1)).topics().get(0).partitions().get(0).committedOffset());
            assertEquals(List.of(), h.fetch("left", null).topics());
            assertNull(h.groupStore.storedGroup("left"));
            assertEquals(List.of(), h.offsetStore.loadOffsets().keySet().stream().toList());
            assertEquals(ErrorCode.GROUP_ID_NOT_FOUND.code(), h.deleteGroups("idle").results().get(0).errorCode());
        }
    }

    @Test
    void findCoordinatorAlwaysNamesThisBroker() {
        try (CoordinatorHarness h = new CoordinatorHarness()) {
            CoordinatorEndpoint self = new CoordinatorEndpoint(7, "localhost", 19092);
            FindCoordinatorResponse v3 = Wire.roundTrip(h.coordinator().findCoordinator(
                    CoordinatorHarness.client(3, "c"), new FindCoordinatorRequest().key("g").keyType((byte) 0), self),
                    (short) 3, FindCoordinatorResponse::read);
            assertEquals(ErrorCode.NONE.code(), v3.errorCode());
            assertEquals(7, v3.nodeId());
            assertEquals("localhost", v3.host());
            assertEquals(19092, v3.port());
            FindCoordinatorResponse v0 = Wire.roundTrip(h.coordinator().findCoordinator(
                    CoordinatorHarness.client(0, "c"), new FindCoordinatorRequest().key("g"), self),
                    (short) 0, FindCoordinatorResponse::read);
            assertEquals(19092, v0.port());

            FindCoordinatorResponse v4 = Wire.roundTrip(h.coordinator().findCoordinator(
                    CoordinatorHarness.client(4, "c"),
                    new FindCoordinatorRequest().keyType((byte) 0).coordinatorKeys(List.of("g1", "g2")), self),
                    (short) 4, FindCoordinatorResponse::read);
            assertEquals(List.of("g1", "g2"), v4.coordinators().stream().map(c -> c.key()).toList());
            assertEquals(List.of(7, 7), v4.coordinators().stream().map(c -> c.nodeId()).toList());

            FindCoordinatorResponse txn = Wire.roundTrip(h.coordinator().findCoordinator(
                    CoordinatorHarness.client(4, "c"),
                    new FindCoordinatorRequest().keyType((byte) 1).coordinatorKeys(List.of("tx")), self),
                    (short) 4, FindCoordinatorResponse::read);
            // This broker also coordinates every transactional id.
            assertEquals(ErrorCode.NONE.code(), txn.coordinators().get(0).errorCode());
            assertEquals(7, txn.coordinators().get(0).nodeId());
            assertEquals(19092, txn.coordinators().get(0).port());
        }
    }

    @Test
    void aGroupSpeaksOneProtocolAtATime() {
        try (CoordinatorHarness h = new CoordinatorHarness()) {
            assertEquals(ErrorCode.NONE.code(), h.consumerJoin("modern", "m-1").errorCode());
            TestConsumer classic = h.consumer("modern", "old-client");
            JoinGroupResponse refused = await(classic.sendJoin());
            assertEquals(ErrorCode.INCONSISTENT_GROUP_PROTOCOL.code(), refused.errorCode());
            short heartbeat = Wire.roundTrip(await(h.coordinator().heartbeat(CoordinatorHarness.client(4, "x"),
                    new HeartbeatRequest().groupId("modern").generationId(1).memberId("m-1"))), (short) 4,
                    io.runnel.protocol.message.HeartbeatResponse::read).errorCode();
            assertEquals(ErrorCode.UNKNOWN_MEMBER_ID.code(), heartbeat);
            assertEquals("consumer", h.listGroups(5, List.of(), List.of("consumer")).groups().get(0).groupType());
            DescribedGroup modern = h.describe("modern");
            assertEquals("consumer", modern.protocolType(), "DescribeGroups shows consumer groups in classic form");
            assertEquals("uniform", modern.protocolData());
            assertEquals(List.of("m-1"), modern.members().stream().map(DescribedGroupMember::memberId).toList());
            assertEquals(List.of(CoordinatorHarness.TOPIC), ConsumerProtocol.deserializeSubscription(
                    java.nio.ByteBuffer.wrap(modern.members().get(0).memberMetadata())).topics(),
                    "Kafka's client reads the subscription");
            assertEquals(ErrorCode.NON_EMPTY_GROUP.code(), h.deleteGroups("modern").results().get(0).errorCode());
            GroupException refusedForConsumer = await(h.coordinator().call(() -> {
                try {
                    h.registry().groupOfType("stable-classic", GroupType.CONSUMER);
                    return null;
                } catch (GroupException e) {
                    return e;
                }
            }));
            assertNull(refusedForConsumer, "no such group yet");
            h.stabilize(List.of(h.consumer("stable-classic", "c")));
            GroupException refusedHeartbeat = await(h.coordinator().call(() -> {
                try {
                    h.registry().groupOfType("stable-classic", GroupType.CONSUMER);
                    return null;
                } catch (GroupException e) {
                    return e;
                }
            }));
            assertEquals(ErrorCode.GROUP_ID_NOT_FOUND, refusedHeartbeat.error(), "the rule the consumer protocol applies");

            // Once the consumer-protocol group is empty, a classic member may take the id over.
            assertEquals(ErrorCode.NONE.code(), h.consumerLeave("modern", "m-1").errorCode());
            assertEquals("Empty", h.describe("modern").groupState());
            h.stabilize(List.of(classic));
            assertEquals("Stable", h.describe("modern").groupState());
            assertEquals(List.of("classic", "classic"), h.listGroups(5, List.of(), List.of()).groups().stream()
                    .map(ListedGroup::groupType).toList());
        }
    }

    private static List<String> ids(ListGroupsResponse response) {
        return response.groups().stream().map(ListedGroup::groupId).toList();
    }
}
