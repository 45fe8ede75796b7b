package io.runnel.broker.group;

import io.runnel.broker.coordinator.ManualCoordinatorClock;
import io.runnel.broker.group.assignor.Assignment;
import io.runnel.broker.group.assignor.AssignmentSpec;
import io.runnel.broker.group.assignor.Assignors;
import io.runnel.broker.group.assignor.PartitionAssignor;
import io.runnel.broker.group.classic.StoredGroup;
import io.runnel.broker.group.consumer.StoredConsumerGroup;
import io.runnel.broker.group.core.GroupException;
import io.runnel.broker.group.core.TopicMetadataImage;
import io.runnel.broker.group.offset.CommittedOffset;
import io.runnel.broker.group.offset.InMemoryOffsetStore;
import io.runnel.broker.group.offset.OffsetStore;
import io.runnel.broker.topic.TopicPartition;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ConsumerGroupHeartbeatRequest;
import io.runnel.protocol.message.ConsumerGroupHeartbeatResponse;
import io.runnel.protocol.message.JoinGroupResponse;
import io.runnel.protocol.message.ListGroupsRequest;
import io.runnel.protocol.message.ListGroupsResponse;
import io.runnel.protocol.message.OffsetCommitRequest;
import io.runnel.protocol.message.OffsetCommitRequest.OffsetCommitRequestPartition;
import io.runnel.protocol.message.OffsetCommitRequest.OffsetCommitRequestTopic;
import io.runnel.protocol.message.OffsetCommitResponse;
import io.runnel.protocol.message.SyncGroupResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.runnel.broker.group.CoordinatorHarness.await;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The coordinator on the system clock, closing it, and stores that fail. */
class CoordinatorLifecycleTest {

    @Test
    void onTheSystemClockASilentMemberExpires() {
        GroupConfig config = GroupConfig.builder().initialRebalanceDelayMs(0).minSessionTimeoutMs(100).build();
        try (GroupCoordinator coordinator = new GroupCoordinator(config, new InMemoryGroupStore(),
                new InMemoryOffsetStore(), CoordinatorLifecycleTest::orders)) {
            TestConsumerOnCoordinator c = new TestConsumerOnCoordinator(coordinator);
            JoinGroupResponse joined = c.joinWithSessionTimeout(300);
            assertEquals(ErrorCode.NONE.code(), joined.errorCode());
            await().atMost(Duration.ofSeconds(5)).until(() -> c.describeState().equals("Empty"));
        }
    }

    @Test
    void closingAnswersParkedRequestsAndRefusesNewOnes() throws Exception {
        CoordinatorHarness h = new CoordinatorHarness();
        TestConsumer a = h.consumer("g", "a");
        TestConsumer b = h.consumer("g", "b");
        h.stabilize(List.of(a, b));
        CompletableFuture<JoinGroupResponse> parked = a.sendJoin();
        h.settle();
        assertFalse(parked.isDone());
        h.close();
        assertEquals(ErrorCode.NOT_COORDINATOR.code(), parked.get(5, TimeUnit.SECONDS).errorCode());
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> b.sendJoin().get(5, TimeUnit.SECONDS));
        GroupException cause = assertInstanceOf(GroupException.class, refused.getCause());
        assertEquals(ErrorCode.COORDINATOR_NOT_AVAILABLE, cause.error());
        assertEquals(ErrorCode.COORDINATOR_NOT_AVAILABLE, GroupException.errorOf(refused));
    }

    @Test
    void anErrorWhileHandlingARequestIsAnsweredAndTheCoordinatorGoesOn() throws Exception {
        PartitionAssignor broken = new PartitionAssignor() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public Map<String, Assignment> assign(AssignmentSpec spec) {
                throw new AssertionError("assignor bug: cannot assign " + spec.members().keySet());
            }
        };
        GroupConfig config = GroupConfig.builder().initialRebalanceDelayMs(0)
                .assignors(new Assignors(List.of(broken))).build();
        try (GroupCoordinator coordinator = new GroupCoordinator(config, new InMemoryGroupStore(),
                new InMemoryOffsetStore(), CoordinatorLifecycleTest::orders,
                new ManualCoordinatorClock(CoordinatorHarness.START_MS))) {
            CompletableFuture<ConsumerGroupHeartbeatResponse> join = coordinator.consumerGroupHeartbeat(
                    CoordinatorHarness.client(1, "c"), new ConsumerGroupHeartbeatRequest().groupId("g")
                            .memberId("m-1").memberEpoch(0).rebalanceTimeoutMs(30_000)
                            .subscribedTopicNames(List.of(CoordinatorHarness.TOPIC)).topicPartitions(List.of()));
            // Responses leave a connection in request order: an unanswered request would stall it for good.
            ExecutionException failed = assertThrows(ExecutionException.class, () -> join.get(10, TimeUnit.SECONDS));
            assertInstanceOf(AssertionError.class, failed.getCause());
            assertEquals(ErrorCode.UNKNOWN_SERVER_ERROR, GroupException.errorOf(failed));

            ListGroupsResponse listed = await(coordinator.listGroups(CoordinatorHarness.client(4, "admin"),
                    new ListGroupsRequest()));
            assertEquals(ErrorCode.NONE.code(), listed.errorCode());
            OffsetCommitResponse committed = await(coordinator.offsetCommit(CoordinatorHarness.client(8, "c"),
                    new OffsetCommitRequest().groupId("other").generationIdOrMemberEpoch(-1).memberId("")
                            .topics(List.of(new OffsetCommitRequestTopic().name("orders").partitions(List.of(
                                    new OffsetCommitRequestPartition().partitionIndex(0).committedOffset(7)))))));
            assertEquals(ErrorCode.NONE.code(), committed.topics().get(0).partitions().get(0).errorCode());
        }
    }

    @Test
    void aFailedAssignmentWriteMakesTheGroupRebalance() {
        FailingGroupStore store = new FailingGroupStore();
        GroupConfig config = GroupConfig.builder().initialRebalanceDelayMs(0).build();
        ManualCoordinatorClock timer = new ManualCoordinatorClock(CoordinatorHarness.START_MS);
        try (GroupCoordinator coordinator = new GroupCoordinator(config, store, new InMemoryOffsetStore(),
                CoordinatorLifecycleTest::orders, timer)) {
            TestConsumerOnCoordinator c = new TestConsumerOnCoordinator(coordinator);
            JoinGroupResponse joined = c.joinWithSessionTimeout(10_000);
            store.failing = true;
            SyncGroupResponse synced = c.syncEmpty(joined);
            assertEquals(ErrorCode.COORDINATOR_NOT_AVAILABLE.code(), synced.errorCode());
            assertEquals("PreparingRebalance", c.describeState());
        }
    }

    @Test
    void aFailedOffsetWriteIsNotAcknowledgedNorVisible() {
        InMemoryOffsetStore healthy = new InMemoryOffsetStore();
        OffsetStore failing = new OffsetStore() {
            @Override
            public CompletableFuture<Void> storeOffsets(String groupId, Map<TopicPartition, CommittedOffset> offsets) {
                return CompletableFuture.failedFuture(new java.io.IOException("disk full writing offsets of "
                        + groupId));
            }

            @Override
            public CompletableFuture<Void> deleteOffsets(String groupId, Collection<TopicPartition> partitions) {
                return healthy.deleteOffsets(groupId, partitions);
            }

            @Override
            public Map<String, Map<TopicPartition, CommittedOffset>> loadOffsets() {
                return healthy.loadOffsets();
            }
        };
        GroupConfig config = GroupConfig.builder().initialRebalanceDelayMs(0).build();
        try (GroupCoordinator coordinator = new GroupCoordinator(config, new InMemoryGroupStore(), failing,
                CoordinatorLifecycleTest::orders, new ManualCoordinatorClock(CoordinatorHarness.START_MS))) {
            OffsetCommitRequest request = new OffsetCommitRequest().groupId("g").generationIdOrMemberEpoch(-1)
                    .memberId("").topics(List.of(new OffsetCommitRequestTopic().name("orders").partitions(List.of(
                            new OffsetCommitRequestPartition().partitionIndex(0).committedOffset(5)))));
            OffsetCommitResponse r = await(coordinator.offsetCommit(CoordinatorHarness.client(8, "c"), request));
            assertEquals(ErrorCode.COORDINATOR_NOT_AVAILABLE.code(), r.topics().get(0).partitions().get(0).errorCode());
            var fetched = await(coordinator.offsetFetch(CoordinatorHarness.client(7, "c"),
                    new io.runnel.protocol.message.OffsetFetchRequest().groupId("g").topics(null)));
            assertEquals(List.of(), fetched.topics());
        }
    }

    private static TopicMetadataImage orders() {
        return CoordinatorHarness.topicsOf(Map.of(CoordinatorHarness.TOPIC, 3));
    }

    /** A GroupStore whose writes fail once {@link #failing} is set. */
    private static final class FailingGroupStore implements GroupStore {
        private final InMemoryGroupStore delegate = new InMemoryGroupStore();
        volatile boolean failing;

        @Override
        public CompletableFuture<Void> storeGroup(StoredGroup group) {
            return failing ? CompletableFuture.failedFuture(new java.io.IOException("disk full writing group "
                    + group.groupId())) : delegate.storeGroup(group);
        }

        @Override
        public CompletableFuture<Void> storeConsumerGroup(StoredConsumerGroup group) {
            return failing ? CompletableFuture.failedFuture(new java.io.IOException("disk full writing group "
                    + group.groupId())) : delegate.storeConsumerGroup(group);
        }

        @Override
        public CompletableFuture<Void> deleteGroup(String groupId) {
            return delegate.deleteGroup(groupId);
        }

        @Override
        public Collection<StoredGroup> loadGroups() {
            return delegate.loadGroups();
        }

        @Override
        public Collection<StoredConsumerGroup> loadConsumerGroups() {
            return delegate.loadConsumerGroups();
        }
    }

    /** A minimal single member talking to a coordinator that is not in a harness. */
    private record TestConsumerOnCoordinator(GroupCoordinator coordinator) {
        JoinGroupResponse joinWithSessionTimeout(int sessionTimeoutMs) {
            var request = new io.runnel.protocol.message.JoinGroupRequest().groupId("g").memberId("")
                    .sessionTimeoutMs(sessionTimeoutMs).rebalanceTimeoutMs(sessionTimeoutMs).protocolType("consumer")
                    .protocols(List.of(new io.runnel.protocol.message.JoinGroupRequest.JoinGroupRequestProtocol()
                            .name("range").metadata(TestConsumer.subscription(List.of("orders")))));
            JoinGroupResponse first = CoordinatorHarness.await(
                    coordinator.joinGroup(CoordinatorHarness.client(9, "c"), request));
            return CoordinatorHarness.await(coordinator.joinGroup(CoordinatorHarness.client(9, "c"),
                    request.memberId(first.memberId())));
        }

        SyncGroupResponse syncEmpty(JoinGroupResponse joined) {
            return CoordinatorHarness.await(coordinator.syncGroup(CoordinatorHarness.client(5, "c"),
                    new io.runnel.protocol.message.SyncGroupRequest().groupId("g")
                            .generationId(joined.generationId()).memberId(joined.memberId()).assignments(List.of())));
        }

        String describeState() {
            return CoordinatorHarness.await(coordinator.describeGroups(CoordinatorHarness.client(5, "admin"),
                    new io.runnel.protocol.message.DescribeGroupsRequest().groups(List.of("g"))))
                    .groups().get(0).groupState();
        }
    }
}
