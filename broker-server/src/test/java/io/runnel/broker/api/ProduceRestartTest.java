package io.runnel.broker.api;

import io.runnel.broker.EmbeddedBroker;
import io.runnel.broker.Main;
import io.runnel.broker.testing.ChildProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a producer was told is written is still there after the broker stops: cleanly, and killed with SIGKILL
 * in a child JVM (acks=all: acknowledged records were fsynced).
 */
class ProduceRestartTest {
    private static final Pattern STARTED = Pattern.compile("Runnel broker started on [^:]+:(\\d+) ");
    private static final String TOPIC = "restart";
    private static final int PARTITIONS = 3;
    private static final int RECORDS = 600;

    @Test
    void everyRecordIsReadBackAfterACleanRestart(@TempDir Path dataDir) throws Exception {
        Map<TopicPartition, List<String>> written;
        try (EmbeddedBroker broker = EmbeddedBroker.builder().dataDir(dataDir).start()) {
            written = produce(broker.bootstrapServers());
        }
        try (EmbeddedBroker broker = EmbeddedBroker.builder().dataDir(dataDir).start()) {
            assertEquals(written, consumeAll(broker.bootstrapServers(), written));
        }
    }

    @Test
    void everyAcknowledgedRecordIsReadBackAfterSigkill(@TempDir Path workDir) throws Exception {
        Path dataDir = workDir.resolve("data");
        Map<TopicPartition, List<String>> written;
        try (ChildProcess child = ChildProcess.startMain(workDir, Main.class.getName(), "--port", "0",
                "--data-dir", dataDir.toString())) {
            String line = child.awaitOut(l -> STARTED.matcher(l).find(), Duration.ofSeconds(60));
            assertNotNull(line, "no start-up line; stdout " + child.out() + " stderr " + child.err());
            Matcher started = STARTED.matcher(line);
            assertTrue(started.find());
            written = produce("127.0.0.1:" + started.group(1));
            child.signal("KILL");
            child.awaitExit(Duration.ofSeconds(30));
        }
        try (EmbeddedBroker broker = EmbeddedBroker.builder().dataDir(dataDir).start()) {
            assertEquals(written, consumeAll(broker.bootstrapServers(), written));
        }
    }

    /** Creates the topic, sends keyed records with acks=all and returns each partition's values in offset order. */
    private static Map<TopicPartition, List<String>> produce(String bootstrap) throws Exception {
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin client = Admin.create(admin)) {
            client.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        Map<TopicPartition, TreeMap<Long, String>> byOffset = new TreeMap<>(
                (a, b) -> Integer.compare(a.partition(), b.partition()));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            List<String> values = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                String value = "value-" + i;
                values.add(value);
                sent.add(producer.send(new ProducerRecord<>(TOPIC, "key-" + i, value)));
            }
            for (int i = 0; i < RECORDS; i++) {
                RecordMetadata meta = sent.get(i).get(30, TimeUnit.SECONDS);
                byOffset.computeIfAbsent(new TopicPartition(TOPIC, meta.partition()), tp -> new TreeMap<>())
                        .put(meta.offset(), values.get(i));
            }
        }
        Map<TopicPartition, List<String>> written = new TreeMap<>(
                (a, b) -> Integer.compare(a.partition(), b.partition()));
        byOffset.forEach((tp, offsets) -> {
            assertEquals(0L, offsets.firstKey(), "offsets of " + tp + " start at 0");
            assertEquals(offsets.size() - 1L, offsets.lastKey(), "offsets of " + tp + " are dense");
            written.put(tp, new ArrayList<>(offsets.values()));
        });
        return written;
    }

    private static Map<TopicPartition, List<String>> consumeAll(String bootstrap,
                                                                Map<TopicPartition, List<String>> expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<TopicPartition, List<String>> read = new TreeMap<>(
                (a, b) -> Integer.compare(a.partition(), b.partition()));
        int total = expected.values().stream().mapToInt(List::size).sum();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(TOPIC, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            int[] count = {0};
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    List<String> values = read.computeIfAbsent(
                            new TopicPartition(record.topic(), record.partition()), tp -> new ArrayList<>());
                    assertEquals(values.size(), record.offset(), "offsets read back dense from 0");
                    values.add(record.value());
                    count[0]++;
                }
                return count[0] >= total;
            });
            assertEquals(0, consumer.poll(Duration.ofMillis(200)).count(), "no record beyond what was written");
        }
        return read;
    }
}
