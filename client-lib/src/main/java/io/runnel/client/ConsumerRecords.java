package io.runnel.client;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The records one {@link RunnelConsumer#poll} returned, grouped by partition, in offset order within each
 * partition. Iterating visits every record, partition after partition. Immutable.
 */
public final class ConsumerRecords implements Iterable<ConsumerRecord> {
    private static final ConsumerRecords EMPTY = new ConsumerRecords(Map.of(), 0);

    private final Map<TopicPartition, List<ConsumerRecord>> byPartition;
    private final int count;

    /**
     * @param byPartition per partition its records in offset order; the map and lists are kept, not copied, and
     *                    must not change afterwards
     */
    public ConsumerRecords(Map<TopicPartition, List<ConsumerRecord>> byPartition) {
        this(Collections.unmodifiableMap(byPartition), countOf(byPartition));
    }

    private ConsumerRecords(Map<TopicPartition, List<ConsumerRecord>> byPartition, int count) {
        this.byPartition = byPartition;
        this.count = count;
    }

    /** A poll that returned nothing. */
    public static ConsumerRecords empty() {
        return EMPTY;
    }

    private static int countOf(Map<TopicPartition, List<ConsumerRecord>> byPartition) {
        int total = 0;
        for (List<ConsumerRecord> records : byPartition.values()) {
            total += records.size();
        }
        return total;
    }

    /** How many records in all. */
    public int count() {
        return count;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** The partitions that have records in this batch. */
    public Set<TopicPartition> partitions() {
        return byPartition.keySet();
    }

    /** The records of one partition in offset order; empty when it has none here. */
    public List<ConsumerRecord> records(TopicPartition partition) {
        List<ConsumerRecord> records = byPartition.get(partition);
        return records == null ? List.of() : Collections.unmodifiableList(records);
    }

    @Override
    public Iterator<ConsumerRecord> iterator() {
        return new Iterator<>() {
            private final Iterator<List<ConsumerRecord>> partitions = byPartition.values().iterator();
            private List<ConsumerRecord> current = List.of();
            private int index;

            @Override
            public boolean hasNext() {
                while (index >= current.size()) {
                    if (!partitions.hasNext()) {
                        return false;
                    }
                    current = partitions.next();
                    index = 0;
                }
                return true;
            }

            @Override
            public ConsumerRecord next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("no record after the " + count + " of this poll");
                }
                return current.get(index++);
            }
        };
    }

    @Override
    public String toString() {
        return "ConsumerRecords(" + count + " records from " + byPartition.size() + " partitions)";
    }
}
