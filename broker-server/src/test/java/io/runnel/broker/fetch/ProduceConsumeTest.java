package io.runnel.broker.fetch;

import io.runnel.broker.EmbeddedBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kafka-clients end to end: a producer with its defaults (idempotent, acks=all) and a consumer with
 * {@code assign()}: every record comes back identical (key, value, headers, timestamp) at the offset the producer
 * was told, dense from 0; a record produced while the consumer waits in a long poll arrives quickly.
 */
class ProduceConsumeTest {
    private static EmbeddedBroker broker;

    @BeforeAll
    static void start() {
        broker = EmbeddedBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    private static List<ConsumerRecord<String, String>> pollUntil(KafkaConsumer<String, String> consumer,
                                                                  int count) {
        List<ConsumerRecord<String, String>> got = new ArrayList<>();
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(30))
                .until(() -> {
                    consumer.poll(Duration.ofMillis(100)).forEach(got::add);
                    return got.size() >= count;
                });
        return got;
    }

    @Test
    void producedRecordsComeBackIdenticalAtTheirOffsets() throws Exception {
        broker.broker().logs().createTopic("round-trip", 3, Map.of());
        Map<String, RecordMetadata> sent = new HashMap<>();
        try (KafkaProducer<String, String> producer = producer()) {
            List<Future<RecordMetadata>> futures = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                ProducerRecord<String, String> record = new ProducerRecord<>("round-trip", null, 1_000_000L + i,
                        "key-" + i, "value-" + i);
                record.headers().add("n", Integer.toString(i).getBytes(StandardCharsets.UTF_8));
                futures.add(producer.send(record));
            }
            for (int i = 0; i < futures.size(); i++) {
                sent.put("key-" + i, futures.get(i).get(30, TimeUnit.SECONDS));
            }
        }
        List<TopicPartition> partitions = List.of(new TopicPartition("round-trip", 0),
                new TopicPartition("round-trip", 1), new TopicPartition("round-trip", 2));
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.assign(partitions);
            List<ConsumerRecord<String, String>> got = pollUntil(consumer, 600);
            assertEquals(600, got.size());
            long[] next = new long[3];
            for (ConsumerRecord<String, String> r : got) {
                int i = Integer.parseInt(r.key().substring(4));
                assertEquals("value-" + i, r.value());
                assertEquals(1_000_000L + i, r.timestamp());
                Header header = r.headers().lastHeader("n");
                assertArrayEquals(Integer.toString(i).getBytes(StandardCharsets.UTF_8), header.value());
                RecordMetadata meta = sent.get(r.key());
                assertEquals(meta.partition(), r.partition());
                assertEquals(meta.offset(), r.offset(), "the offset the producer was told");
                assertEquals(next[r.partition()]++, r.offset(), "dense offsets from 0");
            }
            assertEquals(600, next[0] + next[1] + next[2]);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            for (TopicPartition tp : partitions) {
                assertEquals(next[tp.partition()], ends.get(tp));
            }
        }
    }

    @Test
    void aRecordProducedDuringALongPollArrivesQuickly() throws Exception {
        broker.broker().logs().createTopic("live", 1, Map.of());
        TopicPartition tp = new TopicPartition("live", 0);
        try (KafkaProducer<String, String> producer = producer();
             KafkaConsumer<String, String> consumer = consumer()) {
            producer.partitionsFor("live");
            consumer.assign(List.of(tp));
            consumer.poll(Duration.ofMillis(100));
            long[] latencies = new long[10];
            for (int i = 0; i < latencies.length; i++) {
                long sentAt = System.nanoTime();
                producer.send(new ProducerRecord<>("live", "k", "live-" + i)).get(30, TimeUnit.SECONDS);
                List<ConsumerRecord<String, String>> got = pollUntil(consumer, 1);
                latencies[i] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentAt);
                assertEquals("live-" + i, got.get(0).value());
                assertEquals(i, got.get(0).offset());
                assertTrue(latencies[i] < 5_000, "arrived after " + latencies[i] + " ms");
            }
            Arrays.sort(latencies);
            System.out.println("KafkaProducer to KafkaConsumer (acks=all, fsync on): median " + latencies[5]
                    + " ms, at most " + latencies[9] + " ms over 10 records");
        }
    }
}
