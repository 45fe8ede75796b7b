package io.runnel.broker.log;

import io.netty.buffer.ByteBuf;
import io.runnel.broker.topic.TopicPartition;
import io.runnel.protocol.record.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The append-only log of one partition: a list of {@link Segment}s, the last of which (the active segment) takes
 * appends.
 *
 * <p>Invariants: offsets are assigned by the log, dense from the log start offset (compaction may later remove
 * records but never renumbers them, so offsets always increase); {@code logStartOffset <= logEndOffset}; there is
 * always at least one segment; segments are sorted by base offset and cover disjoint, increasing offset ranges.
 *
 * <p>Threading: one appender at a time (appends serialise on an append lock that is held only for the write to
 * the page cache, never for an fsync). The log end offset is not a field of its own: it is the end offset of the
 * last segment, which the active segment publishes together with its size in one volatile write. Readers take no
 * lock: they read an immutable snapshot of the segment list, then the last segment's size and end offset in one
 * volatile read, so they only ever see whole batches, and every batch they return ends below the log end offset
 * they saw (which the log end offset read afterwards never falls below). Durability is asynchronous:
 * {@link #whenDurable} returns a future that the {@link Flusher} completes.
 * Retention, compaction and shutdown change the segment list under a separate lock, copy-on-write.
 *
 * <p>Idempotent producers: the log owns a {@link ProducerStateManager}. Every append is checked against it and
 * recorded in it under the append lock, so the state always matches the log's batches exactly; a retried batch
 * is not written again but answered with its original offsets ({@link AppendResult#duplicate()}).
 */
public final class PartitionLog {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionLog.class);

    private final TopicPartition topicPartition;
    private final Path dir;
    private final LogContext ctx;
    private volatile LogConfig config;

    private final ReentrantLock appendLock = new ReentrantLock();
    private final ReentrantLock maintenanceLock = new ReentrantLock();
    private final Object segmentsLock = new Object();
    /** Reused by appends (append lock held); created by the first one, as idle partitions never need it. */
    private RecordBatch appendView;
    private volatile Segment[] segments;
    private volatile long logStartOffset;
    private volatile long recoveryPoint;
    private final LogDurability durability;
    private final ProducerStateManager producerState;
    private volatile boolean closed;

    PartitionLog(TopicPartition topicPartition, Path dir, LogConfig config, LogContext ctx, Segment[] segments,
                 long logStartOffset, long recoveryPoint) {
        this.topicPartition = topicPartition;
        this.dir = dir;
        this.config = config;
        this.ctx = ctx;
        this.segments = segments;
        this.logStartOffset = logStartOffset;
        this.recoveryPoint = recoveryPoint;
        this.durability = new LogDurability(recoveryPoint, ctx.clock().millis());
        this.producerState = new ProducerStateManager(topicPartition, dir);
    }

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    public Path dir() {
        return dir;
    }

    public LogConfig config() {
        return config;
    }

    /** Applies changed topic settings; they take effect from the next append, roll or retention pass. */
    public void updateConfig(LogConfig newConfig) {
        this.config = newConfig;
    }

    /** The first offset a reader may fetch. */
    public long logStartOffset() {
        return logStartOffset;
    }

    /** The offset the next append gets: one past the last record. Also the high watermark (one broker). */
    public long logEndOffset() {
        Segment[] segs = segments;
        return segs[segs.length - 1].endOffset();
    }

    /** Below this offset every batch and every closed segment's indexes are on disk. */
    public long recoveryPoint() {
        return recoveryPoint;
    }

    /** Every record below this offset has been fsynced. */
    public long durableOffset() {
        return durability.durableOffset();
    }

    /** Bytes of all segment files. */
    public long sizeInBytes() {
        long total = 0;
        for (Segment s : segments) {
            total += s.size();
        }
        return total;
    }

    public int segmentCount() {
        return segments.length;
    }

    Segment[] segments() {
        return segments;
    }

    AtomicInteger flushState() {
        return durability.flushState();
    }

    LogContext context() {
        return ctx;
    }

    /**
     * Loads the producer state now rather than on the first append. After a crash that means replaying the batch
     * headers written since the last snapshot, work for a recovery thread, not for the network thread of the
     * first producer.
     */
    void loadProducerState() {
        appendLock.lock();
        try {
            producerState.ensureLoaded(this);
        } finally {
            appendLock.unlock();
        }
    }

    ProducerStateManager producerState() {
        return producerState;
    }

    // ---------------------------------------------------------------- append

    /**
     * Appends {@code batches} — the buffer's readable bytes, one or more whole RecordBatch v2 that have already
     * passed validation — assigning offsets by writing each batch's base offset into the buffer, and stamping
     * the append time (which rewrites the CRC) when the topic uses LogAppendTime. Returns once the bytes are in
     * the OS page cache; use {@link #whenDurable} to wait for the fsync.
     *
     * <p>A batch with a producer id must come alone. If it repeats one of the producer's last five batches it is
     * not written: the result carries the original offsets and {@link AppendResult#duplicate()}.
     *
     * @throws IllegalArgumentException when the buffer does not hold whole batches
     * @throws ProducerStateException when a producer's batch is fenced or out of sequence (nothing is written)
     * @throws UncheckedIOException when the write fails (the broker answers KAFKA_STORAGE_ERROR)
     * @throws IllegalStateException when the log is closed or a previous fsync failed
     */
    public AppendResult append(ByteBuf batches) {
        int length = batches.readableBytes();
        if (length < RecordBatch.HEADER_SIZE) {
            throw new IllegalArgumentException("append to " + topicPartition + " of " + length
                    + " bytes: less than one record batch");
        }
        AppendResult result;
        appendLock.lock();
        try {
            checkWritable();
            LogConfig cfg = config;
            long now = ctx.clock().millis();
            RecordBatch view = appendView;
            if (view == null) {
                view = new RecordBatch();
                appendView = view;
            }
            ProducerStateManager.Duplicate duplicate = producerState.check(this, batches, view);
            if (duplicate != null) {
                return new AppendResult(duplicate.firstOffset(), duplicate.lastOffset(), duplicate.logAppendTime(),
                        logStartOffset, true);
            }
            Segment active = segments[segments.length - 1];
            long first = active.endOffset();
            long next = first;
            int count = 0;
            long records = 0;
            int idx = batches.readerIndex();
            int end = idx + length;
            while (idx < end) {
                int size = RecordBatch.sizeAt(batches, idx);
                if (size < RecordBatch.HEADER_SIZE || size > end - idx) {
                    throw new IllegalArgumentException("append to " + topicPartition + ": batch at index " + idx
                            + " claims " + size + " bytes but " + (end - idx) + " remain");
                }
                view.wrap(batches, idx);
                view.setBaseOffset(next);
                if (cfg.logAppendTime()) {
                    view.setLogAppendTime(now);
                }
                next += view.lastOffsetDelta() + 1L;
                records += view.recordsCount();
                count++;
                idx += size;
            }
            SegmentHandle h = active.acquire();
            try {
                if (active.needsRoll(h, length, count, next - 1, cfg, now)) {
                    h.release();
                    h = null;
                    active = roll(now);
                    h = active.acquire();
                }
                active.append(h, batches, view, next);
            } catch (IOException e) {
                throw new UncheckedIOException("appending " + length + " bytes to " + topicPartition + " at offset "
                        + first + " failed", e);
            } finally {
                if (h != null) {
                    h.release();
                }
            }
            producerState.appended(batches, view, now, cfg.logAppendTime() ? now : RecordBatch.NO_TIMESTAMP);
            if (durability.appended(records, cfg.flushMessages())) {
                ctx.flusher().requestFlush(this);
            }
            result = new AppendResult(first, next - 1, cfg.logAppendTime() ? now : RecordBatch.NO_TIMESTAMP,
                    logStartOffset, false);
        } finally {
            appendLock.unlock();
        }
        // Outside the lock: a woken fetch reads this log, and the next append need not wait for it.
        ctx.appendListeners().appended(this, length);
        return result;
    }

    private void checkWritable() {
        if (closed) {
            throw new IllegalStateException("partition " + topicPartition + " is closed");
        }
        Throwable failure = durability.failure();
        if (failure != null) {
            throw new IllegalStateException("partition " + topicPartition + " is offline after a failed fsync",
                    failure);
        }
    }

    /** Closes the active segment and starts a new one at the log end offset. Append lock held. */
    private Segment roll(long now) {
        Segment old = segments[segments.length - 1];
        long end = old.endOffset();
        // Create first: if that fails the old segment is still the active one, whole, and the next append retries.
        Segment fresh = Segment.create(dir, end, config, ctx.cache(), now);
        SegmentHandle h = old.acquire();
        try {
            old.deactivate(h);
        } finally {
            h.release();
        }
        old.setOffsetLimit(end);
        synchronized (segmentsLock) {
            Segment[] cur = segments;
            Segment[] grown = Arrays.copyOf(cur, cur.length + 1);
            grown[cur.length] = fresh;
            segments = grown;
        }
        LOG.debug("rolled {} to a new segment at offset {}", topicPartition, end);
        // The closed segment's trim and fsync run on a flusher thread, which also advances the recovery point.
        ctx.flusher().requestFlush(this);
        return fresh;
    }

    // ---------------------------------------------------------------- durability

    /**
     * A future completed once every record below {@code offset} (normally {@link AppendResult#nextOffset()}) is
     * fsynced; with {@code log.fsync.enable=false} it is already complete. It completes on a flusher thread (or
     * the caller's, if already durable): continue on your own executor. It fails if the fsync fails.
     */
    public CompletableFuture<Void> whenDurable(long offset) {
        if (!config.fsyncEnabled()) {
            return CompletableFuture.completedFuture(null);
        }
        return durability.whenDurable(offset, closed, this);
    }

    /** Asks the flusher to fsync this log soon (for flush.ms / flush.messages and shutdown). */
    void requestFlush() {
        ctx.flusher().requestFlush(this);
    }

    /** Whether unflushed data is older than flush.ms. */
    boolean isDueForPeriodicFlush(long nowMs) {
        return durability.isDue(config.flushMs(), logEndOffset(), nowMs);
    }

    /**
     * Makes everything appended so far durable: trims and fsyncs segments that no longer take appends, fdatasyncs
     * the active one, then advances the durable offset and recovery point and completes waiters. Called by one
     * flusher thread at a time (or by close).
     */
    void flush() throws IOException {
        if (closed || durability.failure() != null) {
            return;
        }
        long target = logEndOffset();
        Segment[] segs = segments;
        int first = segs.length - 1;
        while (first > 0 && !segs[first - 1].isFullyFlushed()) {
            first--;
        }
        syncDirectoryIfNeeded(segs, first);
        for (int i = first; i < segs.length; i++) {
            Segment s = segs[i];
            if (i < segs.length - 1 || !s.isActive()) {
                s.flushAndTrim();
            } else {
                s.forceLog();
            }
        }
        long rp = target;
        for (Segment s : segs) {
            if (!s.isFullyFlushed()) {
                rp = Math.min(rp, s.baseOffset());
                break;
            }
        }
        if (rp > recoveryPoint) {
            recoveryPoint = rp;
        }
        durability.flushed(target, ctx.clock().millis());
    }

    /** How many flushes (fsync rounds) this log has had: with group commit, fewer than durable appends. */
    public long flushCount() {
        return durability.flushCount();
    }

    /** A new segment file is durable only once the directory entry naming it is: fsync the directory once. */
    private void syncDirectoryIfNeeded(Segment[] segs, int from) throws IOException {
        boolean needed = false;
        for (int i = from; i < segs.length; i++) {
            needed |= !segs[i].isDirectoryEntryDurable();
        }
        if (needed) {
            LogFiles.fsyncDirectory(dir);
            for (int i = from; i < segs.length; i++) {
                if (segs[i].size() > 0) {
                    segs[i].markDirectoryEntryDurable();
                }
            }
        }
    }

    void failDurability(Throwable failure) {
        durability.fail(failure);
    }

    // ---------------------------------------------------------------- read

    /**
     * Reads whole batches from {@code offset}: the batch containing it comes first (a read inside a batch returns
     * that whole batch; the client skips the records before its offset), then following batches of the same
     * segment while they fit in {@code maxBytes}. When the first batch alone is larger than {@code maxBytes}, it
     * is returned whole if {@code minOneBatch} (KIP-74: the first partition of a fetch always makes progress),
     * else the slice is empty. A read at the log end offset is empty.
     *
     * @throws OffsetOutOfRangeException when {@code offset} is below the log start or above the log end offset
     */
    public LogSlice read(long offset, int maxBytes, boolean minOneBatch) {
        return LogReads.read(this, offset, maxBytes, minOneBatch);
    }

    /**
     * ListOffsets: -1 latest (the log end offset), -2 earliest and -4 earliest-local (the log start offset),
     * -3 the record with the largest timestamp, any timestamp >= 0 the first record whose timestamp is at least
     * it. Returns null when there is no such record (-5 latest-tiered, or a timestamp past every record).
     */
    public TimestampAndOffset offsetForTimestamp(long timestamp) {
        return TimestampSearch.search(this, timestamp);
    }

    // ---------------------------------------------------------------- retention and maintenance

    /**
     * Removes the oldest segment from the list if it is still {@code expected} and not the active one, moving the
     * log start offset to the next segment's base. The caller (retention, holding the maintenance lock) then
     * retires it and deletes its files.
     */
    boolean dropOldestSegment(Segment expected) {
        synchronized (segmentsLock) {
            Segment[] cur = segments;
            if (closed || cur.length < 2 || cur[0] != expected) {
                return false;
            }
            // The start moves before the list changes: a reader that sees the shorter list also sees the new start.
            long newStart = cur[1].baseOffset();
            if (newStart > logStartOffset) {
                logStartOffset = newStart;
            }
            segments = Arrays.copyOfRange(cur, 1, cur.length);
            return true;
        }
    }

    /**
     * Moves the log start offset up to {@code offset} (at most the log end offset), as DeleteRecords does;
     * segments wholly below it are deleted by the next retention pass.
     */
    public void advanceLogStartOffset(long offset) {
        synchronized (segmentsLock) {
            long bounded = Math.min(offset, logEndOffset());
            if (bounded > logStartOffset) {
                logStartOffset = bounded;
            }
        }
    }

    /**
     * Publishes {@code replacement} as the new segment list if the list is still {@code expected}; call with
     * the segments lock held. Used by compaction to swap in a rewritten segment.
     */
    boolean replaceSegments(Segment[] expected, Segment[] replacement) {
        if (segments != expected || closed) {
            return false;
        }
        segments = replacement;
        return true;
    }

    /** Held by retention and compaction, so that they never work on the same segments at once. */
    ReentrantLock maintenanceLock() {
        return maintenanceLock;
    }

    Object segmentsLock() {
        return segmentsLock;
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Closes the log cleanly: flushes and trims every segment, so the log end offset becomes the recovery point,
     * completes the durability waiters and closes the files. Appends fail afterwards.
     */
    void close() throws IOException {
        appendLock.lock();
        try {
            if (closed) {
                return;
            }
            try {
                flushAll();
                byte[] snapshot = producerState.snapshotIfChanged(logEndOffset());
                if (snapshot != null) {
                    producerState.writeSnapshot(logEndOffset(), snapshot);
                }
            } finally {
                closed = true;
                releaseAll();
                durability.failWaiters(new IllegalStateException("partition " + topicPartition
                        + " closed at offset " + logEndOffset() + " before these offsets were appended"));
            }
        } finally {
            appendLock.unlock();
        }
    }

    private void flushAll() throws IOException {
        Throwable failure = durability.failure();
        if (failure != null) {
            // Not clean: what the failed fsync covered may be gone, so the next start must check this log.
            throw new IOException("partition " + topicPartition + " went offline after an fsync failure", failure);
        }
        long target = logEndOffset();
        syncDirectoryIfNeeded(segments, 0);
        for (Segment s : segments) {
            s.flushAndTrim();
        }
        recoveryPoint = target;
        durability.flushed(target, ctx.clock().millis());
    }

    /**
     * Forgets expired producers and writes a producer snapshot at the log end offset if the state changed or the
     * log grew since the last one. Called by the log manager's periodic checkpoint; the append lock is held only
     * while the state is encoded, not while the file is written.
     */
    void snapshotProducerState() throws IOException {
        byte[] bytes;
        long offset;
        appendLock.lock();
        try {
            if (closed) {
                return;
            }
            producerState.expire(ctx.clock().millis(), config.producerIdExpirationMs(), logStartOffset);
            offset = logEndOffset();
            bytes = producerState.snapshotIfChanged(offset);
        } finally {
            appendLock.unlock();
        }
        if (bytes != null) {
            producerState.writeSnapshot(offset, bytes);
        }
    }

    /** Closes the files without flushing (the log was deleted, or a test simulates a crash). */
    void closeWithoutFlush(Throwable reasonForWaiters) {
        appendLock.lock();
        try {
            closed = true;
            releaseAll();
            durability.failWaiters(reasonForWaiters);
        } finally {
            appendLock.unlock();
        }
    }

    private void releaseAll() {
        synchronized (segmentsLock) {
            for (Segment s : segments) {
                s.retire();
            }
        }
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "PartitionLog(" + topicPartition + ", start=" + logStartOffset + ", end=" + logEndOffset()
                + ", segments=" + segments.length + ")";
    }
}
