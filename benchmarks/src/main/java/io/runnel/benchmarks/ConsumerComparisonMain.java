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

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Reads the same records with RunnelConsumer and with kafka-clients' KafkaConsumer from one running broker, runs
 * alternating, and prints per client the median records/s and client CPU per record (this JVM's CPU time, which
 * holds only the consumer: run the broker in its own process). Not a test: figures vary with the machine.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.runnel.benchmarks.ConsumerComparisonMain \
 *     [bootstrap=127.0.0.1:9092] [records=1000000] [runs=3]
 * </pre>
 * The first call creates topic {@code consumer-bench} (1 partition) and writes the records (100-byte values, no
 * key, uncompressed) with kafka-clients' producer; later calls reuse them. One warm-up read per client precedes the
 * measured runs.
 */
public final class ConsumerComparisonMain {
    private static final String TOPIC = "consumer-bench";
    private static final int VALUE_BYTES = 100;

    private ConsumerComparisonMain() {
    }

    private record Run(double recordsPerSecond, double cpuMicrosPerRecord) {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args.length > 0 ? args[0] : "127.0.0.1:9092";
        int records = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        ensureData(bootstrap, records);
        readWithRunnel(bootstrap, records);
        readWithKafka(bootstrap, records);
        List<Run> runnel = new ArrayList<>();
        List<Run> kafka = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            runnel.add(readWithRunnel(bootstrap, records));
            kafka.add(readWithKafka(bootstrap, records));
            System.out.printf("run %d: runnel %.0f rec/s %.3f us/rec | kafka-clients %.0f rec/s %.3f us/rec%n", i + 1,
                    runnel.get(i).recordsPerSecond(), runnel.get(i).cpuMicrosPerRecord(),
                    kafka.get(i).recordsPerSecond(), kafka.get(i).cpuMicrosPerRecord());
        }
        Run r = median(runnel);
        Run k = median(kafka);
        System.out.printf("median RunnelConsumer: %.0f records/s, %.3f us CPU/record%n", r.recordsPerSecond(),
                r.cpuMicrosPerRecord());
        System.out.printf("median KafkaConsumer:  %.0f records/s, %.3f us CPU/record%n", k.recordsPerSecond(),
                k.cpuMicrosPerRecord());
        System.out.printf("ratio: throughput %.2fx, CPU per record %.2fx%n",
                r.recordsPerSecond() / k.recordsPerSecond(), r.cpuMicrosPerRecord() / k.cpuMicrosPerRecord());
    }

    private static Run median(List<Run> runs) {
        List<Double> rate = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (Run run : runs) {
            rate.add(run.recordsPerSecond());
            cpu.add(run.cpuMicrosPerRecord());
        }
        Collections.sort(rate);
        Collections.sort(cpu);
        return new Run(rate.get(rate.size() / 2), cpu.get(cpu.size() / 2));
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
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
            long cpu = processCpuNanos();
            long start = System.nanoTime();
            consumer.assign(List.of(tp));
            long read = 0;
            long bytes = 0;
            while (read < records) {
                for (ConsumerRecord record : consumer.poll(Duration.ofSeconds(1))) {
                    bytes += record.value().length;
                    read++;
                }
            }
            return result(read, bytes, start, cpu);
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
            long cpu = processCpuNanos();
            long start = System.nanoTime();
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
            return result(read, bytes, start, cpu);
        }
    }

    private static Run result(long read, long bytes, long startNanos, long cpuBefore) {
        long elapsed = System.nanoTime() - startNanos;
        long cpu = processCpuNanos() - cpuBefore;
        if (bytes != read * VALUE_BYTES) {
            throw new IllegalStateException("read " + bytes + " value bytes for " + read + " records");
        }
        return new Run(read * 1e9 / elapsed, cpu / 1e3 / read);
    }
}
