package io.runnel.broker.log;

import io.netty.buffer.ByteBuf;
import io.runnel.broker.topic.TopicPartition;
import io.runnel.protocol.record.EndTransactionMarker;
import io.runnel.protocol.record.RecordBatch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Idempotent producers on one partition: for each producer id its epoch and its last
 * {@value ProducerEntry#BATCHES_KEPT} batches, so that a retried batch is recognised and answered with its
 * original offsets, a gap in sequences is refused, and an older epoch is fenced (Kafka's rules).
 *
 * <p>Invariant: once loaded, the state is exactly what applying every data batch with a producer id in
 * {@code [logStartOffset, logEndOffset)} in offset order gives (less entries expired by
 * {@code producer.id.expiration.ms}). {@link PartitionLog#append} keeps it so: it checks a batch before writing it
 * and records it after the write succeeded, both under the append lock, which guards every field here. The
 * {@link ProducerStateStore} fills it when the log is opened, never on the first append (a network thread);
 * until then {@link #check} refuses to run. Snapshots ({@link ProducerSnapshotFile}) are written at clean shutdown
 * and by the log manager's periodic checkpoint, each only when the log grew or a producer changed.
 */
final class ProducerStateManager {
    /** A retried batch that is already in the log: where it went and what append time it got. */
    record Duplicate(long firstOffset, long lastOffset, long logAppendTime) {
    }

    private final TopicPartition topicPartition;
    private final Path dir;
    private final Map<Long, ProducerEntry> producers = new HashMap<>();
    /**
     * Producers with transactional batches sent to the coordinator's check and not appended yet, and how many: while
     * any is, that producer's later transactional batches take the same way, so they stay in order.
     */
    private final Map<Long, Integer> verifying = new HashMap<>();
    /** Open transactions in this partition: first offset → producer id. */
    private final TreeMap<Long, Long> ongoing = new TreeMap<>();
    /** The first offset of the oldest open transaction, {@link Long#MAX_VALUE} when none: read lock-free. */
    private volatile long firstUnstableOffset = Long.MAX_VALUE;
    private final TransactionIndex abortedIndex;
    private boolean loaded;
    /** The log end offset the state was last written at, -1 if never; equal to the log end when unchanged. */
    private long snapshotOffset = -1;
    private boolean changed;

    ProducerStateManager(TopicPartition topicPartition, Path dir) {
        this.topicPartition = topicPartition;
        this.dir = dir;
        this.abortedIndex = new TransactionIndex(dir);
    }

    /** The aborted transactions of the partition. */
    TransactionIndex abortedIndex() {
        return abortedIndex;
    }

    /** The first offset of the oldest open transaction, or {@link Long#MAX_VALUE}; lock-free. */
    long firstUnstableOffset() {
        return firstUnstableOffset;
    }

    /** The producers the partition remembers (append lock held). */
    Iterable<ProducerEntry> entries() {
        return producers.values();
    }

    boolean isLoaded() {
        return loaded;
    }

    /** The entry of a producer (loaded state only; append lock held), or null. */
    ProducerEntry entry(long producerId) {
        return producers.get(producerId);
    }

    int producerCount() {
        return producers.size();
    }

    // ---------------------------------------------------------------- append path (append lock held)

    /**
     * Checks the batches about to be appended (the readable bytes of {@code batches}). Returns null when they may
     * be appended, or the original placement when the buffer is a retry of a batch already in the log.
     *
     * @throws ProducerStateException   when a batch's epoch is fenced or its sequence does not follow
     * @throws IllegalArgumentException when a batch with a producer id shares the buffer with other batches
     */
    Duplicate check(ByteBuf batches, RecordBatch view, boolean verifiedTransaction) {
        if (!loaded) {
            throw new IllegalStateException("the producer state of " + topicPartition
                    + " was not loaded when its log was opened");
        }
        int start = batches.readerIndex();
        int end = batches.writerIndex();
        int idx = start;
        while (idx < end) {
            int size = RecordBatch.sizeAt(batches, idx);
            if (size < RecordBatch.HEADER_SIZE || size > end - idx) {
                throw new IllegalArgumentException("append to " + topicPartition + ": batch at index " + idx
                        + " claims " + size + " bytes but " + (end - idx) + " remain");
            }
            view.wrap(batches, idx);
            boolean single = idx == start && size == end - start;
            idx += size;
            if (!view.hasProducerId()) {
                continue;
            }
            if (view.isControl() || view.baseSequence() == RecordBatch.NO_SEQUENCE) {
                // Markers and the coordinators' own transactional writes carry no sequence: only the epoch counts.
                checkEpoch(view.producerId(), view.producerEpoch());
                continue;
            }
            if (!single) {
                throw new IllegalArgumentException("append to " + topicPartition + ": a batch of producer "
                        + view.producerId() + " must be appended alone, not with other batches");
            }
            if (view.isTransactional() && !verifiedTransaction) {
                checkEpoch(view.producerId(), view.producerEpoch());
                // Before the sequence check: a batch that follows one still being verified must wait its turn.
                ProducerEntry e = producers.get(view.producerId());
                if (verifying.containsKey(view.producerId()) || e == null || e.currentTxnFirstOffset() < 0) {
                    verifying.merge(view.producerId(), 1, Integer::sum);
                    throw new ProducerStateException(ProducerStateException.Reason.TRANSACTION_NOT_VERIFIED,
                            "producer " + view.producerId() + " has no open transaction in " + topicPartition);
                }
            }
            return check(view.producerId(), view.producerEpoch(), view.baseSequence(), view.lastSequence());
        }
        return null;
    }

    /**
     * A batch {@link #check} sent to the coordinator's check is done with it: appended as verified, refused, or
     * abandoned. Append lock held.
     */
    void verificationDone(long producerId) {
        verifying.computeIfPresent(producerId, (p, n) -> n > 1 ? n - 1 : null);
    }

    private void checkEpoch(long producerId, short epoch) {
        ProducerEntry e = producers.get(producerId);
        if (e != null && epoch < e.epoch()) {
            throw new ProducerStateException(ProducerStateException.Reason.INVALID_PRODUCER_EPOCH, "producer "
                    + producerId + " wrote epoch " + epoch + " to " + topicPartition + ", older than its current epoch "
                    + e.epoch());
        }
    }

    private Duplicate check(long producerId, short epoch, int firstSeq, int lastSeq) {
        ProducerEntry e = producers.get(producerId);
        if (e == null) {
            // Kafka 4 accepts any sequence from a producer it knows nothing of (its state expired or was never seen).
            return null;
        }
        if (epoch < e.epoch()) {
            throw new ProducerStateException(ProducerStateException.Reason.INVALID_PRODUCER_EPOCH, "producer "
                    + producerId + " wrote epoch " + epoch + " to " + topicPartition + ", older than its current epoch "
                    + e.epoch());
        }
        if (epoch > e.epoch()) {
            if (firstSeq != 0) {
                throw new ProducerStateException(ProducerStateException.Reason.OUT_OF_ORDER_SEQUENCE_NUMBER,
                        "producer " + producerId + " starts epoch " + epoch + " on " + topicPartition
                                + " at sequence " + firstSeq + "; a new epoch starts at 0");
            }
            return null;
        }
        int i = e.find(firstSeq, lastSeq);
        if (i >= 0) {
            return new Duplicate(e.firstOffset(i), e.lastOffset(i), e.appendTime(i));
        }
        int last = e.lastSequence();
        if (last != RecordBatch.NO_SEQUENCE && !follows(last, firstSeq)) {
            throw new ProducerStateException(ProducerStateException.Reason.OUT_OF_ORDER_SEQUENCE_NUMBER, "producer "
                    + producerId + " epoch " + epoch + " sent sequences " + firstSeq + ".." + lastSeq + " to "
                    + topicPartition + " but its last batch ended at sequence " + last + " (offset " + e.lastOffset()
                    + "); expected " + (last == Integer.MAX_VALUE ? 0 : last + 1));
        }
        return null;
    }

    /** Sequences wrap from Integer.MAX_VALUE to 0. */
    private static boolean follows(int last, int next) {
        return last == Integer.MAX_VALUE ? next == 0 : next == last + 1;
    }

    /**
     * Records the batches just written (offsets assigned) that carry a producer id. {@code nowMs} is the
     * broker time of the append; {@code logAppendTime} the time they were stamped with, or -1.
     */
    void appended(ByteBuf batches, RecordBatch view, long nowMs, long logAppendTime, long segmentBase) {
        int end = batches.writerIndex();
        for (int idx = batches.readerIndex(); idx < end; idx += view.sizeInBytes()) {
            view.wrap(batches, idx);
            if (!view.hasProducerId()) {
                continue;
            }
            if (view.isControl()) {
                short type = EndTransactionMarker.typeAt(batches, idx);
                if (type >= 0) {
                    endTransaction(view.producerId(), view.producerEpoch(), type == EndTransactionMarker.COMMIT,
                            view.baseOffset(), nowMs, segmentBase);
                }
            } else {
                apply(view.producerId(), view.producerEpoch(), view.baseSequence(), view.lastOffsetDelta(),
                        view.baseOffset(), view.isTransactional(), view.maxTimestamp(), nowMs, logAppendTime);
            }
        }
    }

    void apply(long producerId, short epoch, int baseSequence, int lastOffsetDelta, long baseOffset,
               boolean transactional, long maxTimestamp, long nowMs, long appendTime) {
        ProducerEntry e = entryAtEpoch(producerId, epoch);
        if (e == null) {
            return;
        }
        if (baseSequence != RecordBatch.NO_SEQUENCE) {
            e.add(baseSequence, lastSequence(baseSequence, lastOffsetDelta), baseOffset,
                    baseOffset + lastOffsetDelta, appendTime);
        }
        if (transactional && e.currentTxnFirstOffset() < 0) {
            e.currentTxnFirstOffset(baseOffset);
            ongoing.put(baseOffset, producerId);
            publishFirstUnstable();
        }
        e.lastTimestamp(appendTime >= 0 ? appendTime : maxTimestamp);
        e.lastAppendMs(nowMs);
        changed = true;
    }

    /** The producer's entry moved to {@code epoch} (a newer epoch forgets the older one's batches), or null if older. */
    private ProducerEntry entryAtEpoch(long producerId, short epoch) {
        ProducerEntry e = producers.get(producerId);
        if (e == null) {
            e = new ProducerEntry(producerId, epoch);
            producers.put(producerId, e);
        } else if (epoch > e.epoch()) {
            e.startEpoch(epoch);
        } else if (epoch < e.epoch()) {
            // Only replay can meet this (a log written before a fence was enforced): the newer epoch stays.
            return null;
        }
        return e;
    }

    /**
     * A COMMIT or ABORT marker of {@code producerId} at {@code markerOffset}: its open transaction here, if any, ends;
     * an aborted one enters the aborted-transaction index. A marker of a newer epoch fences the older one.
     */
    void endTransaction(long producerId, short epoch, boolean commit, long markerOffset, long nowMs,
                        long segmentBase) {
        ProducerEntry e = entryAtEpoch(producerId, epoch);
        if (e == null) {
            return;
        }
        e.lastAppendMs(nowMs);
        changed = true;
        long first = e.currentTxnFirstOffset();
        if (first < 0) {
            return;
        }
        e.currentTxnFirstOffset(-1);
        ongoing.remove(first, producerId);
        publishFirstUnstable();
        if (!commit) {
            long lastStable = Math.min(firstUnstableOffset, markerOffset + 1);
            abortedIndex.append(new AbortedTransaction(producerId, first, markerOffset, lastStable), segmentBase);
        }
    }

    private void publishFirstUnstable() {
        firstUnstableOffset = ongoing.isEmpty() ? Long.MAX_VALUE : ongoing.firstKey();
    }

    static int lastSequence(int baseSequence, int lastOffsetDelta) {
        if (baseSequence > Integer.MAX_VALUE - lastOffsetDelta) {
            return lastOffsetDelta - (Integer.MAX_VALUE - baseSequence) - 1;
        }
        return baseSequence + lastOffsetDelta;
    }

    // ---------------------------------------------------------------- loading (ProducerStateStore; append lock held)

    /** Takes the entries of a snapshot as the state, with their open transactions. */
    void restore(List<ProducerEntry> entries) {
        for (ProducerEntry entry : entries) {
            producers.put(entry.producerId(), entry);
            if (entry.currentTxnFirstOffset() >= 0) {
                ongoing.put(entry.currentTxnFirstOffset(), entry.producerId());
            }
        }
        publishFirstUnstable();
    }

    /** Loading failed: the producers it had restored are forgotten. */
    void discardLoaded() {
        producers.clear();
    }

    /**
     * Loading is done: the state matches the log; the snapshots on disk describe it as of {@code snapshotOffset}
     * (-1 if none does), and {@code replayed} batches after it make a newer snapshot worth writing.
     */
    void loaded(long snapshotOffset, boolean replayed) {
        this.snapshotOffset = snapshotOffset;
        if (replayed) {
            changed = true;
        }
        loaded = true;
    }

    // ---------------------------------------------------------------- expiry and snapshots (append lock held)

    /** Forgets producers whose newest batch is below the log start (retention deleted it). */
    void dropBelow(long logStartOffset) {
        Iterator<ProducerEntry> it = producers.values().iterator();
        while (it.hasNext()) {
            ProducerEntry e = it.next();
            if (e.lastOffset() < logStartOffset && e.currentTxnFirstOffset() < 0) {
                it.remove();
                changed = true;
            }
        }
        abortedIndex.dropBelow(logStartOffset);
    }

    /** Forgets producers idle for {@code expirationMs} or whose batches are all below the log start. */
    void expire(long nowMs, long expirationMs, long logStartOffset) {
        if (!loaded) {
            return;
        }
        Iterator<ProducerEntry> it = producers.values().iterator();
        while (it.hasNext()) {
            ProducerEntry e = it.next();
            // A producer with a transaction open is kept: its transaction still decides the last stable offset.
            if (nowMs - e.lastAppendMs() >= expirationMs && e.currentTxnFirstOffset() < 0) {
                it.remove();
                changed = true;
            }
        }
        dropBelow(logStartOffset);
    }

    /**
     * The encoded state as of {@code logEndOffset}, or null when nothing changed since the last snapshot (or
     * the state was never loaded, so the snapshots on disk still describe it).
     */
    byte[] snapshotIfChanged(long logEndOffset) {
        if (!loaded || (!changed && snapshotOffset == logEndOffset)) {
            return null;
        }
        // Also when only batches without a producer id came: a newer snapshot spares the next load their replay.
        byte[] bytes = ProducerSnapshotFile.encode(logEndOffset, producers.values());
        changed = false;
        snapshotOffset = logEndOffset;
        return bytes;
    }

    /**
     * Writes what {@link #snapshotIfChanged} returned; outside the append lock. The aborted-transaction index is
     * fsynced first, so every marker below a snapshot has a durable entry (loading replays only after it).
     */
    void writeSnapshot(long offset, byte[] bytes) throws IOException {
        abortedIndex.force();
        ProducerSnapshotFile.write(dir, offset, bytes);
    }

    @Override
    public String toString() {
        return "ProducerStateManager(" + topicPartition + ", " + (loaded ? producers.size() + " producers"
                : "not loaded") + ")";
    }
}
