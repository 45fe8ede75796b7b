package io.runnel.client.internal.producer;

import io.runnel.client.Partitioner;
import io.runnel.client.ProducerRecord;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Each record of a topic to the next partition in turn, from a per-topic counter. Thread-safe. */
public final class RoundRobinPartitioner implements Partitioner {
    private final ConcurrentHashMap<String, AtomicInteger> counters = new ConcurrentHashMap<>();

    @Override
    public int partition(ProducerRecord record, int partitionCount) {
        AtomicInteger counter = counters.get(record.topic());
        if (counter == null) {
            counter = counters.computeIfAbsent(record.topic(), t -> new AtomicInteger());
        }
        return (counter.getAndIncrement() & 0x7fffffff) % partitionCount;
    }
}
