package io.runnel.reliability.fault;

import io.runnel.reliability.check.SegmentScan;
import io.runnel.reliability.check.TopicReader;
import io.runnel.reliability.disk.DiskFaults;
import io.runnel.reliability.disk.DiskOp;
import io.runnel.reliability.disk.DiskBoot;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Injected disk faults on one partition of a running broker, one kind per case. Each case writes records, arms the
 * fault and writes on until a produce fails (or, for faults off the produce path, until the fault fired), then
 * checks: the failure reached the client as KAFKA_STORAGE_ERROR; the broker answers and the other partition takes
 * writes; fetch serves every acknowledged record at its offset, dense and passing its CRC, and nothing of the
 * failed write but, at most, its whole batch; once the fault clears the partition takes writes again, or — after a
 * failed fsync, which is never retried as if it had worked — only after a restart; after the restart every
 * acknowledged record is there and the partition's files pass {@link SegmentScan}.
 */
class DiskFaultTest {
    private static final String TOPIC = "faults";
    private static final String BIG = "x".repeat(1000);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** When a partition whose disk failed takes writes again. */
    enum Recovery {
        /** As soon as the fault clears. */
        AT_ONCE,
        /** After a restart: the failure reached a flush, and a failed fsync is never retried as if it had worked. */
        AFTER_RESTART,
        /** Either, depending on whether a flush ran into the fault before it cleared. */
        EITHER
    }

    enum Fault {
        SEGMENT_WRITE(DiskOp.WRITE, ".log", true, Recovery.AT_ONCE),
        SEGMENT_FSYNC(DiskOp.FSYNC, ".log", true, Recovery.AFTER_RESTART),
        SEGMENT_ROLL(DiskOp.CREATE_FILE, ".log", true, Recovery.AT_ONCE),
        INDEX_MAP(DiskOp.MAP, ".index", true, Recovery.EITHER),
        INDEX_FSYNC(DiskOp.FSYNC, ".index", true, Recovery.AFTER_RESTART),
        CHECKPOINT_WRITE(DiskOp.CREATE_FILE, "-checkpoint.tmp", false, Recovery.AT_ONCE);

        final DiskOp op;
        final String suffix;
        /** Whether a produce to the partition fails while the fault lasts. */
        final boolean producesFail;
        final Recovery recovery;

        Fault(DiskOp op, String suffix, boolean producesFail, Recovery recovery) {
            this.op = op;
            this.suffix = suffix;
            this.producesFail = producesFail;
            this.recovery = recovery;
        }

        /** Partition 0's files, or the data directory's checkpoints. */
        DiskFaults plan() {
            DiskFaults bySuffix = DiskFaults.on(op, suffix);
            return (o, p) -> bySuffix.fails(o, p) && (suffix.endsWith(".tmp") || p.toString().contains(TOPIC + "-0"));
        }
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void aDiskFaultFailsProducesToItsPartitionOnlyAndServesWhatIsIntact(Fault fault, @TempDir Path tmp)
            throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("data"));
        Map<String, String> config = Map.of("log.flush.offset.checkpoint.interval.ms", "100");
        long start = System.nanoTime();
        List<Long> acked = new ArrayList<>();
        long injected;
        String recovered;
        try (DiskBoot boot = DiskBoot.start(dir, config); KafkaProducer<String, String> producer =
                producer(boot.bootstrap())) {
            createTopic(boot.bootstrap());
            for (int i = 0; i < 10; i++) {
                acked.add(send(producer, 0, "before-" + i + BIG));
                send(producer, 1, "other-" + i);
            }
            boot.disk().faults(fault.plan());
            Throwable failure = null;
            for (int i = 0; i < 200 && failure == null; i++) {
                try {
                    acked.add(send(producer, 0, "during-" + i + BIG));
                } catch (ExecutionException e) {
                    failure = e.getCause();
                }
                if (!fault.producesFail && boot.disk().faultsInjected() > 0) {
                    break;
                }
            }
            if (fault.producesFail) {
                assertNotNull(failure, fault + ": no produce failed");
                assertInstanceOf(KafkaStorageException.class, failure, fault + ": " + failure);
            } else {
                assertNull(failure, fault + ": a produce failed although the fault is off its path");
                await().atMost(TIMEOUT).until(() -> boot.disk().faultsInjected() > 0);
            }
            assertTrue(boot.disk().faultsInjected() > 0, fault + " was never injected");
            send(producer, 1, "other-during");
            checkServed(boot.bootstrap(), acked);

            injected = boot.disk().faultsInjected();
            boot.disk().faults(DiskFaults.NONE);
            // Shorter than half a failed write: a torn tail that is not cut would show behind it.
            try {
                acked.add(send(producer, 0, "after"));
                recovered = "at-once";
                assertTrue(fault.recovery != Recovery.AFTER_RESTART, fault + ": a write after a failed flush");
            } catch (ExecutionException e) {
                recovered = "after-restart";
                assertTrue(fault.recovery != Recovery.AT_ONCE, fault + ": no write after the fault cleared: "
                        + e.getCause());
                assertInstanceOf(KafkaStorageException.class, e.getCause());
            }
            checkServed(boot.bootstrap(), acked);
        }
        try (DiskBoot boot = DiskBoot.start(dir, config); KafkaProducer<String, String> producer =
                producer(boot.bootstrap())) {
            acked.add(send(producer, 0, "restarted"));
            checkServed(boot.bootstrap(), acked);
        }
        SegmentScan.Extent extent = SegmentScan.scan(dir, TOPIC, 0);
        Map<String, Object> figures = new java.util.LinkedHashMap<>();
        figures.put("case", fault);
        figures.put("faults-injected", injected);
        figures.put("acked", acked.size());
        figures.put("produce-failed", fault.producesFail);
        figures.put("writable-again", recovered);
        figures.put("records-in-files", extent.records());
        io.runnel.reliability.SoakSettings.current(0).printSummary("disk-fault", start, figures);
        assertTrue(extent.endOffset() >= acked.get(acked.size() - 1) + 1, fault + ": " + extent);
    }

    /** Every acknowledged record of partition 0 is at its offset; the log holds at most one unacknowledged batch. */
    private static void checkServed(String bootstrap, List<Long> acked) {
        long end = TopicReader.endOffsets(bootstrap, TOPIC, 2, TIMEOUT).get(0);
        List<ConsumerRecord<String, String>> read =
                TopicReader.read(bootstrap, TOPIC, Map.of(), Map.of(0, end), TIMEOUT).get(0);
        for (long offset : acked) {
            assertTrue(offset < read.size(), "acknowledged offset " + offset + " beyond the log end " + end);
            String value = read.get((int) offset).value();
            assertTrue(!value.startsWith("during-") || value.endsWith(BIG), "a torn record at " + offset);
        }
        assertTrue(end <= acked.size() + 1, "log end " + end + " with " + acked.size() + " acknowledged records");
    }

    private static long send(KafkaProducer<String, String> producer, int partition, String value)
            throws ExecutionException, InterruptedException, java.util.concurrent.TimeoutException {
        return producer.send(new ProducerRecord<>(TOPIC, partition, null, value)).get(30, TimeUnit.SECONDS).offset();
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        props.put(ProducerConfig.RETRIES_CONFIG, "0");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static void createTopic(String bootstrap) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }
}
