package io.runnel.junit;

import io.runnel.broker.EmbeddedBroker;
import io.runnel.broker.config.BrokerConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Settings given to the builder reach the broker the extension starts. */
class BuilderSettingsTest {
    @RegisterExtension
    static final RunnelBrokerExtension BROKER = RunnelBrokerExtension.builder()
            .partitions(3)
            .autoCreateTopics(false)
            .config(Map.of("log.fsync.enable", "false", "message.max.bytes", "4096"))
            .build();

    @Test
    void topicsCreatedWithoutAPartitionCountGetTheConfiguredDefault(@RunnelBootstrap String bootstrap)
            throws Exception {
        String topic = "defaulted-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty())))
                    .all().get(30, TimeUnit.SECONDS);
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic).partitions().size();
            assertEquals(3, partitions);
        }
    }

    @Test
    void unknownTopicsAreNotCreatedByAClientAskingForThem(@RunnelBootstrap String bootstrap) throws Exception {
        String topic = "not-auto-created-" + UUID.randomUUID();
        Map<String, Object> consumerConfig = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, true,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            assertTrue(consumer.partitionsFor(topic).isEmpty());
            assertFalse(admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic));
        }
    }

    @Test
    void theConfigMapReachesTheBroker(EmbeddedBroker broker) {
        BrokerConfig config = broker.broker().config();
        assertEquals(false, config.get(BrokerConfig.LOG_FSYNC_ENABLE));
        assertEquals(4096, config.get(BrokerConfig.MESSAGE_MAX_BYTES));
        assertEquals(3, config.get(BrokerConfig.NUM_PARTITIONS));
        assertEquals(false, config.get(BrokerConfig.AUTO_CREATE_TOPICS_ENABLE));
    }
}
