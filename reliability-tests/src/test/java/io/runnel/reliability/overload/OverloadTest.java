package io.runnel.reliability.overload;

import io.runnel.broker.testing.RawConnection;
import io.runnel.reliability.SoakSettings;
import io.runnel.reliability.check.BrokerProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Overload: the broker (a child process, -Xmx256m) holds many open connections, a topic of many partitions that a
 * producer writes round-robin, producers of batches at {@code message.max.bytes} with acks=all as fast as they can
 * (faster than the disk's fsyncs), and a consumer that processes one record per 200 ms; a light producer sends one
 * small acks=all record every 50 ms and times each. Checked: the broker never dies, every connection still answers
 * ApiVersions at the end, no light record fails, the heavy producers' errors are counted (none expected), and the
 * broker's peak resident memory stays under {@link #RSS_BOUND_MB}. Reported: memory peaks, the light producer's
 * latency percentiles, and how long the heavy producers were held back (back-pressure: their send() blocked on a
 * full buffer because the broker answered no faster than it could write). Fast: 300 connections, 2,000 partitions,
 * 20 s; soak: 1,000 connections, 10,000 partitions, the soak duration.
 */
class OverloadTest {
    /** The stated bound on the broker's resident memory with -Xmx256m: heap, direct buffers, metaspace, stacks. */
    static final long RSS_BOUND_MB = 768;
    private static final int BIG_VALUE = 1_000_000;

    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Throwable> threadFailures = new CopyOnWriteArrayList<>();

    @Test
    void theBrokerStaysUpWithinItsMemoryBoundAndALightClientIsServedUnderOverload(@TempDir Path tmp)
            throws Exception {
        SoakSettings settings = SoakSettings.current(4_040_404L);
        int connections = settings.soak() ? 1_000 : 300;
        int partitions = settings.soak() ? 10_000 : 2_000;
        int bigProducers = settings.soak() ? 4 : 2;
        Duration duration = settings.soak() ? settings.duration() : Duration.ofSeconds(20);
        long start = System.nanoTime();
        Map<String, String> config = new LinkedHashMap<>();
        config.put("log.segment.bytes", Integer.toString(16 * 1024 * 1024));
        config.put("log.retention.bytes", Integer.toString(48 * 1024 * 1024));
        config.put("log.retention.check.interval.ms", "2000");
        config.put("offsets.topic.num.partitions", "1");
        try (BrokerProcess broker = new BrokerProcess(tmp, config)) {
            broker.start();
            String bootstrap = broker.bootstrap();
            createTopics(bootstrap, partitions);
            List<RawConnection> open = openConnections(broker, connections);
            AtomicLong bigAcked = new AtomicLong();
            AtomicLong bigErrors = new AtomicLong();
            AtomicLong manyAcked = new AtomicLong();
            AtomicLong manyErrors = new AtomicLong();
            AtomicLong consumed = new AtomicLong();
            List<Long> lightNanos = Collections.synchronizedList(new ArrayList<>());
            List<KafkaProducer<byte[], byte[]>> heavy = new CopyOnWriteArrayList<>();
            List<Thread> threads = new ArrayList<>();
            try (ProcessMemory memory = new ProcessMemory(broker.pid())) {
                for (int i = 0; i < bigProducers; i++) {
                    threads.add(run("overload-big-" + i, () -> bigProducer(bootstrap, heavy, bigAcked, bigErrors)));
                }
                threads.add(run("overload-many", () -> manyProducer(bootstrap, partitions, manyAcked, manyErrors)));
                threads.add(run("overload-slow-consumer", () -> slowConsumer(bootstrap, consumed)));
                threads.add(run("overload-light", () -> lightProducer(bootstrap, lightNanos)));
                long deadline = System.nanoTime() + duration.toNanos();
                while (System.nanoTime() < deadline && threadFailures.isEmpty()) {
                    TimeUnit.MILLISECONDS.sleep(500); // the run's length, not a wait for a condition
                    assertTrue(ProcessHandle.of(broker.pid()).map(ProcessHandle::isAlive).orElse(false),
                            "the broker died under overload");
                }
                double blockedSeconds = heavy.stream().mapToDouble(p -> metric(p, "bufferpool-wait-time-ns-total"))
                        .sum() / 1e9;
                stop.set(true);
                for (Thread t : threads) {
                    t.join(180_000);
                    assertTrue(!t.isAlive(), t.getName() + " did not stop");
                }
                assertEquals(List.of(), threadFailures);
                int answered = 0;
                for (RawConnection c : open) {
                    c.write(RawConnection.apiVersionsFrame((short) 3, 77));
                    if (c.readApiVersions((short) 3, 77).data().errorCode() == 0) {
                        answered++;
                    }
                    c.close();
                }
                memory.close();
                long stopping = System.nanoTime();
                // A clean stop fsyncs every partition written with acks=1 and trims its indexes: minutes on a busy disk.
                broker.stop(Duration.ofMinutes(5));
                long stopMs = (System.nanoTime() - stopping) / 1_000_000;
                List<Long> sorted = new ArrayList<>(lightNanos);
                Collections.sort(sorted);
                Map<String, Object> figures = new LinkedHashMap<>();
                figures.put("connections", connections);
                figures.put("connections-answering-at-end", answered);
                figures.put("partitions", partitions);
                figures.put("max-size-batches-acked", bigAcked.get());
                figures.put("max-size-batch-errors", bigErrors.get());
                figures.put("heavy-producers-blocked-s", String.format("%.1f", blockedSeconds));
                figures.put("many-partition-records-acked", manyAcked.get());
                figures.put("many-partition-errors", manyErrors.get());
                figures.put("slow-consumer-records", consumed.get());
                figures.put("light-sends", sorted.size());
                figures.put("light-p50-ms", percentileMs(sorted, 0.50));
                figures.put("light-p99-ms", percentileMs(sorted, 0.99));
                figures.put("light-max-ms", percentileMs(sorted, 1.0));
                figures.put("peak-rss-mb", memory.peakRssMb());
                figures.put("peak-heap-used-mb", memory.peakHeapUsedMb());
                figures.put("peak-off-heap-mb", memory.peakOffHeapMb());
                figures.put("memory-samples", memory.samples());
                figures.put("clean-stop-ms", stopMs);
                settings.printSummary("overload", start, figures);
                assertEquals(connections, answered, "connections that no longer answer");
                assertTrue(sorted.size() > 10, "the light producer got too few answers: " + sorted.size());
                assertTrue(bigAcked.get() > 0 && manyAcked.get() > 0 && consumed.get() > 0, figures.toString());
                assertTrue(memory.peakRssMb() <= RSS_BOUND_MB, "peak resident memory " + memory.peakRssMb()
                        + " MB above the bound of " + RSS_BOUND_MB + " MB");
            } finally {
                stop.set(true);
                for (Thread t : threads) {
                    t.join(60_000);
                }
                for (RawConnection c : open) {
                    c.close();
                }
            }
        }
    }

    private Thread run(String name, ThrowingRunnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                threadFailures.add(e);
            }
        }, name);
        t.start();
        return t;
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static List<RawConnection> openConnections(BrokerProcess broker, int count) throws Exception {
        String[] hostPort = broker.bootstrap().split(":");
        List<RawConnection> open = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            RawConnection c = new RawConnection(hostPort[0], Integer.parseInt(hostPort[1]));
            open.add(c);
            c.readTimeout(120_000);
            c.write(RawConnection.apiVersionsFrame((short) 3, i));
            assertEquals(0, c.readApiVersions((short) 3, i).data().errorCode());
        }
        return open;
    }

    private void bigProducer(String bootstrap, List<KafkaProducer<byte[], byte[]>> heavy, AtomicLong acked,
                             AtomicLong errors) {
        Properties props = producerProps(bootstrap, "all");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(BIG_VALUE + 1_000));
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(BIG_VALUE + 10_000));
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Integer.toString(16 * BIG_VALUE));
        byte[] value = new byte[BIG_VALUE];
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            heavy.add(producer);
            while (!stop.get()) {
                producer.send(new ProducerRecord<>("overload-big", value),
                        (md, e) -> (e == null ? acked : errors).incrementAndGet());
            }
            producer.flush();
        }
    }

    private void manyProducer(String bootstrap, int partitions, AtomicLong acked, AtomicLong errors) {
        Properties props = producerProps(bootstrap, "1");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        byte[] value = new byte[100];
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            for (int i = 0; !stop.get(); i++) {
                producer.send(new ProducerRecord<>("overload-many", i % partitions, null, value),
                        (md, e) -> (e == null ? acked : errors).incrementAndGet());
            }
            producer.flush();
        }
    }

    private void slowConsumer(String bootstrap, AtomicLong consumed) throws InterruptedException {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "overload-slow");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("overload-big"));
            while (!stop.get()) {
                consumed.addAndGet(consumer.poll(Duration.ofMillis(200)).count());
                TimeUnit.MILLISECONDS.sleep(200); // the slow consumer's processing time
            }
        }
    }

    private void lightProducer(String bootstrap, List<Long> nanos) throws Exception {
        byte[] value = new byte[100];
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps(bootstrap, "all"))) {
            while (!stop.get()) {
                long t0 = System.nanoTime();
                producer.send(new ProducerRecord<>("overload-light", value)).get(120, TimeUnit.SECONDS);
                nanos.add(System.nanoTime() - t0);
                TimeUnit.MILLISECONDS.sleep(50); // the light client's pace
            }
        }
    }

    private static Properties producerProps(String bootstrap, String acks) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, acks);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, Boolean.toString("all".equals(acks)));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "120000");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }

    private static double metric(KafkaProducer<?, ?> producer, String name) {
        for (Map.Entry<MetricName, ? extends Metric> e : producer.metrics().entrySet()) {
            if (e.getKey().name().equals(name) && e.getKey().group().equals("producer-metrics")) {
                return ((Number) e.getValue().metricValue()).doubleValue();
            }
        }
        return 0;
    }

    private static String percentileMs(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return "n/a";
        }
        int i = Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1);
        return String.format("%.1f", sorted.get(Math.max(0, i)) / 1e6);
    }

    private static void createTopics(String bootstrap, int partitions) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "120000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "180000");
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of(new NewTopic("overload-big", 8, (short) 1),
                    new NewTopic("overload-many", partitions, (short) 1),
                    new NewTopic("overload-light", 1, (short) 1))).all().get(180, TimeUnit.SECONDS);
        }
    }
}
