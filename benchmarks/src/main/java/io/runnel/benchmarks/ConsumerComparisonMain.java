package io.runnel.benchmarks;

import io.runnel.client.ConsumerRecord;
import io.runnel.client.OffsetReset;
import io.runnel.client.RunnelConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Reads the same records with RunnelConsumer and with kafka-clients' KafkaConsumer from one running broker, runs
 * alternating, and prints per client the median records/s and client CPU per record: this JVM's CPU time, which
 * holds only the consumer (run the broker in its own process), and, apart, the CPU of the client's threads alone
 * (the polling thread and the threads the client names {@code runnel-*} or {@code kafka-*}; kafka-clients' classic
 * consumer does its network I/O on the polling thread), which leaves out the JIT compiler and GC. Not a test:
 * figures vary with the machine.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.runnel.benchmarks.ConsumerComparisonMain \
 *     [bootstrap=127.0.0.1:9092] [records=1000000] [runs=3] [warmups=3]
 * </pre>
 * The first call creates topic {@code consumer-bench} (1 partition) and writes the records (100-byte values, no
 * key, uncompressed) with kafka-clients' producer; later calls reuse them. {@code warmups} unmeasured reads per
 * client, alternating, precede the measured runs: the process CPU counts the JIT compiler's threads, which after a
 * single read still compile for several more, so fewer warm-ups measure the compiler as much as the client. Each
 * run also prints the JIT compilation and GC milliseconds that fell inside it, to show that noise.
 */
public final class ConsumerComparisonMain {
    private static final String TOPIC = "consumer-bench";
    private static final int VALUE_BYTES = 100;

    /** Prefixes of the threads each client starts besides the polling thread. */
    private static final String RUNNEL_THREADS = "runnel-";
    private static final String KAFKA_THREADS = "kafka-";

    private ConsumerComparisonMain() {
    }

    /**
     * One measured read: records/s, the process CPU per record (all threads: client, JIT compiler, GC), the client
     * threads' CPU per record (the polling thread and the client's own threads, no JIT or GC), and the JIT and GC
     * milliseconds that fell inside the read.
     */
    private record Run(double recordsPerSecond, double cpuMicrosPerRecord, double clientCpuMicrosPerRecord,
                       long jitMillis, long gcMillis) {
        @Override
        public String toString() {
            return String.format("%.0f rec/s %.3f us/rec (client threads %.3f, jit %d ms, gc %d ms)",
                    recordsPerSecond, cpuMicrosPerRecord, clientCpuMicrosPerRecord, jitMillis, gcMillis);
        }
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args.length > 0 ? args[0] : "127.0.0.1:9092";
        int records = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int warmups = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        ensureData(bootstrap, records);
        for (int i = 0; i < warmups; i++) {
            readWithRunnel(bootstrap, records);
            readWithKafka(bootstrap, records);
        }
        List<Run> runnel = new ArrayList<>();
        List<Run> kafka = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            runnel.add(readWithRunnel(bootstrap, records));
            kafka.add(readWithKafka(bootstrap, records));
            System.out.printf("run %d: runnel %s | kafka-clients %s%n", i + 1, runnel.get(i), kafka.get(i));
        }
        Run r = median(runnel);
        Run k = median(kafka);
        System.out.printf("median RunnelConsumer: %.0f records/s, %.3f us CPU/record, %.3f us client threads%n",
                r.recordsPerSecond(), r.cpuMicrosPerRecord(), r.clientCpuMicrosPerRecord());
        System.out.printf("median KafkaConsumer:  %.0f records/s, %.3f us CPU/record, %.3f us client threads%n",
                k.recordsPerSecond(), k.cpuMicrosPerRecord(), k.clientCpuMicrosPerRecord());
        System.out.printf("ratio: throughput %.2fx, CPU per record %.2fx, client threads' CPU per record %.2fx%n",
                r.recordsPerSecond() / k.recordsPerSecond(), r.cpuMicrosPerRecord() / k.cpuMicrosPerRecord(),
                r.clientCpuMicrosPerRecord() / k.clientCpuMicrosPerRecord());
    }

    /** Each figure's median on its own (the runs are alternated, so no run is typical of all figures). */
    private static Run median(List<Run> runs) {
        double[] rate = new double[runs.size()];
        double[] cpu = new double[runs.size()];
        double[] client = new double[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            rate[i] = runs.get(i).recordsPerSecond();
            cpu[i] = runs.get(i).cpuMicrosPerRecord();
            client[i] = runs.get(i).clientCpuMicrosPerRecord();
        }
        Arrays.sort(rate);
        Arrays.sort(cpu);
        Arrays.sort(client);
        int mid = runs.size() / 2;
        return new Run(rate[mid], cpu[mid], client[mid], 0, 0);
    }

    /**
     * Measures one read from its start: wall time, process CPU, the CPU of the polling thread and of the live
     * threads named with the client's prefix (threads the client starts during the read count from zero), and
     * the JIT and GC time. Read the figures with {@link #finish} before closing the client, whose threads end then.
     */
    private static final class Meter {
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private final String clientThreads;
        private final Map<Long, Long> threadCpuBefore = new HashMap<>();
        private final long pollingThreadCpu;
        private final long processCpu;
        private final long jitMillis;
        private final long gcMillis;
        private final long startNanos;

        Meter(String clientThreads) {
            this.clientThreads = clientThreads;
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info != null && info.getThreadName().startsWith(clientThreads)) {
                    threadCpuBefore.put(info.getThreadId(), Math.max(0, threads.getThreadCpuTime(info.getThreadId())));
                }
            }
            this.pollingThreadCpu = threads.getCurrentThreadCpuTime();
            this.processCpu = processCpuNanos();
            this.jitMillis = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
            this.gcMillis = gcMillis();
            this.startNanos = System.nanoTime();
        }

        Run finish(long read, long bytes) {
            long elapsed = System.nanoTime() - startNanos;
            long cpu = processCpuNanos() - processCpu;
            long clientCpu = threads.getCurrentThreadCpuTime() - pollingThreadCpu;
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info != null && info.getThreadName().startsWith(clientThreads)) {
                    long now = threads.getThreadCpuTime(info.getThreadId());
                    clientCpu += Math.max(0, now - threadCpuBefore.getOrDefault(info.getThreadId(), 0L));
                }
            }
            if (bytes != read * VALUE_BYTES) {
                throw new IllegalStateException("read " + bytes + " value bytes for " + read + " records");
            }
            return new Run(read * 1e9 / elapsed, cpu / 1e3 / read, clientCpu / 1e3 / read,
                    ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jitMillis,
                    gcMillis() - gcMillis);
        }

        private static long gcMillis() {
            long total = 0;
            for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
                total += Math.max(0, bean.getCollectionTime());
            }
            return total;
        }

        private static long processCpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }
    }

    private static void ensureData(String bootstrap, int records) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            if (admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(TOPIC)) {
                return;
            }
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        byte[] value = new byte[VALUE_BYTES];
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < records; i++) {
                value[0] = (byte) i;
                producer.send(new ProducerRecord<>(TOPIC, 0, null, value.clone()));
            }
            producer.flush();
        }
    }

    private static Run readWithRunnel(String bootstrap, int records) {
        io.runnel.client.TopicPartition tp = new io.runnel.client.TopicPartition(TOPIC, 0);
        try (RunnelConsumer consumer = RunnelConsumer.builder().bootstrap(bootstrap)
                .autoOffsetReset(OffsetReset.EARLIEST).build()) {
            Meter meter = new Meter(RUNNEL_THREADS);
            consumer.assign(List.of(tp));
            long read = 0;
            long bytes = 0;
            while (read < records) {
                for (ConsumerRecord record : consumer.poll(Duration.ofSeconds(1))) {
                    bytes += record.value().length;
                    read++;
                }
            }
            return meter.finish(read, bytes);
        }
    }

    private static Run readWithKafka(String bootstrap, int records) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        TopicPartition tp = new TopicPartition(TOPIC, 0);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            Meter meter = new Meter(KAFKA_THREADS);
            consumer.assign(List.of(tp));
            long read = 0;
            long bytes = 0;
            while (read < records) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofSeconds(1));
                for (org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]> record : batch) {
                    bytes += record.value().length;
                    read++;
                }
            }
            return meter.finish(read, bytes);
        }
    }
}
