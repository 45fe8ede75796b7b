package io.runnel.broker.log;

import io.runnel.protocol.record.RecordBatch;

/**
 * What one partition remembers of one idempotent producer: its current epoch, the sequence ranges and offsets of
 * its last {@value #BATCHES_KEPT} batches (oldest first, in a ring), when it last appended, and where its open
 * transaction in this partition starts, if it has one.
 *
 * <p>Invariant: the kept batches all belong to {@link #epoch()}, in append order, so their sequences follow one
 * another and the newest one's last sequence is the one the next batch must follow. Mutated only under the
 * owning log's append lock; adding a batch allocates nothing.
 */
final class ProducerEntry {
    /** Kafka keeps this many: a producer has at most 5 requests in flight per partition. */
    static final int BATCHES_KEPT = 5;

    private final long producerId;
    private short epoch;
    private long lastAppendMs;
    /** The first offset of the producer's open transaction in this partition, -1 when none is open. */
    private long currentTxnFirstOffset = -1;
    /** The largest timestamp of the producer's last batch (DescribeProducers), -1 when unknown. */
    private long lastTimestamp = -1;
    private final int[] firstSeqs = new int[BATCHES_KEPT];
    private final int[] lastSeqs = new int[BATCHES_KEPT];
    private final long[] firstOffsets = new long[BATCHES_KEPT];
    private final long[] lastOffsets = new long[BATCHES_KEPT];
    private final long[] appendTimes = new long[BATCHES_KEPT];
    /** Slot of the oldest kept batch. */
    private int head;
    private int count;

    ProducerEntry(long producerId, short epoch) {
        this.producerId = producerId;
        this.epoch = epoch;
    }

    long producerId() {
        return producerId;
    }

    short epoch() {
        return epoch;
    }

    /** Broker time of the producer's last append (or of the load that replayed it), for expiry. */
    long lastAppendMs() {
        return lastAppendMs;
    }

    void lastAppendMs(long ms) {
        this.lastAppendMs = ms;
    }

    long currentTxnFirstOffset() {
        return currentTxnFirstOffset;
    }

    void currentTxnFirstOffset(long offset) {
        this.currentTxnFirstOffset = offset;
    }

    long lastTimestamp() {
        return lastTimestamp;
    }

    void lastTimestamp(long timestamp) {
        this.lastTimestamp = timestamp;
    }

    int batchCount() {
        return count;
    }

    /** The last sequence of the newest kept batch, or {@link RecordBatch#NO_SEQUENCE} when none is kept. */
    int lastSequence() {
        return count == 0 ? RecordBatch.NO_SEQUENCE : lastSeqs[slot(count - 1)];
    }

    /** The last offset of the newest kept batch, or -1 when none is kept. */
    long lastOffset() {
        return count == 0 ? -1 : lastOffsets[slot(count - 1)];
    }

    /** Index (0 = oldest) of the kept batch with exactly this sequence range, or -1. */
    int find(int firstSeq, int lastSeq) {
        for (int i = 0; i < count; i++) {
            int s = slot(i);
            if (firstSeqs[s] == firstSeq && lastSeqs[s] == lastSeq) {
                return i;
            }
        }
        return -1;
    }

    int firstSeq(int i) {
        return firstSeqs[slot(i)];
    }

    int lastSeq(int i) {
        return lastSeqs[slot(i)];
    }

    long firstOffset(int i) {
        return firstOffsets[slot(i)];
    }

    long lastOffset(int i) {
        return lastOffsets[slot(i)];
    }

    /** The append time the batch was stamped with (LogAppendTime topics), or -1. */
    long appendTime(int i) {
        return appendTimes[slot(i)];
    }

    /** Moves to a newer epoch: the batches of the old one no longer count. */
    void startEpoch(short newEpoch) {
        epoch = newEpoch;
        head = 0;
        count = 0;
    }

    /** Remembers a batch of the current epoch, forgetting the oldest once {@value #BATCHES_KEPT} are kept. */
    void add(int firstSeq, int lastSeq, long firstOffset, long lastOffset, long appendTime) {
        int s;
        if (count == BATCHES_KEPT) {
            s = head;
            head = (head + 1) % BATCHES_KEPT;
        } else {
            s = slot(count);
            count++;
        }
        firstSeqs[s] = firstSeq;
        lastSeqs[s] = lastSeq;
        firstOffsets[s] = firstOffset;
        lastOffsets[s] = lastOffset;
        appendTimes[s] = appendTime;
    }

    private int slot(int i) {
        return (head + i) % BATCHES_KEPT;
    }

    @Override
    public String toString() {
        return "Producer(" + producerId + ", epoch " + epoch + ", " + count + " batches, last sequence "
                + lastSequence() + " at offset " + lastOffset() + ")";
    }
}
