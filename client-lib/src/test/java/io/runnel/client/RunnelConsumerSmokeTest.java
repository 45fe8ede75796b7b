package io.runnel.client;

import io.runnel.broker.EmbeddedBroker;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RunnelConsumerSmokeTest {
    @Test
    void manualAssignmentReadsEverything() {
        try (EmbeddedBroker broker = EmbeddedBroker.start()) {
            KafkaTestClients.createTopic(broker.bootstrapServers(), "smoke", 2);
            KafkaTestClients.produce(broker.bootstrapServers(), "smoke", 2, 5);
            try (RunnelConsumer consumer = RunnelConsumer.builder().bootstrap(broker.bootstrapServers())
                    .autoOffsetReset(OffsetReset.EARLIEST).build()) {
                consumer.assign(List.of(new TopicPartition("smoke", 0), new TopicPartition("smoke", 1)));
                List<String> values = new ArrayList<>();
                long deadline = System.currentTimeMillis() + 30_000;
                while (values.size() < 10 && System.currentTimeMillis() < deadline) {
                    for (ConsumerRecord r : consumer.poll(Duration.ofMillis(500))) {
                        values.add(r.valueAsString());
                    }
                }
                assertEquals(10, values.size(), values.toString());
            }
        }
    }
}
