package io.runnel.broker.group;

import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.HeartbeatRequest;
import io.runnel.protocol.message.HeartbeatResponse;
import io.runnel.protocol.message.JoinGroupRequest;
import io.runnel.protocol.message.JoinGroupRequest.JoinGroupRequestProtocol;
import io.runnel.protocol.message.JoinGroupResponse;
import io.runnel.protocol.message.JoinGroupResponse.JoinGroupResponseMember;
import io.runnel.protocol.message.LeaveGroupRequest;
import io.runnel.protocol.message.LeaveGroupRequest.MemberIdentity;
import io.runnel.protocol.message.LeaveGroupResponse;
import io.runnel.protocol.message.SyncGroupRequest;
import io.runnel.protocol.message.SyncGroupRequest.SyncGroupRequestAssignment;
import io.runnel.protocol.message.SyncGroupResponse;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Assignment;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A classic-protocol consumer as Kafka's Java client behaves: JoinGroup with the MEMBER_ID_REQUIRED handshake,
 * the leader computing a range assignment with kafka-clients' own RangeAssignor and subscription encoding,
 * SyncGroup, heartbeats and LeaveGroup. Every answer is decoded from its wire bytes at the request's version.
 */
final class TestConsumer {
    private final CoordinatorHarness harness;
    final String groupId;
    final String clientId;
    final List<String> topics;
    String groupInstanceId;
    short joinVersion = 9;
    short syncVersion = 5;
    short heartbeatVersion = 4;
    short leaveVersion = 5;
    int sessionTimeoutMs = 10_000;
    int rebalanceTimeoutMs = 30_000;
    List<String> protocols = List.of("range");

    volatile String memberId = "";
    volatile int generation = -1;
    volatile JoinGroupResponse lastJoin;
    volatile List<String> assignment = List.of();

    TestConsumer(CoordinatorHarness harness, String groupId, String clientId, List<String> topics) {
        this.harness = harness;
        this.groupId = groupId;
        this.clientId = clientId;
        this.topics = topics;
    }

    static byte[] subscription(List<String> topics) {
        return bytes(ConsumerProtocol.serializeSubscription(new Subscription(topics)));
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }

    JoinGroupRequest joinRequest() {
        List<JoinGroupRequestProtocol> list = new ArrayList<>();
        for (String name : protocols) {
            list.add(new JoinGroupRequestProtocol().name(name).metadata(subscription(topics)));
        }
        return new JoinGroupRequest().groupId(groupId).sessionTimeoutMs(sessionTimeoutMs)
                .rebalanceTimeoutMs(rebalanceTimeoutMs).memberId(memberId).groupInstanceId(groupInstanceId)
                .protocolType("consumer").protocols(list);
    }

    /** One JoinGroup request with the current member id. */
    CompletableFuture<JoinGroupResponse> sendJoin() {
        return harness.coordinator().joinGroup(CoordinatorHarness.client(joinVersion, clientId), joinRequest())
                .thenApply(r -> {
                    JoinGroupResponse decoded = Wire.roundTrip(r, joinVersion, JoinGroupResponse::read);
                    if (decoded.errorCode() == ErrorCode.MEMBER_ID_REQUIRED.code()) {
                        memberId = decoded.memberId();
                    } else if (decoded.errorCode() == ErrorCode.NONE.code()) {
                        memberId = decoded.memberId();
                        generation = decoded.generationId();
                        lastJoin = decoded;
                    }
                    return decoded;
                });
    }

    /** JoinGroup, repeated once with the given id when the coordinator asks for MEMBER_ID_REQUIRED. */
    CompletableFuture<JoinGroupResponse> join() {
        return sendJoin().thenCompose(r -> r.errorCode() == ErrorCode.MEMBER_ID_REQUIRED.code()
                ? sendJoin() : CompletableFuture.completedFuture(r));
    }

    boolean isLeader() {
        return lastJoin != null && lastJoin.leader().equals(memberId);
    }

    /** SyncGroup for the last joined generation; the leader sends a range assignment of every member. */
    CompletableFuture<SyncGroupResponse> sync() {
        List<SyncGroupRequestAssignment> assignments = new ArrayList<>();
        if (isLeader() && !lastJoin.skipAssignment()) {
            Map<String, Subscription> subscriptions = new HashMap<>();
            for (JoinGroupResponseMember m : lastJoin.members()) {
                subscriptions.put(m.memberId(), ConsumerProtocol.deserializeSubscription(ByteBuffer.wrap(m.metadata())));
            }
            Map<String, List<org.apache.kafka.common.TopicPartition>> computed =
                    new RangeAssignor().assign(harness.partitionsPerTopic, subscriptions);
            computed.forEach((member, partitions) -> assignments.add(new SyncGroupRequestAssignment()
                    .memberId(member).assignment(bytes(ConsumerProtocol.serializeAssignment(
                            new Assignment(partitions))))));
        }
        SyncGroupRequest request = new SyncGroupRequest().groupId(groupId).generationId(generation)
                .memberId(memberId).groupInstanceId(groupInstanceId).protocolType("consumer")
                .protocolName(lastJoin == null ? null : lastJoin.protocolName()).assignments(assignments);
        return harness.coordinator().syncGroup(CoordinatorHarness.client(syncVersion, clientId), request)
                .thenApply(r -> {
                    SyncGroupResponse decoded = Wire.roundTrip(r, syncVersion, SyncGroupResponse::read);
                    if (decoded.errorCode() == ErrorCode.NONE.code()) {
                        assignment = decodeAssignment(decoded.assignment());
                    }
                    return decoded;
                });
    }

    static List<String> decodeAssignment(byte[] bytes) {
        if (bytes.length == 0) {
            return List.of();
        }
        List<String> list = new ArrayList<>();
        for (org.apache.kafka.common.TopicPartition tp
                : ConsumerProtocol.deserializeAssignment(ByteBuffer.wrap(bytes)).partitions()) {
            list.add(tp.toString());
        }
        list.sort(null);
        return list;
    }

    /**
     * Joins and syncs like a client's poll loop: rejoins on REBALANCE_IN_PROGRESS and ILLEGAL_GENERATION, starts
     * over without a member id on UNKNOWN_MEMBER_ID, fails on anything else.
     */
    CompletableFuture<Void> joinAndSync(List<Short> errorsSeen) {
        return joinAndSync(errorsSeen, 30);
    }

    private CompletableFuture<Void> joinAndSync(List<Short> errorsSeen, int attemptsLeft) {
        if (attemptsLeft == 0) {
            return CompletableFuture.failedFuture(new AssertionError(clientId + " did not settle"));
        }
        return join().thenCompose(j -> {
            if (j.errorCode() != ErrorCode.NONE.code()) {
                return retry(j.errorCode(), errorsSeen, attemptsLeft);
            }
            return sync().thenCompose(s -> s.errorCode() == ErrorCode.NONE.code()
                    ? CompletableFuture.completedFuture(null) : retry(s.errorCode(), errorsSeen, attemptsLeft));
        });
    }

    private CompletableFuture<Void> retry(short error, List<Short> errorsSeen, int attemptsLeft) {
        synchronized (errorsSeen) {
            errorsSeen.add(error);
        }
        if (error == ErrorCode.UNKNOWN_MEMBER_ID.code()) {
            memberId = "";
        } else if (error != ErrorCode.REBALANCE_IN_PROGRESS.code() && error != ErrorCode.ILLEGAL_GENERATION.code()) {
            return CompletableFuture.failedFuture(new AssertionError(clientId + " got error " + error));
        }
        return joinAndSync(errorsSeen, attemptsLeft - 1);
    }

    short heartbeat() {
        HeartbeatResponse r = CoordinatorHarness.await(harness.coordinator().heartbeat(
                CoordinatorHarness.client(heartbeatVersion, clientId), new HeartbeatRequest().groupId(groupId)
                        .generationId(generation).memberId(memberId).groupInstanceId(groupInstanceId)));
        return Wire.roundTrip(r, heartbeatVersion, HeartbeatResponse::read).errorCode();
    }

    LeaveGroupResponse leave() {
        LeaveGroupRequest request = new LeaveGroupRequest().groupId(groupId).memberId(memberId)
                .members(List.of(new MemberIdentity().memberId(memberId).groupInstanceId(groupInstanceId)));
        LeaveGroupResponse r = CoordinatorHarness.await(harness.coordinator().leaveGroup(
                CoordinatorHarness.client(leaveVersion, clientId), request));
        return Wire.roundTrip(r, leaveVersion, LeaveGroupResponse::read);
    }

    @Override
    public String toString() {
        return clientId + "(" + memberId + ")";
    }
}
