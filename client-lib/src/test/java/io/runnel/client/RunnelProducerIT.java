package io.runnel.client;

import io.runnel.junit.RunnelBootstrap;
import io.runnel.junit.RunnelBrokerExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static io.runnel.client.ProducedRecords.TIMEOUT;
import static io.runnel.client.ProducedRecords.createTopic;
import static io.runnel.client.ProducedRecords.readAll;
import static io.runnel.client.ProducedRecords.uniqueTopic;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RunnelProducer end to end, read back with kafka-clients' KafkaConsumer. Runs in {@code mvn verify} against an
 * embedded Runnel broker and, with {@code -Pexternal-cluster}, unchanged against Apache Kafka.
 */
@ExtendWith(RunnelBrokerExtension.class)
class RunnelProducerIT {
    @RunnelBootstrap
    String bootstrap;

    private RunnelProducerBuilder producer() {
        return RunnelProducer.builder().bootstrap(bootstrap);
    }

    private static String utf8(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void sendSyncReturnsOnceAcknowledgedWithConsecutiveOffsets() throws Exception {
        String topic = uniqueTopic("sync");
        createTopic(bootstrap, topic, 1);
        try (RunnelProducer producer = producer().build()) {
            for (int i = 0; i < 20; i++) {
                RecordMetadata meta = producer.sendSync(ProducerRecord.of(topic, "k" + i, "v" + i));
                assertEquals(new RecordMetadata(topic, 0, i, meta.timestamp()), meta);
                assertTrue(meta.timestamp() > 0);
            }
        }
        List<ConsumerRecord<byte[], byte[]>> read = readAll(bootstrap, topic, 1, 20);
        assertEquals(20, read.size());
        for (int i = 0; i < 20; i++) {
            assertEquals("k" + i, utf8(read.get(i).key()));
            assertEquals("v" + i, utf8(read.get(i).value()));
            assertEquals(i, read.get(i).offset());
        }
    }

    @Test
    void asyncSendReturnsAtOnceAndCompletesInOrderOnTheCallbackThread() throws Exception {
        String topic = uniqueTopic("async");
        createTopic(bootstrap, topic, 3);
        int count = 3000;
        ConcurrentLinkedQueue<String> threads = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        try (RunnelProducer producer = producer().build()) {
            for (int i = 0; i < count; i++) {
                futures.add(producer.send(ProducerRecord.of(topic, "key-" + (i % 17), "value-" + i))
                        .whenComplete((m, e) -> threads.add(Thread.currentThread().getName())));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
        Map<Integer, Long> lastOffset = new HashMap<>();
        Map<String, Integer> partitionOfKey = new HashMap<>();
        for (int i = 0; i < count; i++) {
            RecordMetadata meta = futures.get(i).getNow(null);
            long previous = lastOffset.getOrDefault(meta.partition(), -1L);
            assertTrue(meta.offset() > previous, "offsets grow in send order within a partition");
            lastOffset.put(meta.partition(), meta.offset());
            String key = "key-" + (i % 17);
            assertEquals(partitionOfKey.computeIfAbsent(key, k -> meta.partition()), meta.partition(),
                    "one key, one partition");
            assertEquals(Partitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), 3), meta.partition());
        }
        // A callback attached after its future completed runs at once on the attaching thread (here: the test's);
        // every other one runs on the producer's callback thread, never on the network thread.
        String testThread = Thread.currentThread().getName();
        assertTrue(threads.stream().allMatch(name -> name.startsWith("runnel-producer-callbacks-")
                || name.equals(testThread)), "callbacks ran on " + new java.util.HashSet<>(threads));
        assertTrue(threads.stream().anyMatch(name -> name.startsWith("runnel-producer-callbacks-")));
        List<ConsumerRecord<byte[], byte[]>> read = readAll(bootstrap, topic, 3, count);
        assertEquals(count, read.size(), "no duplicates");
    }

    @ParameterizedTest
    @EnumSource(Acks.class)
    void everyAcksLevelDelivers(Acks acks) throws Exception {
        String topic = uniqueTopic("acks-" + acks);
        createTopic(bootstrap, topic, 1);
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        try (RunnelProducer producer = producer().acks(acks).build()) {
            for (int i = 0; i < 100; i++) {
                futures.add(producer.send(ProducerRecord.of(topic, null, "v" + i)));
            }
            producer.flush();
            for (CompletableFuture<RecordMetadata> future : futures) {
                assertTrue(future.isDone(), "flush waits for every record");
            }
        }
        for (int i = 0; i < 100; i++) {
            RecordMetadata meta = futures.get(i).get();
            assertEquals(acks == Acks.NONE ? -1 : i, meta.offset(), "offset of record " + i);
        }
        List<ConsumerRecord<byte[], byte[]>> read = readAll(bootstrap, topic, 1, 100);
        assertEquals(100, read.size());
        for (int i = 0; i < 100; i++) {
            assertEquals("v" + i, utf8(read.get(i).value()));
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void everyCodecIsReadByKafkasConsumer(CompressionType codec) throws Exception {
        String topic = uniqueTopic("codec-" + codec.kafkaName());
        createTopic(bootstrap, topic, 2);
        int count = 500;
        try (RunnelProducer producer = producer().compression(codec).linger(Duration.ofMillis(20)).build()) {
            for (int i = 0; i < count; i++) {
                producer.send(ProducerRecord.builder(topic).key("key-" + i)
                        .value(("value " + i + " ").repeat(5)).timestamp(1_700_000_000_000L + i)
                        .header("n", Integer.toString(i)).header("empty", (byte[]) null).build());
            }
            producer.flush();
        }
        List<ConsumerRecord<byte[], byte[]>> read = readAll(bootstrap, topic, 2, count);
        assertEquals(count, read.size());
        for (ConsumerRecord<byte[], byte[]> record : read) {
            int i = Integer.parseInt(utf8(record.headers().lastHeader("n").value()));
            assertEquals("key-" + i, utf8(record.key()));
            assertEquals(("value " + i + " ").repeat(5), utf8(record.value()));
            assertEquals(1_700_000_000_000L + i, record.timestamp());
            assertEquals(null, record.headers().lastHeader("empty").value());
        }
    }

    @Test
    void keysLandWhereKafkasProducerPutsThem() throws Exception {
        String ours = uniqueTopic("placement-runnel");
        String theirs = uniqueTopic("placement-kafka");
        createTopic(bootstrap, ours, 7);
        createTopic(bootstrap, theirs, 7);
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (RunnelProducer producer = producer().build();
             KafkaProducer<byte[], byte[]> kafka = new KafkaProducer<>(config)) {
            for (int i = 0; i < 200; i++) {
                byte[] key = ("customer-" + i * 7919).getBytes(StandardCharsets.UTF_8);
                int kafkaPartition = kafka.send(new org.apache.kafka.clients.producer.ProducerRecord<>(theirs, key,
                        key)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).partition();
                assertEquals(kafkaPartition, producer.sendSync(ProducerRecord.of(ours, key, key)).partition(),
                        "key #" + i);
            }
        }
    }

    @Test
    void anExplicitPartitionWinsOverTheKey() throws Exception {
        String topic = uniqueTopic("explicit");
        createTopic(bootstrap, topic, 4);
        try (RunnelProducer producer = producer().build()) {
            for (int p = 0; p < 4; p++) {
                assertEquals(p, producer.sendSync(ProducerRecord.builder(topic).partition(p).key("same").value("x")
                        .build()).partition());
            }
            CompletableFuture<RecordMetadata> missing = producer.send(ProducerRecord.builder(topic).partition(4)
                    .value("x").build());
            Throwable error = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> missing.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).getCause();
            assertInstanceOf(UnknownTopicException.class, error);
            assertTrue(error.getMessage().contains("partition 4 of topic " + topic), error.getMessage());
        }
    }

    @Test
    void closeSendsWhatIsBuffered() throws Exception {
        String topic = uniqueTopic("close");
        createTopic(bootstrap, topic, 1);
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        RunnelProducer producer = producer().linger(Duration.ofSeconds(30)).deliveryTimeout(Duration.ofSeconds(120))
                .build();
        for (int i = 0; i < 50; i++) {
            futures.add(producer.send(ProducerRecord.of(topic, null, "buffered-" + i)));
        }
        // Nothing was sent yet: metadata, the producer id and the batch all happen during close.
        producer.close();
        for (CompletableFuture<RecordMetadata> future : futures) {
            assertTrue(future.isDone() && !future.isCompletedExceptionally(), "closed with the record sent");
        }
        List<ConsumerRecord<byte[], byte[]>> read = readAll(bootstrap, topic, 1, 50);
        assertEquals(50, read.size());
        for (int i = 0; i < 50; i++) {
            assertEquals("buffered-" + i, utf8(read.get(i).value()));
        }
        assertThrows(IllegalStateException.class, () -> producer.send(ProducerRecord.of(topic, "a", "b")));
    }

    @Test
    void headersAndTimestampsRoundTrip() throws Exception {
        String topic = uniqueTopic("headers");
        createTopic(bootstrap, topic, 1);
        try (RunnelProducer producer = producer().build()) {
            RecordMetadata meta = producer.sendSync(ProducerRecord.builder(topic).key(new byte[]{0, 1, 2})
                    .value((byte[]) null).timestamp(1234L).header("a", "1").header("a", "2")
                    .header(Header.of("bin", new byte[]{(byte) 0xff})).build());
            assertEquals(1234L, meta.timestamp());
        }
        ConsumerRecord<byte[], byte[]> record = readAll(bootstrap, topic, 1, 1).get(0);
        assertArrayEquals(new byte[]{0, 1, 2}, record.key());
        assertEquals(null, record.value());
        assertEquals(1234L, record.timestamp());
        List<String> headers = new ArrayList<>();
        record.headers().forEach(h -> headers.add(h.key() + "=" + (h.value().length == 1 && h.value()[0] == (byte) 0xff
                ? "ff" : utf8(h.value()))));
        assertEquals(List.of("a=1", "a=2", "bin=ff"), headers);
        assertFalse(headers.isEmpty());
    }
}
