package io.runnel.broker.fetch;

import io.runnel.broker.EmbeddedBroker;
import io.runnel.broker.log.PartitionLog;
import io.runnel.broker.topic.TopicPartition;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static io.runnel.broker.fetch.FetchTestSupport.append;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Apache Kafka's own consumer, with {@code assign()} and no group, reads what was appended to the partition logs:
 * every record identical, offsets dense from 0, seeks to either end, offsets by time, and a record appended while
 * it waits in a long poll.
 */
class KafkaConsumerFetchTest {
    private static EmbeddedBroker broker;

    @BeforeAll
    static void start() {
        broker = EmbeddedBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static KafkaConsumer<byte[], byte[]> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static PartitionLog log(String topic, int partition) {
        return broker.broker().logs().log(new TopicPartition(topic, partition));
    }

    private static List<ConsumerRecord<byte[], byte[]>> pollUntil(KafkaConsumer<byte[], byte[]> consumer, int count) {
        List<ConsumerRecord<byte[], byte[]>> got = new ArrayList<>();
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(30))
                .until(() -> {
            consumer.poll(Duration.ofMillis(100)).forEach(got::add);
            return got.size() >= count;
        });
        return got;
    }

    @Test
    void assignedConsumerReadsEveryRecordIdenticalWithDenseOffsets() {
        broker.broker().logs().createTopic("consume", 2, Map.of());
        for (int b = 0; b < 50; b++) {
            append(log("consume", 0), "p0b" + b, 20, 100, 10_000 + b * 20L);
        }
        append(log("consume", 1), "p1", 3, 10, 1_000);
        org.apache.kafka.common.TopicPartition p0 = new org.apache.kafka.common.TopicPartition("consume", 0);
        org.apache.kafka.common.TopicPartition p1 = new org.apache.kafka.common.TopicPartition("consume", 1);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            consumer.assign(List.of(p0, p1));
            List<ConsumerRecord<byte[], byte[]>> got = pollUntil(consumer, 1_003);
            assertEquals(1_003, got.size());
            long next0 = 0;
            long next1 = 0;
            for (ConsumerRecord<byte[], byte[]> r : got) {
                if (r.partition() == 0) {
                    long b = next0 / 20;
                    long i = next0 % 20;
                    assertEquals(next0++, r.offset(), "dense offsets in partition 0");
                    assertArrayEquals(FetchTestSupport.value("p0b" + b + "-" + i, 100), r.value());
                    assertArrayEquals(("k" + i).getBytes(StandardCharsets.UTF_8), r.key());
                    assertEquals(10_000 + b * 20 + i, r.timestamp());
                } else {
                    assertArrayEquals(FetchTestSupport.value("p1-" + next1, 10), r.value());
                    assertEquals(next1++, r.offset(), "dense offsets in partition 1");
                }
            }
            assertEquals(1_000, next0);
            assertEquals(3, next1);

            assertEquals(Map.of(p0, 0L, p1, 0L), consumer.beginningOffsets(List.of(p0, p1)));
            assertEquals(Map.of(p0, 1_000L, p1, 3L), consumer.endOffsets(List.of(p0, p1)));
            consumer.seekToBeginning(List.of(p0));
            assertEquals(0, consumer.position(p0));
            consumer.seekToEnd(List.of(p0));
            assertEquals(1_000, consumer.position(p0));

            Map<org.apache.kafka.common.TopicPartition, OffsetAndTimestamp> byTime =
                    consumer.offsetsForTimes(Map.of(p0, 10_505L, p1, 99_999L));
            assertEquals(505, byTime.get(p0).offset());
            assertEquals(10_505, byTime.get(p0).timestamp());
            assertEquals(null, byTime.get(p1), "no record that late");
        }
    }

    @Test
    void aRecordAppendedDuringALongPollArrivesLongBeforeMaxWait() {
        broker.broker().logs().createTopic("waiting", 1, Map.of());
        org.apache.kafka.common.TopicPartition tp = new org.apache.kafka.common.TopicPartition("waiting", 0);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            consumer.assign(List.of(tp));
            consumer.seekToEnd(List.of(tp));
            assertEquals(0, consumer.position(tp));
            consumer.poll(Duration.ofMillis(200));
            // The empty poll above left a fetch parked at the log end (fetch.max.wait.ms = 500 ms by default).
            long[] latencies = new long[10];
            for (int i = 0; i < latencies.length; i++) {
                long appended = System.nanoTime();
                append(log("waiting", 0), "late" + i, 1, 50, 1_000);
                List<ConsumerRecord<byte[], byte[]>> got = pollUntil(consumer, 1);
                latencies[i] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - appended);
                assertEquals(1, got.size());
                assertEquals(i, got.get(0).offset());
                assertArrayEquals(FetchTestSupport.value("late" + i + "-0", 50), got.get(0).value());
                assertTrue(latencies[i] < 5_000, "arrived after " + latencies[i] + " ms");
                consumer.poll(Duration.ofMillis(100));
            }
            Arrays.sort(latencies);
            System.out.println("KafkaConsumer: a record appended during a long poll arrived after " + latencies[5]
                    + " ms (median of 10), at most " + latencies[9] + " ms");
        }
    }
}
