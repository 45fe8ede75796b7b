package io.runnel.client.internal.metadata;

import io.runnel.broker.EmbeddedBroker;
import io.runnel.client.TopicPartition;
import io.runnel.client.UnknownTopicException;
import io.runnel.client.internal.net.ClientNetwork;
import io.runnel.client.internal.net.ClientNetworkConfig;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.CreateTopicsRequest;
import io.runnel.protocol.message.CreateTopicsResponse;
import io.runnel.protocol.message.MetadataRequest;
import io.runnel.protocol.message.MetadataResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetadataManagerTest {
    private static EmbeddedBroker broker;
    private ClientNetwork network;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedBroker.builder().config("auto.create.topics.enable", "false").start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @BeforeEach
    void connect() {
        network = new ClientNetwork(ClientNetworkConfig.builder(broker.bootstrapServers()).clientId("metadata-test")
                .build());
    }

    @AfterEach
    void disconnect() {
        network.close();
    }

    private MetadataManager manager(boolean autoCreate) {
        return new MetadataManager(network, Duration.ofMinutes(5), Duration.ofMillis(20), Duration.ofSeconds(20),
                autoCreate);
    }

    private void createTopic(String name, int partitions) throws Exception {
        CreateTopicsResponse response = network.<CreateTopicsResponse>sendToAny(new CreateTopicsRequest()
                .timeoutMs(10_000).topics(List.of(new CreateTopicsRequest.CreatableTopic().name(name)
                        .numPartitions(partitions).replicationFactor((short) 1))), (short) -1).get(30, TimeUnit.SECONDS);
        assertEquals(ErrorCode.NONE.code(), response.topics().get(0).errorCode());
    }

    @Test
    void awaitTopicReturnsItsPartitionsLeadersAndIdAndFeedsTheNodesToTheNetwork() throws Exception {
        createTopic("md-orders", 3);
        try (MetadataManager metadata = manager(false)) {
            ClusterSnapshot snapshot = metadata.awaitTopic("md-orders").get(30, TimeUnit.SECONDS);
            assertEquals(3, snapshot.partitionCount("md-orders"));
            int node = snapshot.nodes().keySet().iterator().next();
            for (int p = 0; p < 3; p++) {
                assertEquals(node, snapshot.leaderOf(new TopicPartition("md-orders", p)));
                assertTrue(snapshot.leaderEpoch(new TopicPartition("md-orders", p)) >= 0);
            }
            assertEquals(-1, snapshot.leaderOf(new TopicPartition("md-orders", 3)));
            assertNotNull(snapshot.topicId("md-orders"));
            assertEquals("md-orders", snapshot.topicName(snapshot.topicId("md-orders")));
            assertNotNull(snapshot.clusterId());
            assertSame(snapshot, metadata.current());
            // The broker's own node id is now reachable through the address Metadata gave.
            assertTrue(network.send(node, new MetadataRequest().topics(List.of()),
                    (short) -1).get(30, TimeUnit.SECONDS) != null);
        }
    }

    @Test
    void unknownTopicFailsAtOnceWhenTheBrokerSaysSoAndCreationIsNotAllowed() {
        try (MetadataManager metadata = manager(false)) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> metadata.awaitTopic("md-missing").get(30, TimeUnit.SECONDS));
            UnknownTopicException cause = assertInstanceOf(UnknownTopicException.class, e.getCause());
            assertTrue(cause.getMessage().contains("md-missing"), cause.getMessage());
        }
    }

    @Test
    void unknownTopicFailsAfterTheTimeoutWhenCreationIsAllowedButDoesNotHappen() {
        try (MetadataManager metadata = manager(true)) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> metadata.awaitTopic("md-never", Duration.ofMillis(300)).get(30, TimeUnit.SECONDS));
            UnknownTopicException cause = assertInstanceOf(UnknownTopicException.class, e.getCause());
            assertTrue(cause.getMessage().contains("after 300 ms"), cause.getMessage());
            assertTrue(cause.getMessage().contains("UNKNOWN_TOPIC_OR_PARTITION"), cause.getMessage());
        }
    }

    @Test
    void aTopicCreatedWhileWaitingIsFound() throws Exception {
        try (MetadataManager metadata = manager(true)) {
            CompletableFuture<ClusterSnapshot> waiting = metadata.awaitTopic("md-late", Duration.ofSeconds(20));
            metadata.refresh().get(30, TimeUnit.SECONDS);
            createTopic("md-late", 2);
            assertEquals(2, waiting.get(30, TimeUnit.SECONDS).partitionCount("md-late"));
        }
    }

    @Test
    void concurrentRefreshesShareRequests() throws Exception {
        createTopic("md-shared", 1);
        try (MetadataManager metadata = manager(false)) {
            metadata.track(List.of("md-shared"));
            List<CompletableFuture<ClusterSnapshot>> refreshes = new ArrayList<>();
            CompletableFuture<Void> started = new CompletableFuture<>();
            network.eventLoop().execute(() -> {
                for (int i = 0; i < 20; i++) {
                    refreshes.add(metadata.refresh());
                }
                started.complete(null);
            });
            started.get(30, TimeUnit.SECONDS);
            Set<CompletableFuture<ClusterSnapshot>> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
            distinct.addAll(refreshes);
            assertTrue(distinct.size() <= 2, distinct.size() + " distinct requests for 20 refreshes");
            for (CompletableFuture<ClusterSnapshot> refresh : refreshes) {
                assertEquals(1, refresh.get(30, TimeUnit.SECONDS).partitionCount("md-shared"));
            }
        }
    }

    @Test
    void theIntervalRefreshPicksUpATrackedTopicWithoutBeingAsked() throws Exception {
        try (MetadataManager metadata = new MetadataManager(network, Duration.ofMillis(100), Duration.ofMillis(20),
                Duration.ofSeconds(20), false)) {
            metadata.track(List.of("md-interval"));
            createTopic("md-interval", 2);
            await().atMost(Duration.ofSeconds(30)).until(() -> metadata.current().partitionCount("md-interval") == 2);
        }
    }

    @Test
    void requestUpdateRefreshesSoon() throws Exception {
        try (MetadataManager metadata = manager(false)) {
            metadata.track(List.of("md-requested"));
            metadata.refresh().get(30, TimeUnit.SECONDS);
            assertEquals(-1, metadata.current().partitionCount("md-requested"));
            assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, metadata.current().topicError("md-requested"));
            createTopic("md-requested", 1);
            metadata.requestUpdate();
            await().atMost(Duration.ofSeconds(30)).until(() -> metadata.current().partitionCount("md-requested") == 1);
        }
    }

    @Test
    void refreshAllTopicsListsEveryTopic() throws Exception {
        createTopic("md-all-a", 1);
        createTopic("md-all-b", 1);
        try (MetadataManager metadata = manager(false)) {
            ClusterSnapshot all = metadata.refreshAllTopics().get(30, TimeUnit.SECONDS);
            assertTrue(all.topicNames().containsAll(List.of("md-all-a", "md-all-b")), all.toString());
        }
    }

    @Test
    void olderLeaderEpochDoesNotReplaceANewerOne() {
        var fresh = new MetadataResponse().brokers(List.of(
                new MetadataResponse.MetadataResponseBroker().nodeId(1).host("h1").port(1),
                new MetadataResponse.MetadataResponseBroker().nodeId(2).host("h2").port(2)))
                .topics(List.of(topic("t", 1, 7)));
        ClusterSnapshot first = ClusterSnapshot.update(ClusterSnapshot.empty(), fresh);
        var stale = new MetadataResponse().brokers(fresh.brokers())
                .topics(List.of(topic("t", 2, 5)));
        ClusterSnapshot second = ClusterSnapshot.update(first, stale);
        assertEquals(1, second.leaderOf(new TopicPartition("t", 0)));
        assertEquals(7, second.leaderEpoch(new TopicPartition("t", 0)));
        var newer = new MetadataResponse().brokers(fresh.brokers())
                .topics(List.of(topic("t", 2, 8)));
        ClusterSnapshot third = ClusterSnapshot.update(second, newer);
        assertEquals(2, third.leaderOf(new TopicPartition("t", 0)));
        assertEquals(Map.of(1, InetSocketAddress.createUnresolved("h1", 1),
                2, InetSocketAddress.createUnresolved("h2", 2)), third.nodes());
    }

    private static MetadataResponse.MetadataResponseTopic topic(String name, int leader,
                                                                                             int epoch) {
        return new MetadataResponse.MetadataResponseTopic().name(name)
                .topicId(new UUID(1, 2)).partitions(List.of(
                        new MetadataResponse.MetadataResponsePartition().partitionIndex(0)
                                .leaderId(leader).leaderEpoch(epoch)));
    }
}
