package io.runnel.broker.log;

import io.runnel.broker.topic.TopicPartition;
import io.runnel.protocol.record.EndTransactionMarker;
import io.runnel.protocol.record.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A partition's {@link ProducerStateManager} on disk: rebuilt when the log is opened, written at checkpoints.
 *
 * <p>Loading takes the newest intact snapshot at or below the log end ({@link ProducerSnapshotFile}; newer ones,
 * left past the end by a crash, are deleted), then replays the batch headers after it in offset order. Only
 * headers are read (producer id, epoch, base sequence and last offset delta are all in the header), and the
 * aborted-transaction index is loaded first. A checkpoint forgets expired producers and writes a snapshot at the
 * log end when the state changed or the log grew since the last one (clean shutdown writes one the same way,
 * from {@link PartitionLog}).
 *
 * <p>Threads: loading runs on the thread that opens the log ({@link LogLoader}: a start-up thread or the
 * topic-admin thread), never on the first append, which runs on a network thread. After a clean shutdown an
 * empty log reads nothing; otherwise loading lists the snapshots and replays the headers after the newest (none
 * after a clean shutdown, which snapshots at the log end). Loading is done once; a failed load leaves the state
 * unloaded, so appends refuse to run on it. Checkpoints run on the log manager's scheduler thread. Both hold the
 * log's append lock, which the log shares with this class, while they touch the state; a checkpoint writes its
 * file after releasing it.
 */
final class ProducerStateStore {
    private static final Logger LOG = LoggerFactory.getLogger(ProducerStateStore.class);

    private final PartitionLog log;
    private final ProducerStateManager state;
    private final ReentrantLock appendLock;
    private final TopicPartition topicPartition;
    private final Path dir;

    ProducerStateStore(PartitionLog log, ProducerStateManager state, ReentrantLock appendLock) {
        this.log = log;
        this.state = state;
        this.appendLock = appendLock;
        this.topicPartition = log.topicPartition();
        this.dir = log.dir();
    }

    /**
     * Loads the state, which the loader does on the thread that opens the log, so that no append (on a network
     * thread) ever reads snapshots or replays batch headers.
     *
     * @param afterCleanShutdown the log was closed cleanly, so an empty log has no state and no stale snapshot
     */
    void load(boolean afterCleanShutdown) {
        appendLock.lock();
        try {
            rebuild(afterCleanShutdown);
        } finally {
            appendLock.unlock();
        }
    }

    /**
     * Forgets expired producers and writes a producer snapshot at the log end offset if the state changed or the
     * log grew since the last one. Called by the log manager's periodic checkpoint; the append lock is held only
     * while the state is encoded, not while the file is written.
     */
    void checkpoint() throws IOException {
        byte[] bytes;
        long offset;
        appendLock.lock();
        try {
            if (log.isClosed()) {
                return;
            }
            state.expire(log.context().clock().millis(), log.config().producerIdExpirationMs(), log.logStartOffset());
            offset = log.logEndOffset();
            bytes = state.snapshotIfChanged(offset);
        } finally {
            appendLock.unlock();
        }
        if (bytes != null) {
            state.writeSnapshot(offset, bytes);
        }
    }

    /**
     * Loads the state from the newest usable snapshot and the log after it, once.
     *
     * @param afterCleanShutdown the log was closed cleanly: if it is empty there is no state and no stale snapshot
     *                           past its end (only a crash truncates a log below a snapshot)
     */
    private void rebuild(boolean afterCleanShutdown) {
        if (state.isLoaded()) {
            return;
        }
        long logEnd = log.logEndOffset();
        long logStart = log.logStartOffset();
        try {
            state.abortedIndex().load(log.segmentList().snapshot(), logEnd);
        } catch (IOException e) {
            throw new UncheckedIOException("loading the aborted-transaction index of " + topicPartition + " from "
                    + dir + " failed", e);
        }
        if (afterCleanShutdown && logStart == logEnd) {
            state.loaded(logEnd, false);
            return;
        }
        log.context().fileWork().performing("loading the producer state of " + topicPartition);
        long now = log.context().clock().millis();
        long from = logStart;
        long snapshotOffset = -1;
        int replayed;
        try {
            Long snapshot = loadNewestSnapshot(logEnd);
            if (snapshot != null) {
                from = Math.max(snapshot, logStart);
                snapshotOffset = snapshot;
            }
            replayed = replay(from, logEnd, now);
            LOG.debug("{}: producer state of {} producers from snapshot {} and {} replayed batches", topicPartition,
                    state.producerCount(), snapshot, replayed);
        } catch (IOException e) {
            state.discardLoaded();
            throw new UncheckedIOException("loading the producer state of " + topicPartition + " from " + dir
                    + " failed", e);
        }
        state.dropBelow(logStart);
        if (logStart == logEnd) {
            // Nothing to replay next time either: an empty log needs no snapshot.
            snapshotOffset = logEnd;
        }
        state.loaded(snapshotOffset, replayed > 0);
    }

    /** Reads the newest intact snapshot at or below {@code logEnd} into the state; its offset, or null. */
    private Long loadNewestSnapshot(long logEnd) throws IOException {
        List<Long> offsets = ProducerSnapshotFile.list(dir);
        for (int i = offsets.size() - 1; i >= 0; i--) {
            long offset = offsets.get(i);
            Path file = ProducerSnapshotFile.path(dir, offset);
            if (offset > logEnd) {
                LOG.info("{}: deleting producer snapshot {}, past the log end {} (the tail was lost in a crash)",
                        topicPartition, file.getFileName(), logEnd);
                Files.deleteIfExists(file);
                continue;
            }
            List<ProducerEntry> entries = new ArrayList<>();
            try {
                long stored = ProducerSnapshotFile.decode(file, Files.readAllBytes(file), entries);
                if (stored != offset) {
                    throw new IOException("producer snapshot " + file + " says offset " + stored);
                }
            } catch (IOException e) {
                LOG.warn("{}: ignoring unusable producer snapshot: {}", topicPartition, e.getMessage());
                continue;
            }
            state.restore(entries);
            return offset;
        }
        return null;
    }

    /** Applies the headers of the batches in {@code [from, to)}; returns how many carried a producer id. */
    private int replay(long from, long to, long nowMs) throws IOException {
        long next = from;
        int applied = 0;
        SegmentList list = log.segmentList();
        Segment[] segs = list.snapshot();
        Segment retired = null;
        while (next < to) {
            if (retired != null) {
                // Compaction swapped the segment: look again at the new list, from where we are.
                segs = list.afterRetired(segs, retired);
                retired = null;
            }
            for (int i = SegmentList.floorIndex(segs, next); i < segs.length && next < to; i++) {
                Segment s = segs[i];
                int size = s.size();
                if (size == 0) {
                    continue;
                }
                SegmentHandle h = s.acquirePrepared();
                if (h == null) {
                    retired = s;
                    break;
                }
                try {
                    long pos = LogReads.findBatch(s, h, next, size);
                    BatchHeaderReader r = BatchHeaderReader.forThread(h.channel());
                    while (pos >= 0 && r.load(pos, size) && r.baseOffset(pos) < to) {
                        long last = r.lastOffset(pos);
                        short attributes = r.attributes(pos);
                        boolean control = (attributes & RecordBatch.CONTROL_FLAG_MASK) != 0;
                        if (last >= next && r.producerId(pos) > RecordBatch.NO_PRODUCER_ID && control) {
                            short type = r.controlType(pos, size);
                            if (type >= 0) {
                                state.endTransaction(r.producerId(pos), r.producerEpoch(pos),
                                        type == EndTransactionMarker.COMMIT, r.baseOffset(pos), nowMs, s.baseOffset());
                            }
                            applied++;
                        } else if (last >= next && r.producerId(pos) > RecordBatch.NO_PRODUCER_ID) {
                            boolean stamped = (attributes & RecordBatch.TIMESTAMP_TYPE_MASK) != 0;
                            state.apply(r.producerId(pos), r.producerEpoch(pos), r.baseSequence(pos),
                                    r.lastOffsetDelta(pos), r.baseOffset(pos),
                                    (attributes & RecordBatch.TRANSACTIONAL_FLAG_MASK) != 0, r.maxTimestamp(pos),
                                    nowMs, stamped ? r.maxTimestamp(pos) : RecordBatch.NO_TIMESTAMP);
                            applied++;
                        }
                        next = Math.max(next, last + 1);
                        pos += r.sizeInBytes(pos);
                    }
                } finally {
                    h.release();
                }
            }
            if (retired == null) {
                break;
            }
        }
        return applied;
    }
}
