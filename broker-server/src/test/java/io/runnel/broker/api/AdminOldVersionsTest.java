package io.runnel.broker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.broker.EmbeddedBroker;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicConfig;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.CreatePartitionsRequest;
import org.apache.kafka.common.requests.CreatePartitionsResponse;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.CreateTopicsResponse;
import org.apache.kafka.common.requests.DeleteTopicsRequest;
import org.apache.kafka.common.requests.DeleteTopicsResponse;
import org.apache.kafka.common.requests.DescribeClusterRequest;
import org.apache.kafka.common.requests.DescribeClusterResponse;
import org.apache.kafka.common.requests.IncrementalAlterConfigsRequest;
import org.apache.kafka.common.requests.IncrementalAlterConfigsResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * The admin APIs at non-flexible versions, as librdkafka and kafkajs send them, serialised and parsed by
 * kafka-clients at exactly those versions.
 */
class AdminOldVersionsTest {
    private static EmbeddedBroker broker;

    @BeforeAll
    static void start() {
        broker = EmbeddedBroker.builder().config("num.partitions", "4").start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void createTopicsV2AndV4() throws Exception {
        try (OracleConnection connection = new OracleConnection(broker)) {
            for (short version : new short[] {2, 4}) {
                String name = "created-v" + version;
                CreateTopicsRequestData data = new CreateTopicsRequestData().setTimeoutMs(5000);
                data.topics().add(new CreatableTopic().setName(name).setNumPartitions(1).setReplicationFactor((short) 1));
                CreatableTopic configured = new CreatableTopic().setName(name + "-configured").setNumPartitions(2)
                        .setReplicationFactor((short) 1);
                configured.configs().add(new CreatableTopicConfig().setName("cleanup.policy").setValue("compact"));
                data.topics().add(configured);
                data.topics().add(new CreatableTopic().setName(name).setNumPartitions(1).setReplicationFactor((short) 1));
                CreateTopicsResponse response = connection.send(new CreateTopicsRequest.Builder(data).build(version));
                List<CreatableTopicResult> results = List.copyOf(response.data().topics());
                assertEquals(2, results.size(), "one result per distinct name");
                assertEquals(Errors.INVALID_REQUEST.code(), response.data().topics().find(name).errorCode(),
                        "a name given twice");
                assertEquals(Errors.NONE.code(), response.data().topics().find(name + "-configured").errorCode());
                assertNull(broker.broker().logs().registry().get(name));
                assertEquals(List.of("compact"), List.of(broker.broker().logs().registry().get(name + "-configured")
                        .configs().get("cleanup.policy")));

                CreateTopicsRequestData single = new CreateTopicsRequestData().setTimeoutMs(5000);
                // Defaults (-1) exist from v4 on; kafka-clients refuses to send them at v2.
                short defaulted = (short) (version >= 4 ? -1 : 4);
                single.topics().add(new CreatableTopic().setName(name).setNumPartitions(defaulted)
                        .setReplicationFactor((short) (version >= 4 ? -1 : 1)));
                CreateTopicsResponse created = connection.send(new CreateTopicsRequest.Builder(single).build(version));
                assertEquals(Errors.NONE.code(), created.data().topics().find(name).errorCode());
                assertEquals(4, broker.broker().logs().registry().get(name).partitionCount());
                CreateTopicsResponse again = connection.send(new CreateTopicsRequest.Builder(single).build(version));
                assertEquals(Errors.TOPIC_ALREADY_EXISTS.code(), again.data().topics().find(name).errorCode());
                assertTrue(again.data().topics().find(name).errorMessage().contains(name));
            }
        }
    }

    @Test
    void deleteTopicsV1AndV3() throws Exception {
        broker.broker().logs().createTopic("doomed-1", 1, java.util.Map.of());
        broker.broker().logs().createTopic("doomed-3", 1, java.util.Map.of());
        try (OracleConnection connection = new OracleConnection(broker)) {
            for (short version : new short[] {1, 3}) {
                DeleteTopicsRequestData data = new DeleteTopicsRequestData().setTimeoutMs(5000)
                        .setTopicNames(List.of("doomed-" + version, "never-existed"));
                DeleteTopicsResponse response = connection.send(new DeleteTopicsRequest.Builder(data).build(version));
                DeletableTopicResult deleted = response.data().responses().find("doomed-" + version);
                assertEquals(Errors.NONE.code(), deleted.errorCode());
                assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION.code(),
                        response.data().responses().find("never-existed").errorCode());
                assertNull(broker.broker().logs().registry().get("doomed-" + version));
            }
        }
    }

    @Test
    void deletionDisabledIsTopicDeletionDisabledFromV3AndInvalidRequestBefore() throws Exception {
        try (EmbeddedBroker keeper = EmbeddedBroker.builder().config("delete.topic.enable", "false").start();
             OracleConnection connection = new OracleConnection(keeper)) {
            keeper.broker().logs().createTopic("kept", 1, java.util.Map.of());
            DeleteTopicsRequestData data = new DeleteTopicsRequestData().setTopicNames(List.of("kept"));
            DeleteTopicsResponse v3 = connection.send(new DeleteTopicsRequest.Builder(data).build((short) 3));
            assertEquals(Errors.TOPIC_DELETION_DISABLED.code(), v3.data().responses().find("kept").errorCode());
            DeleteTopicsResponse v1 = connection.send(new DeleteTopicsRequest.Builder(data).build((short) 1));
            assertEquals(Errors.INVALID_REQUEST.code(), v1.data().responses().find("kept").errorCode());
            assertNotNull(keeper.broker().logs().registry().get("kept"));
        }
    }

    @Test
    void createPartitionsV1AndIncrementalAlterConfigsV0() throws Exception {
        broker.broker().logs().createTopic("old-clients", 1, java.util.Map.of());
        try (OracleConnection connection = new OracleConnection(broker)) {
            CreatePartitionsRequestData partitions = new CreatePartitionsRequestData().setTimeoutMs(5000);
            partitions.topics().add(new CreatePartitionsTopic().setName("old-clients").setCount(3));
            CreatePartitionsResponse grown = connection.send(
                    new CreatePartitionsRequest.Builder(partitions).build((short) 1));
            assertEquals(Errors.NONE.code(), grown.data().results().get(0).errorCode());
            assertEquals(3, broker.broker().logs().registry().get("old-clients").partitionCount());
            CreatePartitionsResponse again = connection.send(
                    new CreatePartitionsRequest.Builder(partitions).build((short) 0));
            assertEquals(Errors.INVALID_PARTITIONS.code(), again.data().results().get(0).errorCode());

            IncrementalAlterConfigsRequestData alter = new IncrementalAlterConfigsRequestData();
            AlterConfigsResource resource = new AlterConfigsResource().setResourceType((byte) 2)
                    .setResourceName("old-clients");
            resource.configs().add(new AlterableConfig().setName("retention.bytes").setValue("4096")
                    .setConfigOperation((byte) 0));
            alter.resources().add(resource);
            IncrementalAlterConfigsResponse altered = connection.send(
                    new IncrementalAlterConfigsRequest.Builder(alter).build((short) 0));
            assertEquals(Errors.NONE.code(), altered.data().responses().get(0).errorCode());
            assertEquals("4096", broker.broker().logs().registry().get("old-clients").configs()
                    .get("retention.bytes"));
        }
    }

    @Test
    void describeClusterV0AndMetadataV7() throws Exception {
        try (OracleConnection connection = new OracleConnection(broker)) {
            DescribeClusterResponse cluster = connection.send(
                    new DescribeClusterRequest.Builder(new DescribeClusterRequestData()).build((short) 0));
            assertEquals(Errors.NONE.code(), cluster.data().errorCode());
            assertEquals(broker.broker().context().clusterId(), cluster.data().clusterId());
            assertEquals(1, cluster.data().controllerId());
            assertEquals(broker.port(), cluster.data().brokers().find(1).port());

            DescribeClusterResponse controllers = connection.send(new DescribeClusterRequest.Builder(
                    new DescribeClusterRequestData().setEndpointType((byte) 2)).build((short) 1));
            assertEquals(Errors.UNSUPPORTED_ENDPOINT_TYPE.code(), controllers.data().errorCode());

            MetadataRequestData data = new MetadataRequestData().setAllowAutoTopicCreation(true);
            data.topics().add(new MetadataRequestData.MetadataRequestTopic().setName("meta-v7"));
            MetadataResponse metadata = connection.send(new MetadataRequest.Builder(data).build((short) 7));
            assertEquals(4, metadata.data().topics().find("meta-v7").partitions().size());
            assertEquals(0, metadata.data().topics().find("meta-v7").partitions().get(0).leaderEpoch());
        }
    }
}
