package io.runnel.broker.group;

import io.runnel.broker.coordinator.ManualCoordinatorClock;
import io.runnel.broker.group.core.GroupRegistry;
import io.runnel.broker.group.core.GroupRequestContext;
import io.runnel.broker.group.core.TopicMetadataImage;
import io.runnel.broker.group.offset.InMemoryOffsetStore;
import io.runnel.protocol.message.DeleteGroupsRequest;
import io.runnel.protocol.message.DeleteGroupsResponse;
import io.runnel.protocol.message.DescribeGroupsRequest;
import io.runnel.protocol.message.DescribeGroupsResponse;
import io.runnel.protocol.message.DescribeGroupsResponse.DescribedGroup;
import io.runnel.protocol.message.ListGroupsRequest;
import io.runnel.protocol.message.ListGroupsResponse;
import io.runnel.protocol.message.OffsetCommitRequest;
import io.runnel.protocol.message.OffsetCommitRequest.OffsetCommitRequestPartition;
import io.runnel.protocol.message.OffsetCommitRequest.OffsetCommitRequestTopic;
import io.runnel.protocol.message.OffsetCommitResponse;
import io.runnel.protocol.message.OffsetFetchRequest;
import io.runnel.protocol.message.OffsetFetchRequest.OffsetFetchRequestTopic;
import io.runnel.protocol.message.OffsetFetchResponse;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A coordinator on a hand-driven clock and in-memory stores, with helpers that send requests the way clients do
 * and decode every answer from the bytes it would have on the wire.
 */
final class CoordinatorHarness implements AutoCloseable {
    static final long START_MS = 1_700_000_000_000L;
    static final String TOPIC = "orders";

    final ManualCoordinatorClock timer = new ManualCoordinatorClock(START_MS);
    final InMemoryGroupStore groupStore = new InMemoryGroupStore();
    final InMemoryOffsetStore offsetStore = new InMemoryOffsetStore();
    final GroupConfig config;
    /** The broker's topics as the coordinator sees them: change it, then call {@link #topicsChanged()}. */
    final Map<String, Integer> partitionsPerTopic = new java.util.concurrent.ConcurrentSkipListMap<>(Map.of(TOPIC, 3));
    private GroupCoordinator coordinator;

    /** No initial rebalance delay, so a new group forms as soon as its members have joined. */
    CoordinatorHarness() {
        this(GroupConfig.builder().initialRebalanceDelayMs(0).build());
    }

    CoordinatorHarness(GroupConfig config) {
        this.config = config;
        this.coordinator = new GroupCoordinator(config, groupStore, offsetStore, this::topics, timer);
    }

    /** {@link #partitionsPerTopic} as an image; a topic's id is derived from its name, so it is stable. */
    TopicMetadataImage topics() {
        return topicsOf(partitionsPerTopic);
    }

    static TopicMetadataImage topicsOf(Map<String, Integer> partitionsPerTopic) {
        List<TopicMetadataImage.Topic> topics = new java.util.ArrayList<>();
        partitionsPerTopic.forEach((name, count) -> topics.add(new TopicMetadataImage.Topic(name,
                java.util.UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)), count)));
        return TopicMetadataImage.of(topics);
    }

    /** Tells the coordinator {@link #partitionsPerTopic} changed and lets it react. */
    void topicsChanged() {
        coordinator.topicsChanged();
        settle();
    }

    GroupCoordinator coordinator() {
        return coordinator;
    }

    /** The coordinator's group map: only inside {@code coordinator().call(...)}. */
    GroupRegistry registry() {
        return coordinator.registry();
    }

    /** Closes the coordinator and starts a new one on the same stores, as a broker restart would. */
    void restart() {
        coordinator.close();
        coordinator = new GroupCoordinator(config, groupStore, offsetStore, this::topics, timer);
    }

    /** Lets the coordinator finish what was sent, then moves the clock, handling each timer that fires. */
    void advance(long ms) {
        settle();
        timer.advance(ms, this::settle);
    }

    /** Waits until the coordinator has run everything queued so far, and what that queued in turn. */
    void settle() {
        for (int i = 0; i < 3; i++) {
            await(coordinator.call(() -> null));
        }
    }

    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no answer within 10 s", e);
        }
    }

    static GroupRequestContext client(int version, String clientId) {
        return new GroupRequestContext((short) version, clientId, "/127.0.0.1");
    }

    TestConsumer consumer(String groupId, String clientId) {
        return new TestConsumer(this, groupId, clientId, List.of(TOPIC));
    }

    /**
     * Runs the consumers as clients' poll loops do until the group is stable: each joins and syncs, and each that
     * is done heartbeats, rejoining when told REBALANCE_IN_PROGRESS or ILLEGAL_GENERATION, until every consumer
     * is synced in one generation and its heartbeat is answered NONE. Returns the errors the consumers saw.
     */
    List<Short> stabilize(List<TestConsumer> consumers) {
        List<Short> errors = new java.util.ArrayList<>();
        Map<TestConsumer, CompletableFuture<Void>> running = new java.util.HashMap<>();
        for (TestConsumer c : consumers) {
            // Members already in the group learn about the rebalance from their heartbeat, as clients do.
            running.put(c, c.generation < 0 ? c.joinAndSync(errors) : CompletableFuture.completedFuture(null));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            boolean quiet = true;
            List<CompletableFuture<Void>> busy = new java.util.ArrayList<>();
            for (TestConsumer c : consumers) {
                CompletableFuture<Void> f = running.get(c);
                if (!f.isDone()) {
                    quiet = false;
                    busy.add(f);
                    continue;
                }
                f.join();
                short heartbeat = c.heartbeat();
                if (heartbeat == io.runnel.protocol.ErrorCode.REBALANCE_IN_PROGRESS.code()
                        || heartbeat == io.runnel.protocol.ErrorCode.ILLEGAL_GENERATION.code()) {
                    synchronized (errors) {
                        errors.add(heartbeat);
                    }
                    running.put(c, c.joinAndSync(errors));
                    quiet = false;
                } else if (heartbeat != io.runnel.protocol.ErrorCode.NONE.code()) {
                    throw new AssertionError(c + " heartbeat answered " + heartbeat);
                }
            }
            if (quiet && consumers.stream().mapToInt(c -> c.generation).distinct().count() == 1) {
                return errors;
            }
            if (busy.size() == consumers.size()) {
                try {
                    CompletableFuture.anyOf(busy.toArray(new CompletableFuture<?>[0])).get(10, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    // still parked: loop and check again until the deadline
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        }
        throw new AssertionError("group did not stabilize: " + consumers);
    }

    // ---- consumer protocol ----

    /** A consumer-protocol member joining {@code groupId} (v1, subscribed to {@link #TOPIC}). */
    io.runnel.protocol.message.ConsumerGroupHeartbeatResponse consumerJoin(String groupId, String memberId) {
        return consumerHeartbeat(new io.runnel.protocol.message.ConsumerGroupHeartbeatRequest().groupId(groupId)
                .memberId(memberId).memberEpoch(0).rebalanceTimeoutMs(30_000).subscribedTopicNames(List.of(TOPIC))
                .topicPartitions(List.of()));
    }

    /** A consumer-protocol member leaving (epoch -1). */
    io.runnel.protocol.message.ConsumerGroupHeartbeatResponse consumerLeave(String groupId, String memberId) {
        return consumerHeartbeat(new io.runnel.protocol.message.ConsumerGroupHeartbeatRequest().groupId(groupId)
                .memberId(memberId).memberEpoch(-1));
    }

    io.runnel.protocol.message.ConsumerGroupHeartbeatResponse consumerHeartbeat(
            io.runnel.protocol.message.ConsumerGroupHeartbeatRequest request) {
        return Wire.roundTrip(await(coordinator.consumerGroupHeartbeat(client(1, "modern-client"), request)),
                (short) 1, io.runnel.protocol.message.ConsumerGroupHeartbeatResponse::read);
    }

    // ---- admin and offsets ----

    DescribedGroup describe(String groupId) {
        DescribeGroupsResponse response = await(coordinator.describeGroups(client(5, "admin"),
                new DescribeGroupsRequest().groups(List.of(groupId))));
        return Wire.roundTrip(response, (short) 5, DescribeGroupsResponse::read).groups().get(0);
    }

    ListGroupsResponse listGroups(int version, List<String> states, List<String> types) {
        ListGroupsResponse response = await(coordinator.listGroups(client(version, "admin"),
                new ListGroupsRequest().statesFilter(states).typesFilter(types)));
        return Wire.roundTrip(response, (short) version, ListGroupsResponse::read);
    }

    DeleteGroupsResponse deleteGroups(String... groupIds) {
        DeleteGroupsResponse response = await(coordinator.deleteGroups(client(2, "admin"),
                new DeleteGroupsRequest().groupsNames(List.of(groupIds))));
        return Wire.roundTrip(response, (short) 2, DeleteGroupsResponse::read);
    }

    /** Commits one offset of {@link #TOPIC}; returns the partition's error code. */
    short commit(int version, String groupId, int generation, String memberId, int partition, long offset,
                 String metadata) {
        OffsetCommitRequest request = new OffsetCommitRequest().groupId(groupId)
                .generationIdOrMemberEpoch(generation).memberId(memberId)
                .topics(List.of(new OffsetCommitRequestTopic().name(TOPIC).partitions(List.of(
                        new OffsetCommitRequestPartition().partitionIndex(partition).committedOffset(offset)
                                .committedLeaderEpoch(3).committedMetadata(metadata)))));
        OffsetCommitResponse response = await(coordinator.offsetCommit(client(version, "committer"), request));
        response = Wire.roundTrip(response, (short) version, OffsetCommitResponse::read);
        return response.topics().get(0).partitions().get(0).errorCode();
    }

    /** OffsetFetch v7 of the given partitions of {@link #TOPIC} (null: every committed partition). */
    OffsetFetchResponse fetch(String groupId, List<Integer> partitions) {
        OffsetFetchRequest request = new OffsetFetchRequest().groupId(groupId).topics(partitions == null ? null
                : List.of(new OffsetFetchRequestTopic().name(TOPIC).partitionIndexes(partitions)));
        OffsetFetchResponse response = await(coordinator.offsetFetch(client(7, "fetcher"), request));
        return Wire.roundTrip(response, (short) 7, OffsetFetchResponse::read);
    }

    @Override
    public void close() {
        coordinator.close();
    }
}
