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
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Churn under load, in each group protocol: while a producer writes, members join and leave at random; a checker
 * records who owns what when. No partition ever has two owners at once, every record is consumed at least once,
 * and the group's committed offsets never move backwards.
 */
class ChurnKafkaClientsTest {
    private static final String TOPIC = "churn";
    private static final int PARTITIONS = 6;
    private static final long CHURN_MS = 6_000;

    @ParameterizedTest
    @ValueSource(strings = {"classic", "consumer"})
    void membersComeAndGoWithoutDoubleOwnershipLossOrCommitsGoingBack(String protocol) throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.builder().config(GroupTestSettings.FAST).start()) {
            broker.broker().logs().createTopic(TOPIC, PARTITIONS, Map.of());
            OwnershipLog ownership = new OwnershipLog();
            List<PollingConsumer> retired = new ArrayList<>();
            List<PollingConsumer> active = new ArrayList<>();
            AtomicInteger names = new AtomicInteger();
            AtomicBoolean producing = new AtomicBoolean(true);
            List<String> produced = new CopyOnWriteArrayList<>();
            List<String> commitRegressions = new CopyOnWriteArrayList<>();
            Thread producer = new Thread(() -> produce(broker, producing, produced), "churn-producer");
            Thread committedWatcher = new Thread(() -> watchCommits(broker, producing, commitRegressions),
                    "churn-commit-watcher");
            producer.start();
            committedWatcher.start();
            Random random = new Random(42);
            try {
                active.add(member(broker, protocol, ownership, names));
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CHURN_MS);
                long hardEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10 * CHURN_MS);
                // Churn for CHURN_MS and until enough was produced to mean something, even on a slow machine.
                while ((System.nanoTime() < end || produced.size() <= 100) && System.nanoTime() < hardEnd) {
                    Thread.sleep(300 + random.nextInt(400)); // the pace of the churn itself, not a wait for a condition
                    if (active.size() < 4 && (active.size() == 1 || random.nextBoolean())) {
                        active.add(member(broker, protocol, ownership, names));
                    } else {
                        PollingConsumer leaving = active.remove(random.nextInt(active.size()));
                        leaving.close();
                        retired.add(leaving);
                    }
                }
            } finally {
                producing.set(false);
                producer.join(30_000);
                committedWatcher.join(30_000);
            }
            try {
                // Whoever is left reads to the end: everything produced was consumed by someone, at least once.
                List<PollingConsumer> everyone = new ArrayList<>(retired);
                everyone.addAll(active);
                await().atMost(Duration.ofSeconds(60)).until(() -> consumedValues(everyone).containsAll(produced));
            } finally {
                for (PollingConsumer member : active) {
                    member.close();
                }
            }
            assertTrue(produced.size() > 100, "the producer kept writing: " + produced.size());
            assertEquals(List.of(), ownership.overlaps(), "no partition had two owners at the same time");
            assertEquals(List.of(), commitRegressions, "committed offsets never moved backwards");
            System.out.println(protocol + " churn: " + names.get() + " members, " + produced.size()
                    + " records, " + ownership.intervals().size() + " ownership intervals, "
                    + ownership.lostCount() + " lost");
        }
    }

    private static PollingConsumer member(EmbeddedBroker broker, String protocol, OwnershipLog ownership,
                                          AtomicInteger names) {
        String name = "m" + names.incrementAndGet();
        return PollingConsumer.start(broker.bootstrapServers(), "churners", protocol, List.of(TOPIC), true,
                Map.of(), ownership.listenerFor(name));
    }

    private static Set<String> consumedValues(List<PollingConsumer> members) {
        Set<String> values = new HashSet<>();
        for (PollingConsumer member : members) {
            for (Received r : member.received()) {
                values.add(r.value());
            }
        }
        return values;
    }

    private static void produce(EmbeddedBroker broker, AtomicBoolean producing, List<String> produced) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            int n = 0;
            while (producing.get()) {
                String value = "r-" + n;
                producer.send(new ProducerRecord<>(TOPIC, n % PARTITIONS, null, value)).get(10, TimeUnit.SECONDS);
                produced.add(value);
                n++;
            }
        } catch (Exception e) {
            throw new AssertionError("producing failed", e);
        }
    }

    private static void watchCommits(EmbeddedBroker broker, AtomicBoolean running, List<String> regressions) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        Map<TopicPartition, Long> highest = new HashMap<>();
        try (Admin admin = Admin.create(props)) {
            while (running.get()) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("churners")
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                committed.forEach((tp, om) -> {
                    Long before = highest.put(tp, om.offset());
                    if (before != null && om.offset() < before) {
                        regressions.add(tp + " went from " + before + " back to " + om.offset());
                    }
                });
                Thread.sleep(100); // sampling pace
            }
        } catch (Exception e) {
            regressions.add("watching commits failed: " + e);
        }
    }
}
