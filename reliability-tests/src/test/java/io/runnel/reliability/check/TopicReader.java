package io.runnel.reliability.check;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads offset ranges of a topic back over the wire with a kafka-clients consumer (no group, CRC checking on), as
 * a user would see them, and checks that the offsets it is given are dense: each record's offset is one more than
 * the previous one's. A range that does not come back whole within the timeout fails.
 */
public final class TopicReader {
    private TopicReader() {
    }

    /**
     * Every record of {@code topic} from each partition's {@code from} offset up to (not including) its
     * {@code to} offset, by partition.
     */
    public static Map<Integer, List<ConsumerRecord<String, String>>> read(String bootstrap, String topic,
                                                                         Map<Integer, Long> from,
                                                                         Map<Integer, Long> to,
                                                                         Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CHECK_CRCS_CONFIG, "true");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        Map<Integer, List<ConsumerRecord<String, String>>> read = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p : to.keySet()) {
                partitions.add(new TopicPartition(topic, p));
                read.put(p, new ArrayList<>());
            }
            consumer.assign(partitions);
            for (TopicPartition tp : partitions) {
                consumer.seek(tp, from.getOrDefault(tp.partition(), 0L));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!complete(read, from, to)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("reading " + topic + " " + from + " to " + to + " did not finish in "
                            + timeout + "; got " + sizes(read));
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.offset() >= to.get(record.partition())) {
                        continue;
                    }
                    List<ConsumerRecord<String, String>> list = read.get(record.partition());
                    long expected = list.isEmpty() ? from.getOrDefault(record.partition(), 0L)
                            : list.get(list.size() - 1).offset() + 1;
                    if (record.offset() != expected) {
                        throw new AssertionError(topic + "-" + record.partition() + ": offset " + record.offset()
                                + " where " + expected + " was next (offsets not dense)");
                    }
                    list.add(record);
                }
            }
        }
        return read;
    }

    private static boolean complete(Map<Integer, List<ConsumerRecord<String, String>>> read, Map<Integer, Long> from,
                                    Map<Integer, Long> to) {
        for (Map.Entry<Integer, Long> end : to.entrySet()) {
            long want = end.getValue() - from.getOrDefault(end.getKey(), 0L);
            if (read.get(end.getKey()).size() < want) {
                return false;
            }
        }
        return true;
    }

    private static Map<Integer, Integer> sizes(Map<Integer, List<ConsumerRecord<String, String>>> read) {
        Map<Integer, Integer> sizes = new HashMap<>();
        read.forEach((p, list) -> sizes.put(p, list.size()));
        return sizes;
    }

    /** Each partition's log end offset, asked with a kafka-clients consumer. */
    public static Map<Integer, Long> endOffsets(String bootstrap, String topic, int partitions, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> all = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                all.add(new TopicPartition(topic, p));
            }
            Map<Integer, Long> ends = new HashMap<>();
            consumer.endOffsets(all, timeout).forEach((tp, end) -> ends.put(tp.partition(), end));
            return ends;
        }
    }
}
