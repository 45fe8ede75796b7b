package io.runnel.broker.api;

import io.runnel.broker.EmbeddedBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DeletedRecords;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tools' APIs through kafka-clients' Admin: DeleteRecords ({@code kafka-delete-records} semantics: the low
 * watermark returned, reads below it out of range, durable across a restart), DescribeLogDirs (partition sizes)
 * and describeTopics (DescribeTopicPartitions), and OffsetForLeaderEpoch through a consumer's position validation.
 */
class RecordsAndLogDirsAdminTest {
    @TempDir
    Path dataDir;

    private static Admin admin(EmbeddedBroker broker) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private static void produce(EmbeddedBroker broker, String topic, int count) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 0),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k" + i, "v" + i)).get(10, TimeUnit.SECONDS);
            }
        }
    }

    private static KafkaConsumer<String, String> consumer(EmbeddedBroker broker) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none"), new StringDeserializer(), new StringDeserializer());
    }

    @Test
    void deleteRecordsMovesTheLowWatermarkDurablyAndReadsBelowItAreOutOfRange() throws Exception {
        TopicPartition tp = new TopicPartition("purged", 0);
        try (EmbeddedBroker broker = EmbeddedBroker.builder().dataDir(dataDir).start()) {
            broker.broker().logs().createTopic("purged", 1, Map.of());
            produce(broker, "purged", 10);
            try (Admin admin = admin(broker)) {
                DeletedRecords deleted = admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(6)))
                        .lowWatermarks().get(tp).get();
                assertEquals(6, deleted.lowWatermark());
                assertEquals(6, admin.listOffsets(Map.of(tp, org.apache.kafka.clients.admin.OffsetSpec.earliest()))
                        .partitionResult(tp).get().offset());
                ExecutionException beyond = assertThrows(ExecutionException.class, () -> admin.deleteRecords(
                        Map.of(tp, RecordsToDelete.beforeOffset(11))).lowWatermarks().get(tp).get());
                assertInstanceOf(OffsetOutOfRangeException.class, beyond.getCause());
            }
            try (KafkaConsumer<String, String> consumer = consumer(broker)) {
                consumer.assign(List.of(tp));
                consumer.seek(tp, 2);
                assertThrows(org.apache.kafka.clients.consumer.OffsetOutOfRangeException.class,
                        () -> consumer.poll(Duration.ofSeconds(10)));
            }
        }
        // Killed or not, a restart keeps the low watermark: it was checkpointed before the answer.
        try (EmbeddedBroker broker = EmbeddedBroker.builder().dataDir(dataDir).start()) {
            assertEquals(6, broker.broker().logs().log(new io.runnel.broker.topic.TopicPartition("purged", 0))
                    .logStartOffset());
            try (KafkaConsumer<String, String> consumer = consumer(broker)) {
                consumer.assign(List.of(tp));
                consumer.seek(tp, 6);
                List<String> values = new ArrayList<>();
                while (values.size() < 4) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                }
                assertEquals(List.of("v6", "v7", "v8", "v9"), values);
            }
            try (Admin admin = admin(broker)) {
                DeletedRecords all = admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(-1)))
                        .lowWatermarks().get(tp).get();
                assertEquals(10, all.lowWatermark(), "-1 means the high watermark");
            }
        }
    }

    @Test
    void deleteRecordsOnACompactedTopicIsAPolicyViolation() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.builder().dataDir(dataDir).start();
             Admin admin = admin(broker)) {
            broker.broker().logs().createTopic("compacted", 1, Map.of("cleanup.policy", "compact"));
            TopicPartition tp = new TopicPartition("compacted", 0);
            ExecutionException refused = assertThrows(ExecutionException.class, () -> admin.deleteRecords(
                    Map.of(tp, RecordsToDelete.beforeOffset(0))).lowWatermarks().get(tp).get());
            assertInstanceOf(PolicyViolationException.class, refused.getCause());
        }
    }

    @Test
    void describeLogDirsReportsEveryPartitionsSizeAndDescribeTopicsEveryPartition() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.builder().dataDir(dataDir).start();
             Admin admin = admin(broker)) {
            broker.broker().logs().createTopic("sized", 3, Map.of());
            produce(broker, "sized", 5);
            int node = broker.broker().config().get(io.runnel.broker.config.BrokerConfig.NODE_ID);
            Map<String, LogDirDescription> dirs = admin.describeLogDirs(List.of(node)).allDescriptions().get()
                    .get(node);
            assertEquals(1, dirs.size());
            LogDirDescription dir = dirs.values().iterator().next();
            assertEquals(dataDir.toAbsolutePath().toString(), dirs.keySet().iterator().next());
            ReplicaInfo p0 = dir.replicaInfos().get(new TopicPartition("sized", 0));
            long expected = broker.broker().logs().log(new io.runnel.broker.topic.TopicPartition("sized", 0))
                    .sizeInBytes();
            assertTrue(expected > 0);
            assertEquals(expected, p0.size());
            assertEquals(0, dir.replicaInfos().get(new TopicPartition("sized", 2)).size());
            assertTrue(dir.totalBytes().isPresent() && dir.totalBytes().getAsLong() > 0);

            TopicDescription described = admin.describeTopics(List.of("sized")).allTopicNames().get().get("sized");
            assertEquals(3, described.partitions().size());
            assertEquals(node, described.partitions().get(2).leader().id());
        }
    }
}
