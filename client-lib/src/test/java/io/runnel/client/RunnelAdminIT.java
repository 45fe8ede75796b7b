package io.runnel.client;

import io.runnel.client.admin.ConfigChange;
import io.runnel.client.admin.ClusterDescription;
import io.runnel.client.admin.ConfigValue;
import io.runnel.client.admin.GroupDescription;
import io.runnel.client.admin.GroupListing;
import io.runnel.client.admin.MemberDescription;
import io.runnel.client.admin.OffsetSpec;
import io.runnel.client.admin.PartitionDescription;
import io.runnel.client.admin.PartitionLag;
import io.runnel.client.admin.TopicDescription;
import io.runnel.protocol.ErrorCode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import io.runnel.junit.RunnelBootstrap;
import io.runnel.junit.RunnelBrokerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RunnelAdmin end to end. Runs against the extension's embedded Runnel broker, or against the cluster named by
 * {@code runnel.test.bootstrap} (an Apache Kafka 4.x): it uses unique names and nothing Runnel-specific. Records and
 * group members are made with kafka-clients, the oracle.
 */
@ExtendWith(RunnelBrokerExtension.class)
class RunnelAdminIT {
    private static RunnelAdmin admin;
    private static String bootstrap;

    @BeforeAll
    static void connect(@RunnelBootstrap String address) {
        bootstrap = address;
        admin = RunnelAdmin.builder().bootstrap(bootstrap).clientId("admin-it").apiTimeout(Duration.ofSeconds(30))
                .build();
    }

    @AfterAll
    static void disconnect() {
        admin.close();
    }

    /** A name no other test, nor an earlier run against the same external cluster, used. */
    private static String unique(String prefix) {
        return prefix + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    private static void produce(String topic, int partition, int count, long timestamp) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, partition, timestamp + i, "k" + i, "v" + i));
            }
            producer.flush();
        }
    }

    private static KafkaConsumer<String, String> member(String group, String protocol, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "member-of-" + group);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props);
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    @Test
    void createdTopicIsListedAndDescribedWithItsPartitionsOffsetsAndConfigs() {
        String topic = unique("admin-create");
        admin.createTopic(topic, 3, Map.of("retention.ms", "3600000"));
        assertTrue(admin.listTopics().contains(topic));
        produce(topic, 1, 5, System.currentTimeMillis());

        TopicDescription description = admin.describeTopic(topic);
        assertEquals(topic, description.name());
        assertNotNull(description.id());
        assertFalse(description.internal());
        assertEquals(3, description.partitions().size());
        for (PartitionDescription p : description.partitions()) {
            assertTrue(p.leader() >= 0, "partition " + p.partition() + " has no leader");
            assertEquals(0, p.earliestOffset());
            assertEquals(p.partition() == 1 ? 5 : 0, p.latestOffset(), "latest offset of partition " + p.partition());
        }
        assertEquals("3600000", description.configs().get("retention.ms"));
        assertEquals("delete", description.configs().get("cleanup.policy"));

        ConfigValue retention = admin.describeConfigs(topic).get("retention.ms");
        assertEquals("3600000", retention.value());
        assertEquals(ConfigValue.Source.DYNAMIC_TOPIC_CONFIG, retention.source());
        assertTrue(retention.isTopicOverride());
    }

    @Test
    void internalTopicsAreNotListed() {
        String group = unique("admin-internal");
        String topic = unique("admin-internal-topic");
        admin.createTopic(topic, 1);
        // A commit makes sure the offsets topic exists.
        admin.resetOffsets(group, topic, OffsetSpec.earliest());
        for (String name : admin.listTopics()) {
            assertFalse(name.startsWith("__"), "internal topic " + name + " listed");
        }
    }

    @Test
    void creatingAnExistingTopicFailsWithTopicExists() {
        String topic = unique("admin-dup");
        admin.createTopic(topic, 1);
        TopicExistsException e = assertThrows(TopicExistsException.class, () -> admin.createTopic(topic, 1));
        assertEquals(ErrorCode.TOPIC_ALREADY_EXISTS, e.errorCode());
        assertTrue(e.getMessage().contains(topic), e.getMessage());
    }

    @Test
    void unknownTopicFailsWithoutWaitingForTheTimeout() {
        String topic = unique("admin-missing");
        UnknownTopicException describe = assertThrows(UnknownTopicException.class,
                () -> admin.describeTopic(topic));
        assertTrue(describe.getMessage().contains(topic), describe.getMessage());
        assertThrows(UnknownTopicException.class, () -> admin.deleteTopic(topic));
        assertThrows(UnknownTopicException.class, () -> admin.describeConfigs(topic));
    }

    @Test
    void addPartitionsGrowsTheTopic() {
        String topic = unique("admin-grow");
        admin.createTopic(topic, 2);
        admin.addPartitions(topic, 5);
        assertEquals(5, admin.describeTopic(topic).partitions().size());
        ApiErrorException shrink = assertThrows(ApiErrorException.class, () -> admin.addPartitions(topic, 3));
        assertEquals(ErrorCode.INVALID_PARTITIONS, shrink.errorCode());
    }

    @Test
    void alterConfigsSetsAndDeletesOneConfigAndLeavesTheOthers() {
        String topic = unique("admin-configs");
        admin.createTopic(topic, 1, Map.of("retention.ms", "7200000"));
        admin.alterConfigs(topic, Map.of("segment.bytes", "1048576"));
        Map<String, ConfigValue> configs = admin.describeConfigs(topic);
        assertEquals("1048576", configs.get("segment.bytes").value());
        assertEquals("7200000", configs.get("retention.ms").value());

        admin.alterConfigs(topic, List.of(ConfigChange.delete("retention.ms")));
        ConfigValue retention = admin.describeConfigs(topic).get("retention.ms");
        assertFalse(retention.isTopicOverride(), "retention.ms still set on the topic: " + retention);
        assertEquals("1048576", admin.describeConfigs(topic).get("segment.bytes").value());

        ApiErrorException bad = assertThrows(ApiErrorException.class,
                () -> admin.alterConfigs(topic, Map.of("retention.ms", "not-a-number")));
        assertEquals(ErrorCode.INVALID_CONFIG, bad.errorCode());
    }

    @Test
    void deletedTopicIsGone() {
        String topic = unique("admin-delete");
        admin.createTopic(topic, 2);
        admin.deleteTopic(topic);
        assertFalse(admin.listTopics().contains(topic));
        assertThrows(UnknownTopicException.class, () -> admin.describeTopic(topic));
    }

    @Test
    void resetOffsetsOfAnInactiveGroupToEachSpecAndTheLagFollows() {
        String topic = unique("admin-reset");
        String group = unique("admin-reset-group");
        admin.createTopic(topic, 2);
        long start = System.currentTimeMillis() - 100_000;
        produce(topic, 0, 10, start);
        produce(topic, 1, 4, start + 1000);

        assertEquals(Map.of(new TopicPartition(topic, 0), 0L, new TopicPartition(topic, 1), 0L),
                admin.resetOffsets(group, topic, OffsetSpec.earliest()));
        Map<TopicPartition, PartitionLag> lag = admin.groupLag(group);
        assertEquals(new PartitionLag(new TopicPartition(topic, 0), 0, 10, 10), lag.get(new TopicPartition(topic, 0)));
        assertEquals(new PartitionLag(new TopicPartition(topic, 1), 0, 4, 4), lag.get(new TopicPartition(topic, 1)));

        assertEquals(Map.of(new TopicPartition(topic, 0), 7L, new TopicPartition(topic, 1), 4L),
                admin.resetOffsets(group, topic, OffsetSpec.offset(7)), "offsets beyond the end are clamped");
        assertEquals(Map.of(new TopicPartition(topic, 0), 5L, new TopicPartition(topic, 1), 2L),
                admin.resetOffsets(group, topic, OffsetSpec.shiftBy(-2)));
        // Partition 0's records are at start+0..9, partition 1's at start+1000..1003.
        assertEquals(Map.of(new TopicPartition(topic, 0), 3L, new TopicPartition(topic, 1), 0L),
                admin.resetOffsets(group, topic, OffsetSpec.timestamp(start + 3)));
        assertEquals(Map.of(new TopicPartition(topic, 0), 10L, new TopicPartition(topic, 1), 4L),
                admin.resetOffsets(group, topic, OffsetSpec.latest()));
        assertEquals(0, admin.groupLag(group).get(new TopicPartition(topic, 0)).lag());

        assertEquals(Map.of(new TopicPartition(topic, 0), 8L, new TopicPartition(topic, 1), 2L),
                admin.previewOffsetReset(group, topic, OffsetSpec.shiftBy(-2)));
        assertEquals(10, admin.groupLag(group).get(new TopicPartition(topic, 0)).committedOffset(),
                "a preview commits nothing");
    }

    @Test
    void clusterIsDescribedWithItsIdAndBrokers() {
        ClusterDescription cluster = admin.describeCluster();
        assertNotNull(cluster.clusterId());
        assertFalse(cluster.brokers().isEmpty());
        String first = bootstrap.split(",")[0];
        int port = Integer.parseInt(first.substring(first.lastIndexOf(':') + 1));
        assertTrue(cluster.brokers().stream().anyMatch(b -> b.port() == port), cluster.toString());
    }

    @Test
    void classicGroupIsListedDescribedWithAssignmentsAndCannotBeResetWhileActive() {
        describeActiveGroup("classic", "classic", "range");
    }

    @Test
    void consumerProtocolGroupIsListedDescribedWithAssignmentsAndCannotBeResetWhileActive() {
        describeActiveGroup("consumer", "consumer", "uniform");
    }

    private void describeActiveGroup(String protocol, String expectedProtocol, String expectedAssignor) {
        String topic = unique("admin-group-" + protocol);
        String group = unique("admin-group-" + protocol);
        admin.createTopic(topic, 3);
        produce(topic, 0, 3, System.currentTimeMillis());
        try (KafkaConsumer<String, String> consumer = member(group, protocol, topic)) {
            int[] received = {0};
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                received[0] += consumer.poll(Duration.ofMillis(100)).count();
                return consumer.assignment().size() == 3 && received[0] == 3;
            });
            consumer.commitSync(Map.of(new org.apache.kafka.common.TopicPartition(topic, 0),
                    new org.apache.kafka.clients.consumer.OffsetAndMetadata(3)));
            GroupDescription description = await().atMost(Duration.ofSeconds(30))
                    .until(() -> admin.describeGroup(group), d -> d.members().size() == 1
                            && d.members().get(0).assignment().size() == 3);
            assertEquals(group, description.groupId());
            assertEquals(expectedProtocol, description.protocol());
            assertEquals("Stable", description.state());
            assertEquals(expectedAssignor, description.assignor());
            MemberDescription member = description.members().get(0);
            assertEquals("member-of-" + group, member.clientId());
            assertEquals(Set.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1),
                    new TopicPartition(topic, 2)), member.assignment());

            GroupListing listing = admin.listGroups().stream().filter(g -> g.groupId().equals(group)).findFirst()
                    .orElseThrow(() -> new AssertionError("group " + group + " not listed"));
            assertEquals(expectedProtocol, listing.type());

            assertEquals(3, admin.groupLag(group).get(new TopicPartition(topic, 0)).committedOffset());

            ApiErrorException active = assertThrows(ApiErrorException.class,
                    () -> admin.resetOffsets(group, topic, OffsetSpec.earliest()));
            assertEquals(ErrorCode.NON_EMPTY_GROUP, active.errorCode());
            ApiErrorException notEmpty = assertThrows(ApiErrorException.class, () -> admin.deleteGroup(group));
            assertEquals(ErrorCode.NON_EMPTY_GROUP, notEmpty.errorCode());
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> admin.describeGroup(group).isInactive());
        admin.deleteGroup(group);
        Set<String> ids = new HashSet<>();
        admin.listGroups().forEach(g -> ids.add(g.groupId()));
        assertFalse(ids.contains(group), "deleted group still listed");
    }

    @Test
    void unknownGroupIsDescribedAsDeadWithoutMembers() {
        GroupDescription description = admin.describeGroup(unique("admin-no-group"));
        assertEquals("Dead", description.state());
        assertTrue(description.members().isEmpty());
    }

    @Test
    void deleteRecordsMovesTheEarliestOffsetAndRefusesOffsetsPastTheEnd() {
        String topic = unique("admin-delete-records");
        admin.createTopic(topic, 2);
        produce(topic, 0, 10, System.currentTimeMillis());
        produce(topic, 1, 3, System.currentTimeMillis());
        TopicPartition p0 = new TopicPartition(topic, 0);
        TopicPartition p1 = new TopicPartition(topic, 1);
        assertEquals(Map.of(p0, 4L, p1, 3L), admin.deleteRecords(Map.of(p0, 4L, p1, -1L)));
        TopicDescription described = admin.describeTopic(topic);
        assertEquals(4, described.partitions().get(0).earliestOffset());
        assertEquals(10, described.partitions().get(0).latestOffset());
        assertEquals(0, described.partitions().get(1).recordCount());
        // The log start never moves back.
        assertEquals(Map.of(p0, 4L), admin.deleteRecords(Map.of(p0, 2L)));
        OffsetOutOfRangeException past = assertThrows(OffsetOutOfRangeException.class,
                () -> admin.deleteRecords(Map.of(p0, 11L)));
        assertTrue(past.getMessage().contains(topic), past.getMessage());
        assertThrows(UnknownTopicException.class,
                () -> admin.deleteRecords(Map.of(new TopicPartition(unique("admin-no-topic"), 0), 1L)));
        assertThrows(UnknownTopicException.class, () -> admin.deleteRecords(Map.of(new TopicPartition(topic, 2), 1L)));
    }

    @Test
    void partitionSizesGrowWithTheRecordsWritten() {
        String topic = unique("admin-sizes");
        admin.createTopic(topic, 2);
        produce(topic, 1, 200, System.currentTimeMillis());
        Map<TopicPartition, Long> sizes = admin.partitionSizes(topic);
        assertEquals(Set.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1)), sizes.keySet());
        assertEquals(0L, sizes.get(new TopicPartition(topic, 0)));
        // 200 records of at least a few bytes of key and value each, in batches with their headers.
        long written = sizes.get(new TopicPartition(topic, 1));
        assertTrue(written > 200 * 6L, "partition 1 holds " + written + " bytes");
        assertThrows(UnknownTopicException.class, () -> admin.partitionSizes(unique("admin-no-topic")));
    }
}
