package io.runnel.broker.group.clients;

import io.runnel.broker.EmbeddedBroker;
import io.runnel.broker.testing.PollingConsumer;
import io.runnel.broker.testing.PollingConsumer.Received;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Committed offsets as kafka-clients consumers use them, in each group protocol: two groups on one topic each read
 * every record exactly once; a member that commits, closes and is replaced resumes after the committed offset; and
 * the commits survive a broker restart.
 */
class CommittedOffsetsKafkaClientsTest {
    private static final String TOPIC = "events";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @ParameterizedTest
    @ValueSource(strings = {"classic", "consumer"})
    void twoGroupsEachReadEveryRecordExactlyOnce(String protocol) throws Exception {
        try (EmbeddedBroker broker = startBroker(null)) {
            List<PollingConsumer> members = new ArrayList<>();
            try {
                PollingConsumer a1 = member(broker, "group-a", protocol, members);
                PollingConsumer a2 = member(broker, "group-a", protocol, members);
                PollingConsumer b1 = member(broker, "group-b", protocol, members);
                // Produce only once both groups are settled, so that nobody fails or rebalances while reading.
                await().atMost(WAIT).until(() -> a1.assignment().size() + a2.assignment().size() == 3
                        && !a1.assignment().isEmpty() && !a2.assignment().isEmpty() && b1.assignment().size() == 3);
                List<String> produced = produce(broker, 0, 300);
                await().atMost(WAIT).until(() -> values(a1, a2).size() >= 300 && values(b1).size() >= 300);
                assertEquals(sorted(produced), sorted(values(a1, a2)), "group-a read every record exactly once");
                assertEquals(sorted(produced), sorted(values(b1)), "group-b read every record exactly once");
            } finally {
                members.forEach(PollingConsumer::close);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"classic", "consumer"})
    void aReplacementResumesAfterTheCommittedOffsetsEvenAcrossARestart(String protocol, @TempDir Path dataDir)
            throws Exception {
        List<String> first;
        List<String> second;
        try (EmbeddedBroker broker = startBroker(dataDir)) {
            first = produce(broker, 0, 90);
            PollingConsumer reader = PollingConsumer.start(broker.bootstrapServers(), "resume", protocol,
                    List.of(TOPIC), true, Map.of());
            try {
                await().atMost(WAIT).until(() -> values(reader).size() >= 90);
            } finally {
                reader.close();
            }
            assertEquals(sorted(first), sorted(values(reader)));
            assertEquals(Map.of(0, 30L, 1, 30L, 2, 30L), committed(broker, "resume"));

            second = produce(broker, 90, 60);
            PollingConsumer replacement = PollingConsumer.start(broker.bootstrapServers(), "resume", protocol,
                    List.of(TOPIC), true, Map.of());
            try {
                await().atMost(WAIT).until(() -> values(replacement).size() >= 60);
            } finally {
                replacement.close();
            }
            assertEquals(sorted(second), sorted(values(replacement)), "only what came after the commit");
            assertEquals(Map.of(0, 50L, 1, 50L, 2, 50L), committed(broker, "resume"));
        }
        try (EmbeddedBroker restarted = startBroker(dataDir)) {
            assertEquals(Map.of(0, 50L, 1, 50L, 2, 50L), committed(restarted, "resume"));
            List<String> third = produce(restarted, 150, 30);
            PollingConsumer afterRestart = PollingConsumer.start(restarted.bootstrapServers(), "resume", protocol,
                    List.of(TOPIC), true, Map.of());
            try {
                await().atMost(WAIT).until(() -> values(afterRestart).size() >= 30);
            } finally {
                afterRestart.close();
            }
            assertEquals(sorted(third), sorted(values(afterRestart)), "nothing read twice after the restart");
        }
    }

    private static EmbeddedBroker startBroker(Path dataDir) {
        EmbeddedBroker.Builder builder = EmbeddedBroker.builder().config(GroupTestSettings.FAST);
        if (dataDir != null) {
            builder.dataDir(dataDir);
        }
        EmbeddedBroker broker = builder.start();
        if (broker.broker().logs().registry().get(TOPIC) == null) {
            broker.broker().logs().createTopic(TOPIC, 3, Map.of());
        }
        return broker;
    }

    private static PollingConsumer member(EmbeddedBroker broker, String group, String protocol,
                                          List<PollingConsumer> members) {
        PollingConsumer member = PollingConsumer.start(broker.bootstrapServers(), group, protocol, List.of(TOPIC),
                true, Map.of());
        members.add(member);
        return member;
    }

    /** Produces {@code count} records "v-N", N from {@code from}, spread evenly over the partitions. */
    private static List<String> produce(EmbeddedBroker broker, int from, int count) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        List<String> values = new ArrayList<>();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (int i = from; i < from + count; i++) {
                String value = "v-" + i;
                sent.add(producer.send(new ProducerRecord<>(TOPIC, i % 3, null, value)));
                values.add(value);
            }
            producer.flush();
            for (Future<RecordMetadata> f : sent) {
                f.get(10, TimeUnit.SECONDS);
            }
        }
        return values;
    }

    private static Map<Integer, Long> committed(EmbeddedBroker broker, String group) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<Integer, Long> result = new TreeMap<>();
            offsets.forEach((tp, om) -> result.put(tp.partition(), om.offset()));
            return result;
        }
    }

    private static List<String> values(PollingConsumer... members) {
        List<String> values = new ArrayList<>();
        for (PollingConsumer member : members) {
            for (Received r : member.received()) {
                values.add(r.value());
            }
        }
        return values;
    }

    private static List<String> sorted(List<String> values) {
        return values.stream().sorted().collect(Collectors.toList());
    }
}
