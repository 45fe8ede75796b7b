package io.runnel.client.internal.producer;

import io.runnel.client.Partitioner;
import io.runnel.client.ProducerRecord;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Kafka's uniform sticky partitioner: per topic one current partition that every record goes to, replaced by a
 * random other one when the batch of the current partition closes (full, or taken by the sender). Thread-safe:
 * the current partition is swapped with compare-and-set, so concurrent closes move it once.
 */
public final class StickyPartitioner implements Partitioner {
    private final ConcurrentHashMap<String, AtomicInteger> current = new ConcurrentHashMap<>();

    @Override
    public int partition(ProducerRecord record, int partitionCount) {
        AtomicInteger sticky = current.get(record.topic());
        if (sticky == null) {
            sticky = current.computeIfAbsent(record.topic(), t -> new AtomicInteger(-1));
        }
        while (true) {
            int p = sticky.get();
            if (p >= 0 && p < partitionCount) {
                return p;
            }
            // -1: first record of the topic; <= -2: the batch of partition (-2 - p) closed; or the count shrank.
            int closed = p <= -2 ? -2 - p : -1;
            int pick = closed >= 0 && closed < partitionCount
                    ? pickOther(closed, partitionCount)
                    : ThreadLocalRandom.current().nextInt(partitionCount);
            if (sticky.compareAndSet(p, pick)) {
                return pick;
            }
        }
    }

    @Override
    public void onBatchClosed(String topic, int partition) {
        AtomicInteger sticky = current.get(topic);
        if (sticky != null && sticky.get() == partition) {
            // The count is unknown here: leave a mark that the next partition() resolves to another partition.
            sticky.compareAndSet(partition, -2 - partition);
        }
    }

    /**
     * Resolves the placeholder {@code -2 - closed} left by {@link #onBatchClosed}: a random partition other than
     * the closed one (when there is another).
     */
    private static int pickOther(int closed, int partitionCount) {
        if (partitionCount == 1) {
            return 0;
        }
        int pick = ThreadLocalRandom.current().nextInt(partitionCount - 1);
        return pick >= closed ? pick + 1 : pick;
    }
}
