package io.runnel.benchmarks;

import io.runnel.broker.EmbeddedBroker;
import io.runnel.client.Acks;
import io.runnel.client.ProducerRecord;
import io.runnel.client.RunnelProducer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * RunnelProducer against kafka-clients' KafkaProducer on the same Runnel broker, in one JVM and one run: 100-byte
 * records, linger 5 ms, 64 KiB batches, for acks=1 and acks=all (idempotent, both clients' default) and for 1 and
 * 3 partitions. Each case runs both clients alternately, {@code runs} times each, after one warm-up run of each,
 * and prints records/s and client CPU per record with their medians.
 *
 * <p>Client CPU is the CPU time (ThreadMXBean) of the threads the client uses: the sending thread plus the
 * client's own threads ({@code runnel-client-io-*} and {@code runnel-producer-callbacks-*} for Runnel,
 * {@code kafka-producer-network-thread*} for Kafka), so the in-process broker's threads are left out. A run
 * sends {@code records} records asynchronously (a callback per record, as applications do) and ends when every
 * callback ran.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar io.runnel.benchmarks.ProducerComparisonMain
 * [records=1000000] [runs=3] [bootstrap]}; without a bootstrap an embedded broker is started (fsync on, the
 * default).
 */
public final class ProducerComparisonMain {
    private static final int RECORD_BYTES = 100;
    private static final int BATCH_BYTES = 64 * 1024;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ProducerComparisonMain() {
    }

    /** One client under test; counts failed sends, which make the run invalid. */
    private abstract static class Client implements AutoCloseable {
        private final AtomicLong failures = new AtomicLong();
        private final String name;

        Client(String name) {
            this.name = name;
        }

        abstract void send(byte[] value, Runnable onDone);

        abstract void closeClient();

        /** The per-record callback: counts a failure, then signals completion. */
        final void completed(Throwable error, Runnable onDone) {
            if (error != null) {
                failures.incrementAndGet();
            }
            onDone.run();
        }

        @Override
        public final void close() {
            closeClient();
            if (failures.get() > 0) {
                throw new IllegalStateException(failures.get() + " " + name + " sends failed");
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        EmbeddedBroker broker = args.length > 2 ? null : EmbeddedBroker.start();
        String bootstrap = broker != null ? broker.bootstrapServers() : args[2];
        THREADS.setThreadCpuTimeEnabled(true);
        try {
            System.out.printf("%d records of %d bytes per run, %d runs per client and case, broker %s%n", records,
                    RECORD_BYTES, runs, bootstrap);
            System.out.println("case | client | records/s (runs) | client CPU µs/record (runs)");
            int topicNumber = 0;
            for (Acks acks : new Acks[]{Acks.LEADER, Acks.ALL}) {
                for (int partitions : new int[]{1, 3}) {
                    Map<String, List<double[]>> results = new HashMap<>();
                    for (int run = -1; run < runs; run++) {
                        for (String client : new String[]{"runnel", "kafka"}) {
                            String topic = "bench-" + client + "-" + (topicNumber++);
                            createTopic(bootstrap, topic, partitions);
                            double[] result = runOnce(client, bootstrap, topic, acks, records);
                            if (run >= 0) {
                                results.computeIfAbsent(client, c -> new ArrayList<>()).add(result);
                            }
                        }
                    }
                    String name = "acks=" + (acks == Acks.ALL ? "all" : "1") + ", " + partitions + " partition(s)";
                    for (String client : new String[]{"runnel", "kafka"}) {
                        List<double[]> r = results.get(client);
                        System.out.printf("%s | %s | %,.0f (%s) | %.2f (%s)%n", name, client, median(r, 0),
                                list(r, 0, "%,.0f"), median(r, 1), list(r, 1, "%.2f"));
                    }
                    System.out.printf("%s | runnel/kafka | throughput %.2f× | CPU per record %.2f×%n", name,
                            median(results.get("runnel"), 0) / median(results.get("kafka"), 0),
                            median(results.get("runnel"), 1) / median(results.get("kafka"), 1));
                }
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    private static double[] runOnce(String which, String bootstrap, String topic, Acks acks, int records)
            throws Exception {
        byte[] value = new byte[RECORD_BYTES];
        Arrays.fill(value, (byte) 'x');
        try (Client client = which.equals("runnel") ? runnel(bootstrap, topic, acks) : kafka(bootstrap, topic, acks)) {
            // One record first, so connection set-up and metadata are outside the measurement.
            CountDownLatch first = new CountDownLatch(1);
            client.send(value, first::countDown);
            first.await(60, TimeUnit.SECONDS);
            String[] prefixes = which.equals("runnel")
                    ? new String[]{"runnel-client-io-", "runnel-producer-callbacks-"}
                    : new String[]{"kafka-producer-network-thread"};
            long cpuBefore = clientCpu(prefixes);
            CountDownLatch done = new CountDownLatch(records);
            long start = System.nanoTime();
            for (int i = 0; i < records; i++) {
                client.send(value, done::countDown);
            }
            done.await(10, TimeUnit.MINUTES);
            long elapsed = System.nanoTime() - start;
            long cpu = clientCpu(prefixes) - cpuBefore;
            return new double[]{records / (elapsed / 1e9), cpu / 1000.0 / records};
        }
    }

    /** CPU nanoseconds of this thread plus every live thread whose name starts with one of {@code prefixes}. */
    private static long clientCpu(String... prefixes) {
        long total = THREADS.getCurrentThreadCpuTime();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            for (String prefix : prefixes) {
                if (info.getThreadName().startsWith(prefix)) {
                    total += Math.max(0, THREADS.getThreadCpuTime(info.getThreadId()));
                }
            }
        }
        return total;
    }

    private static Client runnel(String bootstrap, String topic, Acks acks) {
        RunnelProducer producer = RunnelProducer.builder().bootstrap(bootstrap).acks(acks)
                .linger(Duration.ofMillis(5)).batchSize(BATCH_BYTES).build();
        return new Client("Runnel") {
            @Override
            void send(byte[] value, Runnable onDone) {
                producer.send(ProducerRecord.of(topic, (byte[]) null, value)).whenComplete((m, e) -> completed(e, onDone));
            }

            @Override
            void closeClient() {
                producer.close();
            }
        };
    }

    private static Client kafka(String bootstrap, String topic, Acks acks) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, acks == Acks.ALL ? "all" : "1");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, acks == Acks.ALL);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_BYTES);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config);
        return new Client("Kafka") {
            @Override
            void send(byte[] value, Runnable onDone) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, value),
                        (m, e) -> completed(e, onDone));
            }

            @Override
            void closeClient() {
                producer.close();
            }
        };
    }

    private static void createTopic(String bootstrap, String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
        }
    }

    private static double median(List<double[]> results, int index) {
        double[] values = results.stream().mapToDouble(r -> r[index]).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private static String list(List<double[]> results, int index, String format) {
        StringBuilder out = new StringBuilder();
        for (double[] r : results) {
            out.append(out.length() == 0 ? "" : ", ").append(String.format(format, r[index]));
        }
        return out.toString();
    }
}
