package io.runnel.client;

import io.runnel.junit.RunnelBootstrap;
import io.runnel.junit.RunnelBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The consumer examples of docs/client.md, as written there (topic and group names made unique). */
@ExtendWith(RunnelBrokerExtension.class)
class ConsumerDocExamplesIT {
    @RunnelBootstrap
    static String bootstrap;

    private final List<String> processed = new ArrayList<>();

    private void process(String key, byte[] value, List<Header> headers) {
        processed.add(key);
    }

    @Test
    void groupConsumerWithAtLeastOnceCommitsAndARebalanceListener() {
        String orders = "orders-" + UUID.randomUUID();
        KafkaTestClients.createTopic(bootstrap, orders, 2);
        KafkaTestClients.produce(bootstrap, orders, 2, 5);
        String group = "billing-" + UUID.randomUUID();
        List<Collection<TopicPartition>> assignedSeen = new ArrayList<>();
        try (RunnelConsumer consumer = RunnelConsumer.builder()
                .bootstrap(bootstrap)
                .groupId(group)
                .autoOffsetReset(OffsetReset.EARLIEST)
                .autoCommit(false)
                .build()) {
            consumer.subscribe(List.of(orders), new RebalanceListener() {
                @Override
                public void onRevoked(Collection<TopicPartition> partitions) {
                    consumer.commitSync();
                }

                @Override
                public void onAssigned(Collection<TopicPartition> partitions) {
                    assignedSeen.add(partitions);
                }
            });
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(1)).until(() -> {
                ConsumerRecords records = consumer.poll(Duration.ofSeconds(1));
                for (ConsumerRecord record : records) {
                    process(record.keyAsString(), record.value(), record.headers());
                }
                if (!records.isEmpty()) {
                    consumer.commitSync();
                }
                return processed.size() >= 10;
            });
            assertEquals(10, processed.size());
            assertEquals(Map.of(new TopicPartition(orders, 0), 5L, new TopicPartition(orders, 1), 5L),
                    consumer.committed(Set.of(new TopicPartition(orders, 0), new TopicPartition(orders, 1))));
            assertTrue(!assignedSeen.isEmpty());
        }
    }

    @Test
    void manualAssignment() {
        String orders = "orders-" + UUID.randomUUID();
        KafkaTestClients.createTopic(bootstrap, orders, 1);
        KafkaTestClients.produce(bootstrap, orders, 1, 50);
        try (RunnelConsumer consumer = RunnelConsumer.builder().bootstrap(bootstrap).build()) {
            TopicPartition p0 = new TopicPartition(orders, 0);
            consumer.assign(List.of(p0));
            consumer.seek(p0, 42);
            List<Long> offsets = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(1)).until(() -> {
                for (ConsumerRecord record : consumer.poll(Duration.ofSeconds(1))) {
                    offsets.add(record.offset());
                }
                return offsets.size() >= 8;
            });
            assertEquals(List.of(42L, 43L, 44L, 45L, 46L, 47L, 48L, 49L), offsets);
            assertEquals(50, consumer.position(p0));
        }
    }
}
