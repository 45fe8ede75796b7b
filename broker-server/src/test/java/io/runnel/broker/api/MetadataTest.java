package io.runnel.broker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.broker.EmbeddedBroker;
import io.runnel.broker.topic.TopicInfo;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Metadata against a running broker: kafka-clients' own requests and raw requests at old versions. */
class MetadataTest {
    private static EmbeddedBroker broker;

    @BeforeAll
    static void start() {
        broker = EmbeddedBroker.builder().config("num.partitions", "3").start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void consumerPartitionsForAutoCreatesTheTopicWithTheDefaultPartitionCount() {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, true);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> partitions = consumer.partitionsFor("auto-consumer", Duration.ofSeconds(10));
            assertEquals(3, partitions.size());
            for (PartitionInfo partition : partitions) {
                assertEquals(1, partition.leader().id());
                assertEquals(broker.port(), partition.leader().port());
                assertEquals("127.0.0.1", partition.leader().host());
                assertEquals(1, partition.replicas().length);
                assertEquals(1, partition.inSyncReplicas().length);
            }
        }
        TopicInfo created = broker.broker().logs().registry().get("auto-consumer");
        assertEquals(3, created.partitionCount());
    }

    @Test
    void v4AutoCreatesOnlyWhenTheRequestAllowsIt() throws Exception {
        try (OracleConnection connection = new OracleConnection(broker)) {
            MetadataResponse refused = connection.send(byNames(4, false, "v4-no-auto"));
            assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION, refused.errors().get("v4-no-auto"));
            assertNull(broker.broker().logs().registry().get("v4-no-auto"));

            MetadataResponse created = connection.send(byNames(4, true, "v4-auto"));
            MetadataResponseTopic topic = created.data().topics().find("v4-auto");
            assertEquals(Errors.NONE.code(), topic.errorCode());
            assertEquals(3, topic.partitions().size());
            assertEquals(List.of(0, 1, 2), partitionIndexes(topic));
            assertEquals(1, created.data().controllerId());
            assertEquals(broker.broker().context().clusterId(), created.data().clusterId());
        }
    }

    @Test
    void v12CreatesByNameAndDescribesByIdWithLeaderEpochZero() throws Exception {
        try (OracleConnection connection = new OracleConnection(broker)) {
            MetadataResponse created = connection.send(byNames(12, true, "v12-auto"));
            MetadataResponseTopic topic = created.data().topics().find("v12-auto");
            Uuid id = topic.topicId();
            UUID stored = broker.broker().logs().registry().get("v12-auto").id();
            assertEquals(new Uuid(stored.getMostSignificantBits(), stored.getLeastSignificantBits()), id);

            MetadataRequestData byId = new MetadataRequestData().setAllowAutoTopicCreation(false);
            byId.topics().add(new MetadataRequestData.MetadataRequestTopic().setTopicId(id).setName(null));
            Uuid unknown = Uuid.randomUuid();
            byId.topics().add(new MetadataRequestData.MetadataRequestTopic().setTopicId(unknown).setName(null));
            MetadataResponse described = connection.send(new MetadataRequest.Builder(byId).build((short) 12));
            List<MetadataResponseTopic> topics = new ArrayList<>(described.data().topics());
            assertEquals(2, topics.size());
            assertEquals("v12-auto", topics.get(0).name());
            assertEquals(id, topics.get(0).topicId());
            for (MetadataResponsePartition partition : topics.get(0).partitions()) {
                assertEquals(0, partition.leaderEpoch());
                assertEquals(List.of(1), partition.replicaNodes());
                assertEquals(List.of(1), partition.isrNodes());
            }
            assertEquals(Errors.UNKNOWN_TOPIC_ID.code(), topics.get(1).errorCode());
            assertEquals(unknown, topics.get(1).topicId());
            assertNull(topics.get(1).name());
        }
    }

    @Test
    void badNamesGetInvalidTopicAndAreNotCreated() throws Exception {
        try (OracleConnection connection = new OracleConnection(broker)) {
            MetadataResponse response = connection.send(byNames(7, true, "bad name", "..", "ok.name"));
            assertEquals(Errors.INVALID_TOPIC_EXCEPTION, response.errors().get("bad name"));
            assertEquals(Errors.INVALID_TOPIC_EXCEPTION, response.errors().get(".."));
            assertFalse(response.errors().containsKey("ok.name"));
            assertEquals(0, response.data().topics().find("ok.name").partitions().get(0).leaderEpoch());
        }
    }

    @Test
    void everyTopicForNullInV1AndEmptyInV0ButNoneForEmptyInV1() throws Exception {
        broker.broker().context().topics().create(
                new io.runnel.broker.log.TopicAdmin.NewTopic("listed", 2, 1, Map.of()), false).get();
        try (OracleConnection connection = new OracleConnection(broker)) {
            // kafka-clients no longer builds v0: header v1 and an empty topic array, by hand.
            ByteBuffer v0Request = ByteBuffer.allocate(18).putShort((short) 3).putShort((short) 0).putInt(77)
                    .putShort((short) 4).put("raw0".getBytes(StandardCharsets.US_ASCII)).putInt(0);
            MetadataResponse v0 = (MetadataResponse) connection.sendRaw(v0Request.array(),
                    new RequestHeader(ApiKeys.METADATA, (short) 0, "raw0", 77));
            assertTrue(v0.topicMetadata().stream().anyMatch(t -> t.topic().equals("listed")
                    && t.partitionMetadata().size() == 2));

            MetadataResponse v1All = connection.send(MetadataRequest.Builder.allTopics().build((short) 1));
            assertTrue(v1All.topicMetadata().stream().anyMatch(t -> t.topic().equals("listed")
                    && t.partitionMetadata().size() == 2 && !t.isInternal()));
            assertEquals(1, v1All.data().controllerId());

            MetadataResponse v1None = connection.send(new MetadataRequest.Builder(
                    new MetadataRequestData().setTopics(new ArrayList<>())).build((short) 1));
            assertEquals(0, v1None.topicMetadata().size());
            assertEquals(1, v1None.brokers().size());
            assertEquals(broker.port(), v1None.brokers().iterator().next().port());
        }
    }

    @Test
    void autoCreationDisabledAnswersUnknownTopic() throws Exception {
        try (EmbeddedBroker strict = EmbeddedBroker.builder().config("auto.create.topics.enable", "false").start();
             OracleConnection connection = new OracleConnection(strict)) {
            MetadataResponse response = connection.send(byNames(9, true, "not-there"));
            assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION, response.errors().get("not-there"));
            assertEquals(java.util.Set.of("__consumer_offsets", "__transaction_state"), strict.broker().logs()
                    .registry().all().stream().map(t -> t.name()).collect(java.util.stream.Collectors.toSet()),
                    "only the coordinators' internal topics");
            assertNotEquals(broker.broker().context().clusterId(), response.data().clusterId());
        }
    }

    private static MetadataRequest byNames(int version, boolean allowAutoCreate, String... names) {
        MetadataRequestData data = new MetadataRequestData().setAllowAutoTopicCreation(allowAutoCreate);
        for (String name : names) {
            data.topics().add(new MetadataRequestData.MetadataRequestTopic().setName(name));
        }
        return new MetadataRequest.Builder(data).build((short) version);
    }

    private static List<Integer> partitionIndexes(MetadataResponseTopic topic) {
        List<Integer> indexes = new ArrayList<>();
        for (MetadataResponsePartition partition : topic.partitions()) {
            indexes.add(partition.partitionIndex());
        }
        indexes.sort(Integer::compare);
        return indexes;
    }
}
