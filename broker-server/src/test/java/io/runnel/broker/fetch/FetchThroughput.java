package io.runnel.broker.fetch;

import io.runnel.broker.EmbeddedBroker;
import io.runnel.broker.log.PartitionLog;
import io.runnel.broker.topic.TopicPartition;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Measures fetch throughput, not a test: appends N records of 100 bytes (batches of 1,000) straight to a partition
 * log, then times a KafkaConsumer with {@code assign()} reading them all, checking that offsets are dense.
 *
 * <p>Run from the work tree root after {@code mvn -B -q -pl broker-server -am test-compile
 * dependency:build-classpath -Dmdep.outputFile=/tmp/runnel-cp.txt}:
 * {@code java -cp broker-server/target/test-classes:broker-server/target/classes:broker-protocol/target/classes:$(cat
 * /tmp/runnel-cp.txt) io.runnel.broker.fetch.FetchThroughput [records]}.
 */
public final class FetchThroughput {
    private FetchThroughput() {
    }

    public static void main(String[] args) {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int perBatch = 1_000;
        try (EmbeddedBroker broker = EmbeddedBroker.builder().config("log.fsync.enable", "false").start()) {
            broker.broker().logs().createTopic("throughput", 1, Map.of());
            PartitionLog log = broker.broker().logs().log(new TopicPartition("throughput", 0));
            for (int b = 0; b < records / perBatch; b++) {
                FetchTestSupport.append(log, "r" + b, perBatch, 100, b);
            }
            long bytes = log.sizeInBytes();
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            for (int round = 1; round <= 3; round++) {
                try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                        new ByteArrayDeserializer())) {
                    org.apache.kafka.common.TopicPartition tp = new org.apache.kafka.common.TopicPartition(
                            "throughput", 0);
                    consumer.assign(List.of(tp));
                    long start = System.nanoTime();
                    long next = 0;
                    long deadline = start + Duration.ofMinutes(5).toNanos();
                    while (next < records && System.nanoTime() < deadline) {
                        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                            if (r.offset() != next) {
                                throw new IllegalStateException("expected offset " + next + " but got " + r.offset());
                            }
                            next++;
                        }
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    System.out.printf("round %d: %,d records (%,d bytes of batches) in %.2f s: %,.0f records/s,"
                            + " %.1f MB/s%n", round, next, bytes, seconds, next / seconds, bytes / seconds / 1e6);
                }
            }
        }
    }
}
