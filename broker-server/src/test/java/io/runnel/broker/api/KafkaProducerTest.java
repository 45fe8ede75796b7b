package io.runnel.broker.api;

import io.runnel.broker.EmbeddedBroker;
import io.runnel.broker.log.PartitionLog;
import io.runnel.broker.testing.DroppingProxy;
import io.runnel.broker.topic.TopicPartition;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.runnel.broker.api.ProduceSupport.readLog;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** kafka-clients' KafkaProducer with its defaults (idempotent, acks=all) against the broker. */
class KafkaProducerTest {
    private static KafkaProducer<String, String> producer(String bootstrap, Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(extra);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static int murmur2Partition(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    @Test
    void keyedRecordsWithHeadersLandWhereMurmur2SaysDenseFromZeroAndIdentical() throws Exception {
        int partitions = 4;
        try (EmbeddedBroker broker = EmbeddedBroker.start()) {
            broker.broker().logs().createTopic("keyed", partitions, Map.of());
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            try (KafkaProducer<String, String> producer = producer(broker.bootstrapServers(), Map.of())) {
                for (int i = 0; i < 60; i++) {
                    ProducerRecord<String, String> record = new ProducerRecord<>("keyed", null, 1_700_000_000_000L + i,
                            "key-" + (i % 9), "value-" + i);
                    record.headers().add("index", Integer.toString(i).getBytes(StandardCharsets.UTF_8));
                    record.headers().add("kind", "test".getBytes(StandardCharsets.UTF_8));
                    sent.add(producer.send(record));
                }
                producer.flush();
            }
            Map<Integer, List<String>> expected = new HashMap<>();
            for (int i = 0; i < sent.size(); i++) {
                RecordMetadata md = sent.get(i).get(10, TimeUnit.SECONDS);
                int partition = murmur2Partition("key-" + (i % 9), partitions);
                assertEquals(partition, md.partition(), "record " + i);
                List<String> values = expected.computeIfAbsent(partition, p -> new ArrayList<>());
                assertEquals(values.size(), md.offset(), "offsets are dense from 0 in send order");
                values.add("value-" + i);
            }
            for (int p = 0; p < partitions; p++) {
                PartitionLog log = broker.broker().logs().log(new TopicPartition("keyed", p));
                List<ProduceSupport.Stored> stored = readLog(log);
                assertEquals(expected.getOrDefault(p, List.of()),
                        stored.stream().map(ProduceSupport.Stored::value).toList(), "partition " + p);
                for (int i = 0; i < stored.size(); i++) {
                    ProduceSupport.Stored s = stored.get(i);
                    int index = Integer.parseInt(s.value().substring("value-".length()));
                    assertEquals(i, s.offset());
                    assertEquals("key-" + (index % 9), s.key());
                    assertEquals(1_700_000_000_000L + index, s.timestamp());
                    assertEquals(List.of("index=" + index, "kind=test"), s.headers());
                    assertTrue(s.producerId() >= 0, "the default producer is idempotent");
                }
            }
        }
    }

    @Test
    void aRetryAfterTheConnectionDroppedBeforeTheResponseWritesNothingTwice() throws Exception {
        try (DroppingProxy proxy = new DroppingProxy();
             EmbeddedBroker broker = EmbeddedBroker.builder()
                     .config("advertised.listeners", "PLAINTEXT://127.0.0.1:" + proxy.port()).start()) {
            proxy.target(broker.port());
            broker.broker().logs().createTopic("retried", 1, Map.of());
            String bootstrap = "127.0.0.1:" + proxy.port();
            try (KafkaProducer<String, String> producer = producer(bootstrap, Map.of(
                    ProducerConfig.LINGER_MS_CONFIG, 0, ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 10))) {
                assertEquals(0, producer.send(new ProducerRecord<>("retried", "k", "before")).get(30, TimeUnit.SECONDS)
                        .offset());
                proxy.dropNextProduceResponse();
                RecordMetadata retried = producer.send(new ProducerRecord<>("retried", "k", "dropped"))
                        .get(60, TimeUnit.SECONDS);
                assertEquals(1, retried.offset(), "the retry is answered with the original offset");
                assertEquals(2, producer.send(new ProducerRecord<>("retried", "k", "after")).get(30, TimeUnit.SECONDS)
                        .offset());
            }
            assertEquals(1, proxy.connectionsDropped());
            assertTrue(proxy.producesRelayed() >= 4, "the dropped batch reached the broker twice: "
                    + proxy.producesRelayed() + " produce requests relayed");
            PartitionLog log = broker.broker().logs().log(new TopicPartition("retried", 0));
            assertEquals(List.of("before", "dropped", "after"), ProduceSupport.values(log));
        }
    }

}
