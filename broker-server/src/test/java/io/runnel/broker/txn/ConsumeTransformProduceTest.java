package io.runnel.broker.txn;

import io.runnel.broker.EmbeddedBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Consume-transform-produce with {@code sendOffsetsToTransaction} (KIP-447): two instances of an application in one
 * consumer group, each with its own transactional producer, copy an input topic to an output topic while the group
 * rebalances (the second instance joins half-way). Every input record must be in the committed output exactly once.
 */
class ConsumeTransformProduceTest {
    private static final String INPUT = "ctp-in";
    private static final String OUTPUT = "ctp-out";
    private static final int PARTITIONS = 4;
    private static final int RECORDS = 400;

    @Test
    void everyInputRecordIsCopiedExactlyOnceAcrossARebalance() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.builder().config("group.initial.rebalance.delay.ms", "0")
                .start()) {
            broker.broker().logs().createTopic(INPUT, PARTITIONS, Map.of());
            broker.broker().logs().createTopic(OUTPUT, PARTITIONS, Map.of());
            try (KafkaProducer<String, String> input = new KafkaProducer<>(Map.of("bootstrap.servers",
                    broker.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < RECORDS; i++) {
                    input.send(new ProducerRecord<>(INPUT, i % PARTITIONS, "k" + i, "r" + i));
                }
                input.flush();
            }
            AtomicInteger copied = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            Thread first = app(broker.bootstrapServers(), "ctp-1", copied, stop, failures);
            first.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> copied.get() >= RECORDS / 4);
            Thread second = app(broker.bootstrapServers(), "ctp-2", copied, stop, failures);
            second.start();
            try {
                await().atMost(Duration.ofSeconds(120)).until(() -> committedOutput(broker).size() >= RECORDS);
            } finally {
                stop.set(true);
                first.join(TimeUnit.SECONDS.toMillis(60));
                second.join(TimeUnit.SECONDS.toMillis(60));
            }
            assertTrue(failures.isEmpty(), "application failures: " + failures);
            List<String> output = committedOutput(broker);
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < RECORDS; i++) {
                expected.add("out-r" + i);
            }
            assertEquals(expected, Set.copyOf(output));
            assertEquals(RECORDS, output.size(), "no input record copied twice");
        }
    }

    private static List<String> committedOutput(EmbeddedBroker broker) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            partitions.add(new TopicPartition(OUTPUT, p));
        }
        return TransactionalClients.readAll(broker.bootstrapServers(), "read_committed", partitions);
    }

    /** One application instance: poll, copy, send the offsets with the group's metadata, commit; abort on error. */
    private static Thread app(String bootstrap, String transactionalId, AtomicInteger copied, AtomicBoolean stop,
                              List<Throwable> failures) {
        Thread t = new Thread(() -> {
            try (KafkaConsumer<String, String> consumer = TransactionalClients.consumer(bootstrap, "read_committed",
                    Map.of(ConsumerConfig.GROUP_ID_CONFIG, "ctp-group",
                            ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 20,
                            ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000));
                 KafkaProducer<String, String> producer = TransactionalClients.producer(bootstrap, transactionalId,
                         Map.of())) {
                producer.initTransactions();
                consumer.subscribe(List.of(INPUT), new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    }

                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    }
                });
                while (!stop.get()) {
                    ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
                    if (records.isEmpty()) {
                        continue;
                    }
                    producer.beginTransaction();
                    try {
                        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                        for (ConsumerRecord<String, String> r : records) {
                            producer.send(new ProducerRecord<>(OUTPUT, r.partition(), r.key(), "out-" + r.value()));
                            offsets.put(new TopicPartition(r.topic(), r.partition()),
                                    new OffsetAndMetadata(r.offset() + 1));
                        }
                        producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                        producer.commitTransaction();
                        copied.addAndGet(records.count());
                    } catch (ProducerFencedException e) {
                        throw e;
                    } catch (KafkaException e) {
                        // A rebalance fenced this generation's commit: drop the batch and resume from the committed
                        // offsets, which the other instance may have moved.
                        producer.abortTransaction();
                        for (TopicPartition tp : consumer.assignment()) {
                            OffsetAndMetadata committed = consumer.committed(Set.of(tp)).get(tp);
                            consumer.seek(tp, committed == null ? 0 : committed.offset());
                        }
                    }
                }
            } catch (Throwable e) {
                failures.add(e);
            }
        }, "ctp-app-" + transactionalId);
        t.setDaemon(true);
        return t;
    }
}
