package io.runnel.client.internal.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.runnel.broker.EmbeddedBroker;
import io.runnel.client.CompressionType;
import io.runnel.client.internal.compression.Codecs;
import io.runnel.client.ApiErrorException;
import io.runnel.client.BrokerUnavailableException;
import io.runnel.protocol.ApiKey;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiVersionsRequest;
import io.runnel.protocol.message.ApiVersionsResponse;
import io.runnel.protocol.message.CreateTopicsRequest;
import io.runnel.protocol.message.CreateTopicsResponse;
import io.runnel.protocol.message.ListOffsetsRequest;
import io.runnel.protocol.message.ListOffsetsResponse;
import io.runnel.protocol.message.MetadataRequest;
import io.runnel.protocol.message.MetadataResponse;
import io.runnel.protocol.message.ProduceRequest;
import io.runnel.protocol.record.RecordBatchBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ClientNetwork against a real broker in this JVM, and against addresses where nothing listens. */
class ClientNetworkTest {
    private static EmbeddedBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static ClientNetworkConfig.Builder config(String bootstrap) {
        return ClientNetworkConfig.builder(bootstrap).clientId("network-test")
                .requestTimeout(Duration.ofSeconds(20));
    }

    /** A port on 127.0.0.1 where nothing listens (bound, then released). */
    private static int deadPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void negotiatesVersionsAndAnswersMetadataFromTheBootstrapNode() throws Exception {
        try (ClientNetwork network = new ClientNetwork(config(broker.bootstrapServers()).build())) {
            MetadataResponse metadata = network.<MetadataResponse>send(-1, new MetadataRequest()
                    .topics(List.of()), (short) -1).get(30, TimeUnit.SECONDS);
            assertEquals(1, metadata.brokers().size());
            assertEquals(broker.port(), metadata.brokers().get(0).port());
            // Highest both sides support: Runnel advertises what ApiKey says, so the client's maximum.
            assertEquals(ApiKey.METADATA.highestVersion(), network.negotiatedVersion(-1, ApiKey.METADATA));
            assertEquals(-1, network.negotiatedVersion(-2, ApiKey.METADATA));
        }
    }

    @Test
    void callerCapLowersTheVersionOnTheWire() throws Exception {
        try (ClientNetwork network = new ClientNetwork(config(broker.bootstrapServers()).build())) {
            // ApiVersions v2 has no client software fields and answers in the non-flexible format.
            ApiVersionsResponse v2 = network.<ApiVersionsResponse>send(-1, new ApiVersionsRequest(), (short) 2)
                    .get(30, TimeUnit.SECONDS);
            assertEquals(ErrorCode.NONE.code(), v2.errorCode());
            assertTrue(v2.apiKeys().stream().anyMatch(k -> k.apiKey() == ApiKey.PRODUCE.id()));
        }
    }

    @Test
    void requestsToANodeFromMetadataUseTheAddressItReturned() throws Exception {
        try (ClientNetwork network = new ClientNetwork(config(broker.bootstrapServers()).build())) {
            MetadataResponse metadata = network.<MetadataResponse>sendToAny(new MetadataRequest().topics(List.of()),
                    (short) -1).get(30, TimeUnit.SECONDS);
            MetadataResponse.MetadataResponseBroker node = metadata.brokers().get(0);
            network.updateNodes(Map.of(node.nodeId(), InetSocketAddress.createUnresolved(node.host(),
                    node.port())));
            CreateTopicsResponse created = network.<CreateTopicsResponse>send(node.nodeId(), new CreateTopicsRequest()
                    .timeoutMs(10_000).topics(List.of(new CreateTopicsRequest.CreatableTopic().name("net-direct")
                            .numPartitions(2).replicationFactor((short) 1))), (short) -1).get(30, TimeUnit.SECONDS);
            assertEquals(ErrorCode.NONE.code(), created.topics().get(0).errorCode());
            assertTrue(network.negotiatedVersion(node.nodeId(), ApiKey.CREATE_TOPICS) > 0);
        }
    }

    @Test
    void pipelinedRequestsAllCompleteInOrder() throws Exception {
        try (ClientNetwork network = new ClientNetwork(config(broker.bootstrapServers()).build())) {
            List<CompletableFuture<MetadataResponse>> futures = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                futures.add(network.send(-1, new MetadataRequest().topics(List.of(
                        new MetadataRequest.MetadataRequestTopic().name("pipelined-" + i))).allowAutoTopicCreation(false),
                        (short) -1));
            }
            for (int i = 0; i < 50; i++) {
                MetadataResponse response = futures.get(i).get(30, TimeUnit.SECONDS);
                assertEquals("pipelined-" + i, response.topics().get(0).name());
                assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code(), response.topics().get(0).errorCode());
            }
        }
    }

    @Test
    void produceWithAcksZeroGetsNoResponseAndTheNextRequestStillMatches() throws Exception {
        try (ClientNetwork network = new ClientNetwork(config(broker.bootstrapServers()).build())) {
            CreateTopicsResponse created = network.<CreateTopicsResponse>send(-1, new CreateTopicsRequest()
                    .timeoutMs(10_000).topics(List.of(new CreateTopicsRequest.CreatableTopic().name("acks-zero")
                            .numPartitions(1).replicationFactor((short) 1))), (short) -1).get(30, TimeUnit.SECONDS);
            assertEquals(ErrorCode.NONE.code(), created.topics().get(0).errorCode());
            ByteBuf batch = Unpooled.buffer();
            try (RecordBatchBuilder builder = new RecordBatchBuilder(PooledByteBufAllocator.DEFAULT)) {
                builder.compression(Codecs.of(CompressionType.LZ4));
                for (int i = 0; i < 3; i++) {
                    builder.append(System.currentTimeMillis(), null, ("v" + i).getBytes());
                }
                builder.writeTo(batch);
            }
            ProduceRequest produce = new ProduceRequest()
                    .acks((short) 0).timeoutMs(10_000).topicData(List.of(
                            new ProduceRequest.TopicProduceData().name("acks-zero")
                                    .partitionData(List.of(new ProduceRequest
                                            .PartitionProduceData().index(0).records(batch)))));
            assertEquals(null, network.sendNoResponse(-1, produce, (short) -1).get(30, TimeUnit.SECONDS));
            ListOffsetsRequest latest = new ListOffsetsRequest()
                    .replicaId(-1).topics(List.of(new ListOffsetsRequest.ListOffsetsTopic()
                            .name("acks-zero").partitions(List.of(new ListOffsetsRequest
                                    .ListOffsetsPartition().partitionIndex(0).timestamp(-1)))));
            await().atMost(Duration.ofSeconds(30)).until(() -> network
                    .<ListOffsetsResponse>send(-1, latest, (short) -1)
                    .get(30, TimeUnit.SECONDS).topics().get(0).partitions().get(0).offset() == 3);
        }
    }

    @Test
    void sendToAnySkipsADeadBootstrapAddress() throws Exception {
        String bootstrap = "127.0.0.1:" + deadPort() + "," + broker.bootstrapServers();
        try (ClientNetwork network = new ClientNetwork(config(bootstrap).build())) {
            for (int i = 0; i < 3; i++) {
                MetadataResponse metadata = network.<MetadataResponse>sendToAny(new MetadataRequest()
                        .topics(List.of()), (short) -1).get(30, TimeUnit.SECONDS);
                assertEquals(broker.port(), metadata.brokers().get(0).port());
            }
        }
    }

    @Test
    void unreachableBrokerFailsWithTheAddressAndDoesNotHang() throws Exception {
        int port = deadPort();
        try (ClientNetwork network = new ClientNetwork(config("127.0.0.1:" + port).build())) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> network.send(-1,
                    new MetadataRequest().topics(List.of()), (short) -1).get(30, TimeUnit.SECONDS));
            BrokerUnavailableException cause = assertInstanceOf(BrokerUnavailableException.class, e.getCause());
            assertTrue(cause.getMessage().contains("127.0.0.1:" + port), cause.getMessage());
            assertTrue(cause.isRetriable());
            ExecutionException any = assertThrows(ExecutionException.class, () -> network.sendToAny(
                    new MetadataRequest().topics(List.of()), (short) -1).get(30, TimeUnit.SECONDS));
            assertInstanceOf(BrokerUnavailableException.class, any.getCause());
            assertTrue(any.getCause().getMessage().startsWith("no broker reachable"), any.getCause().getMessage());
        }
    }

    @Test
    void unknownNodeFailsAtOnce() {
        try (ClientNetwork network = new ClientNetwork(config(broker.bootstrapServers()).build())) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> network.send(42,
                    new MetadataRequest(), (short) -1).get(30, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("node 42"), e.getCause().getMessage());
        }
    }

    @Test
    void capBelowTheLowestVersionFailsWithUnsupportedVersion() {
        try (ClientNetwork network = new ClientNetwork(config(broker.bootstrapServers()).build())) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> network.send(-1,
                    new CreateTopicsRequest(), (short) 1).get(30, TimeUnit.SECONDS));
            ApiErrorException cause = assertInstanceOf(ApiErrorException.class, e.getCause());
            assertEquals(ErrorCode.UNSUPPORTED_VERSION, cause.errorCode());
            assertTrue(cause.getMessage().contains("CreateTopics"), cause.getMessage());
        }
    }

    @Test
    void brokerStoppingFailsInFlightRequestsAndALaterBrokerOnTheSamePortIsReconnected() throws Exception {
        EmbeddedBroker own = EmbeddedBroker.start();
        int port = own.port();
        try (ClientNetwork network = new ClientNetwork(config(own.bootstrapServers())
                .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(100)).build())) {
            network.send(-1, new MetadataRequest().topics(List.of()), (short) -1).get(30, TimeUnit.SECONDS);
            own.close();
            ExecutionException e = assertThrows(ExecutionException.class, () -> network.send(-1,
                    new MetadataRequest().topics(List.of()), (short) -1).get(30, TimeUnit.SECONDS));
            assertInstanceOf(BrokerUnavailableException.class, e.getCause());
            own = EmbeddedBroker.builder().port(port).start();
            MetadataResponse again = network.<MetadataResponse>send(-1, new MetadataRequest().topics(List.of()),
                    (short) -1).get(30, TimeUnit.SECONDS);
            assertEquals(port, again.brokers().get(0).port());
        } finally {
            own.close();
        }
    }
}
