package io.runnel.client.internal.producer;

import io.runnel.client.TopicPartition;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;

/**
 * The batches of one partition waiting to be sent, oldest first; the last may still be open for appends. Also
 * holds the partition's {@link PartitionSequence} (used by the sender's thread only).
 *
 * <p>Invariants: only the last batch is open; batches leave from the head, in order; a batch that must be sent
 * again comes back to the head, ahead of newer ones and in sequence order among other retries. Every method
 * that touches the deque holds this object's monitor, which is never held across I/O, waiting or compression.
 */
public final class PartitionQueue {
    private final String topic;
    private final int partition;
    private final ArrayDeque<ProducerBatch> batches = new ArrayDeque<>();
    private final PartitionSequence sequence = new PartitionSequence();
    private final TopicPartition key;

    /** The queue of {@code partition} of {@code topic}. */
    public PartitionQueue(String topic, int partition) {
        this.topic = topic;
        this.partition = partition;
        this.key = new TopicPartition(topic, partition);
    }

    /** The topic. */
    public String topic() {
        return topic;
    }

    /** The partition. */
    public int partition() {
        return partition;
    }

    /** The idempotence bookkeeping; sender thread only. */
    public PartitionSequence sequence() {
        return sequence;
    }

    /** The partition as a {@link TopicPartition}, made once so that sending allocates none. */
    public TopicPartition topicPartition() {
        return key;
    }

    /** The batch open for appends, or null. Caller holds the monitor. */
    ProducerBatch openBatch() {
        ProducerBatch last = batches.peekLast();
        return last == null || last.isFull() || last.isSealed() || last.isRetry() ? null : last;
    }

    /** Adds a new open batch at the tail. Caller holds the monitor. */
    void addLast(ProducerBatch batch) {
        batches.addLast(batch);
    }

    /** The oldest batch, or null. */
    public synchronized ProducerBatch peekFirst() {
        return batches.peekFirst();
    }

    /** Whether more than one batch waits (so the head is certainly closed). Caller holds the monitor. */
    boolean hasMoreThanOne() {
        return batches.size() > 1;
    }

    /** Takes the head batch, which must be {@code expected}; false when it changed meanwhile. */
    public synchronized boolean removeFirst(ProducerBatch expected) {
        if (batches.peekFirst() != expected) {
            return false;
        }
        batches.pollFirst();
        return true;
    }

    /** Puts a batch to send again back at the head, behind retries with lower sequences. */
    public synchronized void reenqueue(ProducerBatch batch) {
        if (batch.baseSequence() < 0 || batches.isEmpty()) {
            batches.addFirst(batch);
            return;
        }
        // Retries sit at the head in sequence order; find the first one with a higher sequence (or a new batch).
        ArrayDeque<ProducerBatch> ahead = new ArrayDeque<>();
        while (!batches.isEmpty()) {
            ProducerBatch head = batches.peekFirst();
            if (head.baseSequence() < 0 || head.baseSequence() > batch.baseSequence() || !head.isRetry()) {
                break;
            }
            ahead.addLast(batches.pollFirst());
        }
        batches.addFirst(batch);
        while (!ahead.isEmpty()) {
            batches.addFirst(ahead.pollLast());
        }
    }

    /** Moves every batch that was created at or before {@code deadlineNanos} into {@code out}. */
    public synchronized void removeCreatedBefore(long deadlineNanos, List<ProducerBatch> out) {
        for (Iterator<ProducerBatch> it = batches.iterator(); it.hasNext(); ) {
            ProducerBatch batch = it.next();
            if (batch.createdNanos() - deadlineNanos <= 0) {
                it.remove();
                out.add(batch);
            }
        }
    }

    /** Moves every batch into {@code out}. */
    public synchronized void removeAll(List<ProducerBatch> out) {
        out.addAll(batches);
        batches.clear();
    }

    /** Drops the sequences of waiting batches, after an epoch bump. Sender thread. */
    public synchronized void clearSequences() {
        for (ProducerBatch batch : batches) {
            batch.clearSequence();
        }
    }

    /** Whether nothing waits. */
    public synchronized boolean isEmpty() {
        return batches.isEmpty();
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
