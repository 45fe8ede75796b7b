package io.runnel.broker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.broker.EmbeddedBroker;
import io.runnel.broker.topic.TopicInfo;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreatePartitionsOptions;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.KafkaFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Topic administration with kafka-clients' Admin against a running broker. */
class AdminTopicsTest {
    private static EmbeddedBroker broker;
    private static Admin admin;

    @BeforeAll
    static void start() {
        broker = EmbeddedBroker.builder().config("num.partitions", "2").config("max.partitions.per.topic", "50")
                .start();
        admin = admin(broker);
    }

    @AfterAll
    static void stop() {
        admin.close();
        broker.close();
    }

    static Admin admin(EmbeddedBroker target) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000));
    }

    static <T> T get(KafkaFuture<T> future) throws Exception {
        return future.get(20, TimeUnit.SECONDS);
    }

    static Throwable failure(KafkaFuture<?> future) {
        return assertThrows(ExecutionException.class, () -> future.get(20, TimeUnit.SECONDS)).getCause();
    }

    @Test
    void createListDescribeAndDeleteATopic() throws Exception {
        CreateTopicsResult created = admin.createTopics(List.of(new NewTopic("orders", 3, (short) 1)
                .configs(Map.of("retention.ms", "3600000"))));
        Uuid id = get(created.topicId("orders"));
        assertEquals(3, get(created.numPartitions("orders")));
        assertEquals(1, get(created.replicationFactor("orders")));
        assertEquals("3600000", get(created.config("orders")).get("retention.ms").value());
        TopicInfo stored = broker.broker().logs().registry().get("orders");
        assertEquals(new Uuid(stored.id().getMostSignificantBits(), stored.id().getLeastSignificantBits()), id);
        assertEquals(Map.of("retention.ms", "3600000"), stored.configs());

        assertTrue(get(admin.listTopics().names()).contains("orders"));
        TopicDescription description = get(admin.describeTopics(List.of("orders"),
                new DescribeTopicsOptions().includeAuthorizedOperations(true)).allTopicNames()).get("orders");
        assertEquals(id, description.topicId());
        assertFalse(description.isInternal());
        assertEquals(3, description.partitions().size());
        for (TopicPartitionInfo partition : description.partitions()) {
            assertEquals(1, partition.leader().id());
            assertEquals(List.of(1), partition.replicas().stream().map(Node::id).toList());
            assertEquals(List.of(1), partition.isr().stream().map(Node::id).toList());
        }
        assertTrue(description.authorizedOperations().containsAll(Set.of(AclOperation.READ, AclOperation.WRITE,
                AclOperation.DESCRIBE, AclOperation.DELETE, AclOperation.ALTER_CONFIGS)));

        TopicDescription byId = get(admin.describeTopics(TopicCollection.ofTopicIds(List.of(id))).allTopicIds())
                .get(id);
        assertEquals("orders", byId.name());

        get(admin.deleteTopics(List.of("orders")).all());
        assertEquals(null, broker.broker().logs().registry().get("orders"));
        assertFalse(get(admin.listTopics().names()).contains("orders"));
        assertInstanceOf(UnknownTopicOrPartitionException.class,
                failure(admin.describeTopics(List.of("orders")).allTopicNames()));
    }

    @Test
    void defaultPartitionsAndReplicationWhenNotGiven() throws Exception {
        get(admin.createTopics(List.of(new NewTopic("defaults", Optional.empty(), Optional.empty()))).all());
        assertEquals(2, broker.broker().logs().registry().get("defaults").partitionCount());
    }

    @Test
    void createErrorsAreKafkasAndCreateNothing() throws Exception {
        get(admin.createTopics(List.of(new NewTopic("taken", 1, (short) 1))).all());
        CreateTopicsResult result = admin.createTopics(List.of(
                new NewTopic("taken", 1, (short) 1),
                new NewTopic("bad/name", 1, (short) 1),
                new NewTopic("zero-partitions", 0, (short) 1),
                new NewTopic("too-many", 51, (short) 1),
                new NewTopic("replicated", 1, (short) 3),
                new NewTopic("bad-config", 1, (short) 1).configs(Map.of("retention.ms", "soon")),
                new NewTopic("unknown-config", 1, (short) 1).configs(Map.of("no.such.config", "1")),
                new NewTopic("other-broker", Map.of(0, List.of(7))),
                new NewTopic("__consumer_offsets", 1, (short) 1)));
        Map<String, KafkaFuture<Void>> values = result.values();
        assertInstanceOf(TopicExistsException.class, failure(values.get("taken")));
        assertInstanceOf(InvalidTopicException.class, failure(values.get("bad/name")));
        assertInstanceOf(InvalidPartitionsException.class, failure(values.get("zero-partitions")));
        assertInstanceOf(InvalidPartitionsException.class, failure(values.get("too-many")));
        assertInstanceOf(InvalidReplicationFactorException.class, failure(values.get("replicated")));
        Throwable badConfig = failure(values.get("bad-config"));
        assertInstanceOf(InvalidConfigurationException.class, badConfig);
        assertTrue(badConfig.getMessage().contains("retention.ms=soon"), badConfig.getMessage());
        assertInstanceOf(InvalidConfigurationException.class, failure(values.get("unknown-config")));
        assertInstanceOf(InvalidReplicaAssignmentException.class, failure(values.get("other-broker")));
        assertInstanceOf(InvalidTopicException.class, failure(values.get("__consumer_offsets")));
        // __consumer_offsets is there from start-up (the group coordinator's store), untouched by the request.
        assertEquals(Set.of("taken", "__consumer_offsets"), Set.copyOf(broker.broker().logs().registry().all()
                .stream().map(TopicInfo::name).filter(n -> values.containsKey(n)).toList()));
        assertEquals(10, broker.broker().logs().registry().get("__consumer_offsets").partitionCount());
    }

    @Test
    void collidingNamesAreRefused() throws Exception {
        get(admin.createTopics(List.of(new NewTopic("metrics.cpu", 1, (short) 1))).all());
        assertInstanceOf(InvalidTopicException.class, failure(admin.createTopics(
                List.of(new NewTopic("metrics_cpu", 1, (short) 1))).all()));
    }

    @Test
    void explicitAssignmentsToThisBrokerAreAccepted() throws Exception {
        get(admin.createTopics(List.of(new NewTopic("assigned", Map.of(0, List.of(1), 1, List.of(1))))).all());
        assertEquals(2, broker.broker().logs().registry().get("assigned").partitionCount());
    }

    @Test
    void validateOnlyChecksButCreatesNothing() throws Exception {
        CreateTopicsResult result = admin.createTopics(List.of(new NewTopic("dry-run", 4, (short) 1)),
                new CreateTopicsOptions().validateOnly(true));
        get(result.all());
        assertEquals(4, get(result.numPartitions("dry-run")));
        assertEquals(null, broker.broker().logs().registry().get("dry-run"));
        assertInstanceOf(InvalidPartitionsException.class, failure(admin.createTopics(
                List.of(new NewTopic("dry-run", 0, (short) 1)), new CreateTopicsOptions().validateOnly(true)).all()));
    }

    @Test
    void createPartitionsGrowsATopicAndNeverShrinksIt() throws Exception {
        get(admin.createTopics(List.of(new NewTopic("growing", 2, (short) 1))).all());
        get(admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(5))).all());
        assertEquals(5, get(admin.describeTopics(List.of("growing")).allTopicNames()).get("growing")
                .partitions().size());
        assertNotNull(broker.broker().logs().log(new io.runnel.broker.topic.TopicPartition("growing", 4)));

        assertInstanceOf(InvalidPartitionsException.class,
                failure(admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(3))).all()));
        assertInstanceOf(InvalidPartitionsException.class,
                failure(admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(5))).all()));
        assertInstanceOf(UnknownTopicOrPartitionException.class,
                failure(admin.createPartitions(Map.of("no-such-topic", NewPartitions.increaseTo(5))).all()));
        assertInstanceOf(InvalidReplicaAssignmentException.class, failure(admin.createPartitions(
                Map.of("growing", NewPartitions.increaseTo(6, List.of(List.of(2))))).all()));

        get(admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(9)),
                new CreatePartitionsOptions().validateOnly(true)).all());
        assertEquals(5, broker.broker().logs().registry().get("growing").partitionCount());
        get(admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(6, List.of(List.of(1))))).all());
        assertEquals(6, broker.broker().logs().registry().get("growing").partitionCount());
    }

    @Test
    void deleteByIdAndUnknownTopics() throws Exception {
        Uuid id = get(admin.createTopics(List.of(new NewTopic("by-id", 1, (short) 1))).topicId("by-id"));
        get(admin.deleteTopics(TopicCollection.ofTopicIds(List.of(id))).all());
        assertEquals(null, broker.broker().logs().registry().get("by-id"));
        assertInstanceOf(UnknownTopicIdException.class,
                failure(admin.deleteTopics(TopicCollection.ofTopicIds(List.of(id))).all()));
        assertInstanceOf(UnknownTopicOrPartitionException.class,
                failure(admin.deleteTopics(List.of("never-was")).all()));
    }

    @Test
    void listTopicsHidesInternalTopicsUnlessAsked() throws Exception {
        // The broker creates __consumer_offsets at start-up for the group coordinator.
        assertFalse(get(admin.listTopics().names()).contains("__consumer_offsets"));
        assertTrue(get(admin.listTopics(new ListTopicsOptions().listInternal(true)).names())
                .contains("__consumer_offsets"));
        assertTrue(get(admin.describeTopics(List.of("__consumer_offsets")).allTopicNames())
                .get("__consumer_offsets").isInternal());
        assertInstanceOf(InvalidTopicException.class,
                failure(admin.deleteTopics(List.of("__consumer_offsets")).all()));
    }

    @Test
    void describeClusterNamesThisBrokerAsTheOnlyNodeAndController() throws Exception {
        DescribeClusterResult cluster = admin.describeCluster(new DescribeClusterOptions()
                .includeAuthorizedOperations(true));
        assertEquals(broker.broker().context().clusterId(), get(cluster.clusterId()));
        assertEquals(1, get(cluster.controller()).id());
        List<Node> nodes = List.copyOf(get(cluster.nodes()));
        assertEquals(1, nodes.size());
        assertEquals("127.0.0.1", nodes.get(0).host());
        assertEquals(broker.port(), nodes.get(0).port());
        assertTrue(get(cluster.authorizedOperations()).containsAll(Set.of(AclOperation.CREATE,
                AclOperation.DESCRIBE, AclOperation.ALTER_CONFIGS, AclOperation.IDEMPOTENT_WRITE)));
    }
}
