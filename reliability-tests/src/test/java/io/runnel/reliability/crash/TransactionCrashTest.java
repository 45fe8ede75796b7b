package io.runnel.reliability.crash;

import io.runnel.reliability.SoakSettings;
import io.runnel.reliability.check.BrokerProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Transactions across SIGKILL: a transactional kafka-clients producer runs transactions of four records over two
 * partitions, committing two in three and aborting the rest, while the broker child process is killed at a random
 * moment. After each restart a new producer with the same transactional id runs {@code initTransactions} (which
 * ends whatever the dead one left open), and a read_committed consumer reads both partitions to their end: every
 * committed transaction is wholly visible, every aborted or never-committed one wholly invisible, one whose commit
 * was in flight at the kill either wholly visible or wholly invisible, and no record twice. Fast: 4 kills; soak:
 * kills until the duration has passed.
 */
class TransactionCrashTest {
    private static final String TOPIC = "crash-txn";
    private static final int RECORDS_PER_TRANSACTION = 4;

    /** What the producer knows of a transaction. */
    enum Outcome { OPEN, ABORTED, COMMITTING, COMMITTED }

    @TempDir
    Path workDir;

    @Test
    void committedTransactionsAreWhollyVisibleAndTheOthersNeverHalfVisibleAfterSigkill() throws Exception {
        SoakSettings settings = SoakSettings.current(0x7c4a5bL);
        System.out.println("transaction crash suite starting, seed " + settings.seed());
        long start = System.nanoTime();
        Random random = new Random(settings.seed());
        Map<Integer, Outcome> outcomes = new LinkedHashMap<>();
        int next = 0;
        int kills = 0;
        int inFlightCommitsVisible = 0;
        int inFlightCommitsGone = 0;
        try (BrokerProcess broker = new BrokerProcess(workDir, Map.of())) {
            broker.start();
            createTopic(broker.bootstrap());
            while (settings.another(kills, 4, start)) {
                try (KafkaProducer<String, String> producer = producer(broker.bootstrap())) {
                    producer.initTransactions();
                    int committedThisCycle = 0;
                    CompletableFuture<Void> kill = null;
                    while (true) {
                        if (kill == null && committedThisCycle > 0) {
                            long delay = random.nextLong(1500);
                            kill = CompletableFuture.runAsync(() -> {
                                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(delay));
                                killQuietly(broker);
                            });
                        }
                        int id = next++;
                        outcomes.put(id, Outcome.OPEN);
                        try {
                            producer.beginTransaction();
                            for (int i = 0; i < RECORDS_PER_TRANSACTION; i++) {
                                producer.send(new ProducerRecord<>(TOPIC, i % 2, null, "t" + id + "-" + i));
                            }
                            if (random.nextInt(3) == 0) {
                                producer.abortTransaction();
                                outcomes.put(id, Outcome.ABORTED);
                            } else {
                                outcomes.put(id, Outcome.COMMITTING);
                                producer.commitTransaction();
                                outcomes.put(id, Outcome.COMMITTED);
                                committedThisCycle++;
                            }
                        } catch (RuntimeException e) {
                            if (kill == null) {
                                throw new AssertionError("transaction " + id + " failed with no kill", e);
                            }
                            break; // the broker died: this transaction's outcome is what the map says
                        }
                    }
                    kill.join();
                    producer.close(Duration.ZERO);
                }
                kills++;
                broker.start();
                try (KafkaProducer<String, String> fencing = producer(broker.bootstrap())) {
                    fencing.initTransactions();
                }
                Map<String, Integer> visible = readCommitted(broker.bootstrap());
                for (Map.Entry<Integer, Outcome> e : outcomes.entrySet()) {
                    int seen = 0;
                    for (int i = 0; i < RECORDS_PER_TRANSACTION; i++) {
                        Integer times = visible.get("t" + e.getKey() + "-" + i);
                        assertTrue(times == null || times == 1, "t" + e.getKey() + "-" + i + " visible " + times
                                + " times after kill " + kills);
                        seen += times == null ? 0 : 1;
                    }
                    String what = "transaction " + e.getKey() + " (" + e.getValue() + "): " + seen + " of "
                            + RECORDS_PER_TRANSACTION + " records visible after kill " + kills;
                    switch (e.getValue()) {
                        case COMMITTED -> assertEquals(RECORDS_PER_TRANSACTION, seen, what);
                        case OPEN, ABORTED -> assertEquals(0, seen, what);
                        case COMMITTING -> {
                            assertTrue(seen == 0 || seen == RECORDS_PER_TRANSACTION, what);
                            if (seen == 0) {
                                inFlightCommitsGone++;
                            } else {
                                inFlightCommitsVisible++;
                            }
                            // Settled now: later checks hold it to what it turned out to be.
                            e.setValue(seen == 0 ? Outcome.ABORTED : Outcome.COMMITTED);
                        }
                    }
                }
            }
            broker.stop();
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("kills", kills);
        figures.put("transactions", outcomes.size());
        figures.put("committed", outcomes.values().stream().filter(o -> o == Outcome.COMMITTED).count());
        figures.put("aborted-or-never-committed", outcomes.values().stream().filter(o -> o != Outcome.COMMITTED)
                .count());
        figures.put("in-flight-commits-visible", inFlightCommitsVisible);
        figures.put("in-flight-commits-gone", inFlightCommitsGone);
        figures.put("half-visible", 0);
        settings.printSummary("transaction-crash", start, figures);
    }

    private static void killQuietly(BrokerProcess broker) {
        try {
            broker.kill();
        } catch (Exception e) {
            throw new AssertionError("killing the broker failed", e);
        }
    }

    /** Every value read with read_committed from both partitions up to their ends, with how often it was read. */
    private static Map<String, Integer> readCommitted(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.CHECK_CRCS_CONFIG, "true");
        Map<String, Integer> seen = new HashMap<>();
        List<TopicPartition> partitions = List.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(60));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                assertTrue(System.nanoTime() < deadline, "reading " + TOPIC + " to " + ends + " took too long");
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    seen.merge(r.value(), 1, Integer::sum);
                }
            }
        }
        return seen;
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "crash-txn-producer");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000");
        props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "30000");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static void createTopic(String bootstrap) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get(60, TimeUnit.SECONDS);
        }
    }
}
