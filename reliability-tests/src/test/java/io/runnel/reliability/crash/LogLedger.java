package io.runnel.reliability.crash;

import io.runnel.reliability.check.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What the crash suite has read of its topic so far: every partition's values by offset, and how often each value
 * occurs. Reading goes through {@link TopicReader} (CRC checked, offsets dense). Each catch-up re-reads the last
 * record already known, and a full re-read compares every known offset, so a log that lost or changed what was
 * read before is caught. Values the {@code exactlyOnce} predicate selects must never occur twice. Not thread-safe.
 */
final class LogLedger {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(120);

    private final String topic;
    private final int partitions;
    private final Predicate<String> exactlyOnce;
    private final Map<Integer, List<String>> values = new HashMap<>();
    private final Map<String, Integer> counts = new HashMap<>();
    private final List<String> violations = new ArrayList<>();

    LogLedger(String topic, int partitions, Predicate<String> exactlyOnce) {
        this.topic = topic;
        this.partitions = partitions;
        this.exactlyOnce = exactlyOnce;
        for (int p = 0; p < partitions; p++) {
            values.put(p, new ArrayList<>());
        }
    }

    /** Reads what was appended since the last call, up to {@code end}; {@code full} re-reads from offset 0. */
    void catchUp(String bootstrap, Map<Integer, Long> end, boolean full, String when) {
        Map<Integer, Long> from = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            long known = values.get(p).size();
            if (end.get(p) < known) {
                violations.add(when + ": " + topic + "-" + p + " ends at " + end.get(p) + " but " + known
                        + " records were read from it before");
                return;
            }
            from.put(p, full ? 0 : Math.max(0, known - 1));
        }
        Map<Integer, List<ConsumerRecord<String, String>>> read = TopicReader.read(bootstrap, topic, from, end,
                READ_TIMEOUT);
        for (int p = 0; p < partitions; p++) {
            List<String> known = values.get(p);
            for (ConsumerRecord<String, String> record : read.get(p)) {
                int offset = (int) record.offset();
                if (offset < known.size()) {
                    if (!known.get(offset).equals(record.value())) {
                        violations.add(when + ": " + topic + "-" + p + " offset " + offset + " held "
                                + known.get(offset) + " and now holds " + record.value());
                    }
                    continue;
                }
                known.add(record.value());
                int count = counts.merge(record.value(), 1, Integer::sum);
                if (count > 1 && exactlyOnce.test(record.value())) {
                    violations.add(when + ": " + record.value() + " is in the log twice (again at " + topic + "-" + p
                            + " offset " + offset + ")");
                }
            }
        }
    }

    /** The value at an offset read so far, or null. */
    String at(int partition, long offset) {
        List<String> known = values.get(partition);
        return offset < known.size() ? known.get((int) offset) : null;
    }

    int count(String value) {
        return counts.getOrDefault(value, 0);
    }

    long end(int partition) {
        return values.get(partition).size();
    }

    long records() {
        long total = 0;
        for (List<String> list : values.values()) {
            total += list.size();
        }
        return total;
    }

    List<String> violations() {
        return violations;
    }
}
