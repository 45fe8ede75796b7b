package io.runnel.broker.txn;

import io.runnel.broker.EmbeddedBroker;
import io.runnel.broker.Main;
import io.runnel.broker.log.PartitionLog;
import io.runnel.broker.testing.ChildProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A broker child JVM is killed with SIGKILL while a transactional producer has a transaction open with records in
 * every partition, after 25 transactions back to back (every fourth one aborted) over three partitions. After a
 * restart on the same data: the open transaction is aborted once its timeout passes, none is half visible to
 * read_committed, every acknowledged commit is visible, and the last stable offset reaches the log end.
 */
class TransactionsSurviveSigkillTest {
    private static final Pattern STARTED = Pattern.compile("Runnel broker started on [^:]+:(\\d+) ");
    private static final String TOPIC = "killed-txn";
    private static final int PARTITIONS = 3;
    private static final int PER_TRANSACTION = 6;
    private static final String TRANSACTIONAL_ID = "killed-producer";

    @Test
    void everyTransactionEndsWholeAfterSigkill(@TempDir Path workDir) throws Exception {
        Path dataDir = workDir.resolve("data");
        Map<Integer, Boolean> acknowledged = new ConcurrentHashMap<>();
        try (ChildProcess child = ChildProcess.startMain(workDir, Main.class.getName(), "--port", "0",
                "--data-dir", dataDir.toString())) {
            String line = child.awaitOut(l -> STARTED.matcher(l).find(), Duration.ofSeconds(60));
            assertNotNull(line, "no start-up line; stdout " + child.out() + " stderr " + child.err());
            Matcher started = STARTED.matcher(line);
            assertTrue(started.find());
            String bootstrap = "127.0.0.1:" + started.group(1);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all()
                        .get(30, TimeUnit.SECONDS);
            }
            AtomicBoolean stop = new AtomicBoolean();
            AtomicBoolean open = new AtomicBoolean();
            Thread loop = new Thread(() -> runTransactions(bootstrap, acknowledged, open, stop), "txn-loop");
            loop.setDaemon(true);
            loop.start();
            await().atMost(Duration.ofSeconds(90)).untilTrue(open);
            child.signal("KILL");
            child.awaitExit(Duration.ofSeconds(30));
            stop.set(true);
            loop.join(TimeUnit.SECONDS.toMillis(60));
        }
        try (EmbeddedBroker broker = EmbeddedBroker.builder().dataDir(dataDir).start();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                     broker.bootstrapServers()))) {
            assertEquals(TransactionState.ONGOING, admin.describeTransactions(List.of(TRANSACTIONAL_ID))
                    .description(TRANSACTIONAL_ID).get().state(), "the transaction open at the kill");
            await().atMost(Duration.ofSeconds(60)).until(() -> admin.describeTransactions(List.of(TRANSACTIONAL_ID))
                    .description(TRANSACTIONAL_ID).get().state() == TransactionState.COMPLETE_ABORT);
            for (int p = 0; p < PARTITIONS; p++) {
                PartitionLog log = broker.broker().logs().log(new io.runnel.broker.topic.TopicPartition(TOPIC, p));
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> log.transactions().lastStableOffset() == log.logEndOffset());
            }
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(TOPIC, p));
            }
            Map<Integer, Integer> visible = new TreeMap<>();
            for (String value : TransactionalClients.readAll(broker.bootstrapServers(), "read_committed",
                    partitions)) {
                visible.merge(Integer.parseInt(value.substring(1, value.indexOf('-'))), 1, Integer::sum);
            }
            visible.forEach((txn, count) -> assertEquals(PER_TRANSACTION, count, "transaction " + txn
                    + " is half visible: " + visible));
            acknowledged.forEach((txn, committed) -> {
                if (committed) {
                    assertTrue(visible.containsKey(txn), "acknowledged commit " + txn + " is lost: " + visible);
                } else {
                    assertTrue(!visible.containsKey(txn), "aborted transaction " + txn + " is visible");
                }
            });
            assertEquals(19, visible.size(), "the committed transactions before the kill: " + visible.keySet());
        }
    }

    /**
     * 25 transactions of {@value #PER_TRANSACTION} records, every fourth aborted; then one more left open, its records
     * written, until the broker dies.
     */
    private static void runTransactions(String bootstrap, Map<Integer, Boolean> acknowledged, AtomicBoolean open,
                                        AtomicBoolean stop) {
        Map<String, Object> config = new HashMap<>();
        config.put("transaction.timeout.ms", 3000);
        config.put("delivery.timeout.ms", 5000);
        config.put("request.timeout.ms", 3000);
        config.put("max.block.ms", 5000);
        KafkaProducer<String, String> producer = TransactionalClients.producer(bootstrap, TRANSACTIONAL_ID, config);
        try {
            producer.initTransactions();
            for (int txn = 0; txn <= 25; txn++) {
                producer.beginTransaction();
                for (int i = 0; i < PER_TRANSACTION; i++) {
                    producer.send(new ProducerRecord<>(TOPIC, i % PARTITIONS, "k", "t" + txn + "-" + i));
                }
                if (txn == 25) {
                    producer.flush();
                    open.set(true);
                } else if (txn % 4 == 3) {
                    producer.abortTransaction();
                    acknowledged.put(txn, false);
                } else {
                    producer.commitTransaction();
                    acknowledged.put(txn, true);
                }
            }
            await().atMost(Duration.ofSeconds(120)).untilTrue(stop);
        } catch (RuntimeException brokerGone) {
            // The broker was killed: the transaction under way is what the restart must end.
        } finally {
            producer.close(Duration.ofMillis(100));
        }
    }
}
