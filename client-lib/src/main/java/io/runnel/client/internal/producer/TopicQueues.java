package io.runnel.client.internal.producer;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * A topic's partition queues, and the records that wait for the topic's partition count.
 *
 * <p>Invariant: {@link #partitionCount()} is published (positive) only after every pending record was moved into
 * a partition's batch, under this object's monitor; so a sender that sees the count can append directly and
 * still comes after every record sent before it. Before that, senders add to the pending queue under the same
 * monitor. The partition array only grows (Kafka topics never lose partitions) and is replaced, not changed.
 */
public final class TopicQueues {
    private final String topic;
    private final ArrayDeque<PendingRecord> pending = new ArrayDeque<>();
    private volatile PartitionQueue[] partitions = new PartitionQueue[0];
    private volatile int partitionCount = -1;
    /** {@link #NO_REQUEST}, {@link #REQUEST_WANTED} or {@link #REQUEST_SENT}; guarded by this object's monitor. */
    private int metadataRequest = NO_REQUEST;

    /** No metadata request is needed for the pending records. */
    static final int NO_REQUEST = 0;
    /** A record waits and the sender has not asked for the topic's metadata yet. */
    static final int REQUEST_WANTED = 1;
    /** The sender asked; the answer (or its failure) is awaited. */
    static final int REQUEST_SENT = 2;

    /** Queues of {@code topic}, count unknown. */
    public TopicQueues(String topic) {
        this.topic = topic;
    }

    /** The topic. */
    public String topic() {
        return topic;
    }

    /** The partition count in use, or -1 while unknown. */
    public int partitionCount() {
        return partitionCount;
    }

    /** The queue of {@code partition}; it must be below {@link #partitionCount()}. */
    public PartitionQueue partition(int partition) {
        return partitions[partition];
    }

    /** The queues of every known partition (do not change the array). */
    public PartitionQueue[] partitions() {
        return partitions;
    }

    /** Records waiting for the count; guarded by this object's monitor. */
    ArrayDeque<PendingRecord> pending() {
        return pending;
    }

    /** Where the metadata request for pending records stands; guarded by this object's monitor. */
    int metadataRequest() {
        return metadataRequest;
    }

    /** Sets {@link #metadataRequest()}; guarded by this object's monitor. */
    void metadataRequest(int state) {
        this.metadataRequest = state;
    }

    /** Creates queues up to {@code count} partitions; caller holds the monitor and publishes the count after. */
    void growTo(int count) {
        PartitionQueue[] current = partitions;
        if (count <= current.length) {
            return;
        }
        PartitionQueue[] grown = Arrays.copyOf(current, count);
        for (int p = current.length; p < count; p++) {
            grown[p] = new PartitionQueue(topic, p);
        }
        partitions = grown;
    }

    /** Publishes the count; caller holds the monitor and has moved the pending records already. */
    void publishCount(int count) {
        partitionCount = count;
    }
}
