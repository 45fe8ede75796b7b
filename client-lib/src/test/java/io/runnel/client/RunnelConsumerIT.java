package io.runnel.client;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import io.runnel.junit.RunnelBootstrap;
import io.runnel.junit.RunnelBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RunnelConsumer outside group membership: codecs written by kafka-clients' producer, positions and seeks, the NONE
 * reset policy, pause, wakeup and single-thread use. Runs against Runnel and, unchanged, against Apache Kafka 4.x.
 */
@ExtendWith(RunnelBrokerExtension.class)
class RunnelConsumerIT {
    @RunnelBootstrap
    static String bootstrap;

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static RunnelConsumer.Builder builder() {
        return RunnelConsumer.builder().bootstrap(bootstrap).autoOffsetReset(OffsetReset.EARLIEST);
    }

    private static List<ConsumerRecord> readAtLeast(RunnelConsumer consumer, int count) {
        List<ConsumerRecord> out = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(1)).until(() -> {
            for (ConsumerRecord record : consumer.poll(Duration.ofMillis(100))) {
                out.add(record);
            }
            return out.size() >= count;
        });
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void recordsOfEveryCodecFromKafkaClientsProducerAreRead(String codec) throws Exception {
        String topic = unique("codec-" + codec);
        KafkaTestClients.createTopic(bootstrap, topic, 1);
        try (KafkaProducer<String, String> producer = KafkaTestClients.producer(bootstrap, codec)) {
            for (int i = 0; i < 50; i++) {
                ProducerRecord<String, String> record = new ProducerRecord<>(topic, 0, 1_000L + i,
                        i % 10 == 0 ? null : "key-" + i, "value-" + i + "-" + "x".repeat(i));
                record.headers().add(new RecordHeader("n", Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
                producer.send(record);
            }
            producer.flush();
        }
        try (RunnelConsumer consumer = builder().build()) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            List<ConsumerRecord> records = readAtLeast(consumer, 50);
            assertEquals(50, records.size());
            for (int i = 0; i < 50; i++) {
                ConsumerRecord record = records.get(i);
                assertEquals(i, record.offset());
                assertEquals(1_000L + i, record.timestamp());
                assertEquals(i % 10 == 0 ? null : "key-" + i, record.keyAsString());
                assertEquals("value-" + i + "-" + "x".repeat(i), record.valueAsString());
                assertEquals(1, record.headers().size());
                assertEquals("n", record.headers().get(0).key());
                assertArrayEquals(Integer.toString(i).getBytes(StandardCharsets.UTF_8),
                        record.headers().get(0).value());
            }
        }
    }

    @Test
    void seekPositionPauseAndResume() {
        String topic = unique("seek");
        KafkaTestClients.createTopic(bootstrap, topic, 2);
        KafkaTestClients.produce(bootstrap, topic, 2, 10);
        TopicPartition p0 = new TopicPartition(topic, 0);
        TopicPartition p1 = new TopicPartition(topic, 1);
        try (RunnelConsumer consumer = builder().build()) {
            consumer.assign(List.of(p0, p1));
            assertEquals(Set.of(p0, p1), consumer.assignment());
            assertEquals(0, consumer.position(p0));
            consumer.seekToEnd(List.of(p1));
            assertEquals(10, consumer.position(p1));
            consumer.seek(p0, 7);
            List<ConsumerRecord> records = readAtLeast(consumer, 3);
            assertEquals(List.of(7L, 8L, 9L), records.stream().map(ConsumerRecord::offset).toList());
            assertEquals(10, consumer.position(p0));

            consumer.pause(List.of(p0));
            consumer.seekToBeginning(List.of(p0));
            assertEquals(Set.of(p0), consumer.paused());
            assertTrue(consumer.poll(Duration.ofMillis(300)).isEmpty(), "paused: nothing returned");
            consumer.resume(List.of(p0));
            assertEquals(10, readAtLeast(consumer, 10).size());
        }
    }

    @Test
    void resetNoneThrowsFromPollForAPartitionWithoutCommittedOffset() {
        String topic = unique("none");
        KafkaTestClients.createTopic(bootstrap, topic, 1);
        TopicPartition tp = new TopicPartition(topic, 0);
        try (RunnelConsumer consumer = builder().groupId(unique("g")).autoOffsetReset(OffsetReset.NONE).build()) {
            consumer.assign(List.of(tp));
            NoOffsetForPartitionException e = assertThrows(NoOffsetForPartitionException.class, () -> {
                for (int i = 0; i < 600; i++) {
                    consumer.poll(Duration.ofMillis(100));
                }
            });
            assertEquals(Set.of(tp), e.partitions());
            consumer.seek(tp, 0);
            assertTrue(consumer.poll(Duration.ofMillis(100)).isEmpty());
        }
    }

    @Test
    void wakeupFromAnotherThreadEndsABlockedPoll() throws Exception {
        String topic = unique("wakeup");
        KafkaTestClients.createTopic(bootstrap, topic, 1);
        try (RunnelConsumer consumer = builder().build()) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            CountDownLatch polling = new CountDownLatch(1);
            CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
                polling.countDown();
                try {
                    consumer.poll(Duration.ofMinutes(5));
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            });
            assertTrue(polling.await(30, TimeUnit.SECONDS));
            // Whether the poll is already blocked or about to start, one wakeup ends it.
            consumer.wakeup();
            assertInstanceOf(WakeupException.class, outcome.get(30, TimeUnit.SECONDS));
            assertTrue(consumer.poll(Duration.ofMillis(10)).isEmpty(), "usable after a wakeup");
        }
    }

    @Test
    void aSecondThreadInsideTheConsumerIsRefused() throws Exception {
        String topic = unique("threads");
        KafkaTestClients.createTopic(bootstrap, topic, 1);
        try (RunnelConsumer consumer = builder().build()) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            CompletableFuture<Void> polling = CompletableFuture.runAsync(() -> {
                while (true) {
                    try {
                        consumer.poll(Duration.ofMinutes(5));
                    } catch (WakeupException expected) {
                        return;
                    } catch (ConcurrentConsumerUseException raced) {
                        // The test thread was inside first; poll again.
                    }
                }
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                try {
                    consumer.assignment();
                    return false;
                } catch (ConcurrentConsumerUseException e) {
                    return true;
                }
            });
            consumer.wakeup();
            polling.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aBrokerThatIsDownGivesAClearErrorWithinTheTimeouts() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (RunnelConsumer consumer = RunnelConsumer.builder().bootstrap("127.0.0.1:" + closedPort)
                .groupId(unique("g")).defaultApiTimeout(Duration.ofSeconds(3))
                .requestTimeout(Duration.ofSeconds(2)).build()) {
            TopicPartition tp = new TopicPartition("anything", 0);
            consumer.assign(List.of(tp));
            assertTrue(consumer.poll(Duration.ofMillis(300)).isEmpty(), "poll returns at its timeout");
            RunnelException e = assertThrows(RunnelException.class, () -> consumer.committed(Set.of(tp)));
            assertTrue(e instanceof RunnelTimeoutException || e instanceof BrokerUnavailableException, e.toString());
            consumer.unsubscribe();
            consumer.subscribe(List.of("anything"));
            assertTrue(consumer.poll(Duration.ofMillis(300)).isEmpty(), "a group member's poll returns too");
        }
    }
}
