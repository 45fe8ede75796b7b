package io.runnel.broker.txn;

import io.runnel.broker.EmbeddedBroker;
import io.runnel.broker.log.PartitionLog;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kafka-clients' transactional producer against the broker: commit and abort seen by read_committed and
 * read_uncommitted consumers, the last stable offset, fencing of an older instance, a timed-out transaction, and
 * the Admin views kafka-transactions uses.
 */
class TransactionalProducerTest {
    private static EmbeddedBroker broker;

    @BeforeAll
    static void start() {
        broker = EmbeddedBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static List<TopicPartition> partitions(String topic, int count) {
        List<TopicPartition> list = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            list.add(new TopicPartition(topic, p));
        }
        return list;
    }

    private static PartitionLog log(String topic, int partition) {
        return broker.broker().logs().log(new io.runnel.broker.topic.TopicPartition(topic, partition));
    }

    @Test
    void readCommittedSeesExactlyTheCommittedRecordsAndReadUncommittedSeesAll() {
        String topic = "txn-commit-abort";
        broker.broker().logs().createTopic(topic, 2, Map.of());
        try (KafkaProducer<String, String> producer = TransactionalClients.producer(broker.bootstrapServers(),
                "tx-commit-abort", Map.of())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < 6; i++) {
                producer.send(new ProducerRecord<>(topic, i % 2, "k" + i, "committed-" + i));
            }
            producer.commitTransaction();
            producer.beginTransaction();
            for (int i = 0; i < 4; i++) {
                producer.send(new ProducerRecord<>(topic, i % 2, "k" + i, "aborted-" + i));
            }
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 0, "k", "committed-last"));
            producer.commitTransaction();
        }
        List<String> committed = TransactionalClients.readAll(broker.bootstrapServers(), "read_committed",
                partitions(topic, 2));
        assertEquals(Set.of("committed-0", "committed-1", "committed-2", "committed-3", "committed-4",
                "committed-5", "committed-last"), Set.copyOf(committed));
        assertEquals(7, committed.size(), "no record twice: " + committed);
        List<String> all = TransactionalClients.readAll(broker.bootstrapServers(), "read_uncommitted",
                partitions(topic, 2));
        assertEquals(11, all.size(), "every data record, aborted ones too: " + all);
        assertTrue(all.containsAll(List.of("aborted-0", "aborted-1", "aborted-2", "aborted-3")));
        // Partition 0: 3 committed + marker, 2 aborted + marker, 1 committed + marker: 9 offsets, all stable.
        assertEquals(9, log(topic, 0).logEndOffset());
        assertEquals(9, log(topic, 0).transactions().lastStableOffset());
        assertEquals(1, log(topic, 0).transactions().abortedTransactions(0, 9).size());
        assertEquals(4, log(topic, 0).transactions().abortedTransactions(0, 9).get(0).firstOffset());
    }

    @Test
    void pipelinedBatchesOfATransactionStayInOrderWhileItsFirstIsVerified() throws Exception {
        String topic = "txn-pipelined";
        broker.broker().logs().createTopic(topic, 1, Map.of());
        // Small batches, five in flight: the next batches reach the broker while the first is being verified.
        try (KafkaProducer<String, String> producer = TransactionalClients.producer(broker.bootstrapServers(),
                "tx-pipelined", Map.of("batch.size", 512, "linger.ms", 2))) {
            producer.initTransactions();
            for (int txn = 0; txn < 4; txn++) {
                producer.beginTransaction();
                for (int i = 0; i < 2_000; i++) {
                    producer.send(new ProducerRecord<>(topic, 0, "k", "t" + txn + "-" + i));
                }
                producer.commitTransaction();
            }
        }
        List<String> read = TransactionalClients.readAll(broker.bootstrapServers(), "read_committed",
                partitions(topic, 1));
        assertEquals(8_000, read.size());
        assertEquals("t0-0", read.get(0));
        assertEquals("t3-1999", read.get(read.size() - 1));
    }

    @Test
    void anOpenTransactionHoldsTheLastStableOffsetAndReadCommittedWaitsForIt() throws Exception {
        String topic = "txn-lso";
        broker.broker().logs().createTopic(topic, 1, Map.of());
        try (KafkaProducer<String, String> plain = new KafkaProducer<>(Map.of("bootstrap.servers",
                broker.bootstrapServers()), new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer());
             KafkaProducer<String, String> producer = TransactionalClients.producer(broker.bootstrapServers(),
                     "tx-lso", Map.of())) {
            plain.send(new ProducerRecord<>(topic, "before")).get(10, TimeUnit.SECONDS);
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "open")).get(10, TimeUnit.SECONDS);
            plain.send(new ProducerRecord<>(topic, "after")).get(10, TimeUnit.SECONDS);
            PartitionLog log = log(topic, 0);
            assertEquals(3, log.logEndOffset());
            assertEquals(1, log.transactions().lastStableOffset(), "the open transaction starts at offset 1");
            try (Admin admin = admin()) {
                Map<TopicPartition, org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo> latest = admin.listOffsets(
                        Map.of(new TopicPartition(topic, 0), org.apache.kafka.clients.admin.OffsetSpec.latest()),
                        new org.apache.kafka.clients.admin.ListOffsetsOptions(
                                org.apache.kafka.common.IsolationLevel.READ_COMMITTED)).all().get();
                assertEquals(1, latest.get(new TopicPartition(topic, 0)).offset());
                Collection<ProducerState> producers = admin.describeProducers(List.of(new TopicPartition(topic, 0)))
                        .partitionResult(new TopicPartition(topic, 0)).get().activeProducers();
                assertTrue(producers.stream().anyMatch(p -> p.currentTransactionStartOffset().orElse(-1L) == 1L),
                        "DescribeProducers shows the open transaction at offset 1: " + producers);
            }
            producer.commitTransaction();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> log.transactions().lastStableOffset() == log.logEndOffset());
            assertEquals(4, log.logEndOffset());
        }
        assertEquals(List.of("before", "open", "after"), TransactionalClients.readAll(broker.bootstrapServers(),
                "read_committed", partitions(topic, 1)));
    }

    @Test
    void aSecondProducerWithTheSameTransactionalIdFencesTheFirst() throws Exception {
        String topic = "txn-fence";
        broker.broker().logs().createTopic(topic, 1, Map.of());
        try (KafkaProducer<String, String> first = TransactionalClients.producer(broker.bootstrapServers(),
                "tx-fence", Map.of());
             KafkaProducer<String, String> second = TransactionalClients.producer(broker.bootstrapServers(),
                     "tx-fence", Map.of())) {
            first.initTransactions();
            first.beginTransaction();
            first.send(new ProducerRecord<>(topic, "zombie")).get(10, TimeUnit.SECONDS);
            // The second instance's initTransactions aborts the first one's open transaction and fences it.
            second.initTransactions();
            second.beginTransaction();
            second.send(new ProducerRecord<>(topic, "winner")).get(10, TimeUnit.SECONDS);
            second.commitTransaction();
            // As with Kafka: the log refuses the old epoch, and the coordinator then says the producer is fenced.
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> first.send(new ProducerRecord<>(topic, "late")).get(10, TimeUnit.SECONDS));
            assertInstanceOf(org.apache.kafka.common.errors.InvalidProducerEpochException.class, failed.getCause(),
                    failed.toString());
            assertThrows(ProducerFencedException.class, first::abortTransaction);
        }
        assertEquals(List.of("winner"), TransactionalClients.readAll(broker.bootstrapServers(), "read_committed",
                partitions(topic, 1)));
    }

    @Test
    void aTransactionThatTimesOutIsAborted() throws Exception {
        String topic = "txn-timeout";
        broker.broker().logs().createTopic(topic, 1, Map.of());
        try (KafkaProducer<String, String> producer = TransactionalClients.producer(broker.bootstrapServers(),
                "tx-timeout", Map.of("transaction.timeout.ms", 1000));
             Admin admin = admin()) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "forgotten")).get(10, TimeUnit.SECONDS);
            PartitionLog log = log(topic, 0);
            assertEquals(0, log.transactions().lastStableOffset());
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.describeTransactions(List.of("tx-timeout"))
                    .description("tx-timeout").get().state() == TransactionState.COMPLETE_ABORT);
            assertEquals(2, log.logEndOffset(), "the record and the coordinator's ABORT marker");
            assertEquals(2, log.transactions().lastStableOffset());
            assertThrows(RuntimeException.class, producer::commitTransaction);
        }
        assertEquals(List.of(), TransactionalClients.readAll(broker.bootstrapServers(), "read_committed",
                partitions(topic, 1)));
    }

    @Test
    void adminDescribesAndListsTransactions() throws Exception {
        String topic = "txn-admin";
        broker.broker().logs().createTopic(topic, 3, Map.of());
        try (KafkaProducer<String, String> producer = TransactionalClients.producer(broker.bootstrapServers(),
                "tx-admin", Map.of());
             Admin admin = admin()) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 0, "k", "a")).get(10, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(topic, 2, "k", "b")).get(10, TimeUnit.SECONDS);
            TransactionDescription open = admin.describeTransactions(List.of("tx-admin")).description("tx-admin")
                    .get();
            assertEquals(TransactionState.ONGOING, open.state());
            assertEquals(Set.of(new TopicPartition(topic, 0), new TopicPartition(topic, 2)), open.topicPartitions());
            assertEquals(60_000, open.transactionTimeoutMs());
            assertTrue(open.transactionStartTimeMs().isPresent());
            Collection<TransactionListing> ongoing = admin.listTransactions(
                    new org.apache.kafka.clients.admin.ListTransactionsOptions()
                            .filterStates(List.of(TransactionState.ONGOING))).all().get();
            assertEquals(Set.of("tx-admin"), ongoing.stream().map(TransactionListing::transactionalId)
                    .filter(id -> id.equals("tx-admin")).collect(Collectors.toSet()));
            producer.commitTransaction();
            await().atMost(Duration.ofSeconds(10)).until(() -> admin.describeTransactions(List.of("tx-admin"))
                    .description("tx-admin").get().state() == TransactionState.COMPLETE_COMMIT);
            assertTrue(admin.describeTransactions(List.of("tx-admin")).description("tx-admin").get()
                    .topicPartitions().isEmpty());
            ExecutionException unknown = assertThrows(ExecutionException.class,
                    () -> admin.describeTransactions(List.of("no-such-id")).description("no-such-id").get());
            assertInstanceOf(org.apache.kafka.common.errors.TransactionalIdNotFoundException.class,
                    unknown.getCause());
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }
}
