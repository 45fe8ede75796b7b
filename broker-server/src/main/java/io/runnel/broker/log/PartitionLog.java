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
import java.util.function.BiPredicate;

/**
 * The append-only log of one partition: a list of {@link Segment}s, the last of which (the active segment) takes
 * appends.
 *
 * <p>Invariants: offsets are assigned by the log, dense from the log start offset (compaction may later remove
 * records but never renumbers them, so offsets always increase); {@code logStartOffset <= logEndOffset}; there is
 * always at least one segment; segments are sorted by base offset and cover disjoint, increasing offset ranges.
 *
 * <p>Threading: one appender at a time (appends serialise on an append lock that is held only for the write to
 * the page cache, never for an fsync). Readers take no lock: they read the volatile log end offset first, then an
 * immutable snapshot of the segment list, then each segment's published size, so they only ever see whole
 * batches. Durability is asynchronous: {@link #whenDurable} returns a future that the {@link Flusher} completes.
 * Retention, compaction and shutdown change the segment list under a separate lock, copy-on-write.
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
    private final RecordBatch appendView = new RecordBatch();
    private volatile Segment[] segments;
    private volatile long logEndOffset;
    private volatile long logStartOffset;
    private volatile long recoveryPoint;
    private volatile long flushedOffset;

    private final AtomicInteger flushState = new AtomicInteger(Flusher.IDLE);
    private final DurabilityWaiters waiters = new DurabilityWaiters();
    private long unflushedRecords;
    private volatile long lastFlushMs;
    private volatile long flushCount;
    private volatile Throwable storageFailure;
    private volatile boolean closed;

    PartitionLog(TopicPartition topicPartition, Path dir, LogConfig config, LogContext ctx, Segment[] segments,
                 long logStartOffset, long logEndOffset, long recoveryPoint) {
        this.topicPartition = topicPartition;
        this.dir = dir;
        this.config = config;
        this.ctx = ctx;
        this.segments = segments;
        this.logStartOffset = logStartOffset;
        this.logEndOffset = logEndOffset;
        this.recoveryPoint = recoveryPoint;
        this.flushedOffset = recoveryPoint;
        this.lastFlushMs = ctx.clock().millis();
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
        return logEndOffset;
    }

    /** Below this offset every batch and every closed segment's indexes are on disk. */
    public long recoveryPoint() {
        return recoveryPoint;
    }

    /** Every record below this offset has been fsynced. */
    public long durableOffset() {
        return flushedOffset;
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
        return flushState;
    }

    LogContext context() {
        return ctx;
    }

    // ---------------------------------------------------------------- append

    /**
     * Appends {@code batches} — the buffer's readable bytes, one or more whole RecordBatch v2 that have already
     * passed validation — assigning offsets by writing each batch's base offset into the buffer, and stamping
     * the append time (which rewrites the CRC) when the topic uses LogAppendTime. Returns once the bytes are in
     * the OS page cache; use {@link #whenDurable} to wait for the fsync.
     *
     * @throws IllegalArgumentException when the buffer does not hold whole batches
     * @throws UncheckedIOException when the write fails (the broker answers KAFKA_STORAGE_ERROR)
     * @throws IllegalStateException when the log is closed or a previous fsync failed
     */
    public AppendResult append(ByteBuf batches) {
        int length = batches.readableBytes();
        if (length < RecordBatch.HEADER_SIZE) {
            throw new IllegalArgumentException("append to " + topicPartition + " of " + length
                    + " bytes: less than one record batch");
        }
        appendLock.lock();
        try {
            checkWritable();
            LogConfig cfg = config;
            long now = ctx.clock().millis();
            long first = logEndOffset;
            long next = first;
            int count = 0;
            long records = 0;
            int idx = batches.readerIndex();
            int end = idx + length;
            RecordBatch view = appendView;
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
            Segment active = segments[segments.length - 1];
            SegmentHandle h = active.acquire();
            try {
                if (active.needsRoll(h, length, count, next - 1, cfg, now)) {
                    h.release();
                    h = null;
                    active = roll(now);
                    h = active.acquire();
                }
                active.append(h, batches, view);
            } catch (IOException e) {
                throw new UncheckedIOException("appending " + length + " bytes to " + topicPartition + " at offset "
                        + first + " failed", e);
            } finally {
                if (h != null) {
                    h.release();
                }
            }
            logEndOffset = next;
            unflushedRecords += records;
            if (unflushedRecords >= cfg.flushMessages()) {
                unflushedRecords = 0;
                ctx.flusher().requestFlush(this);
            }
            return new AppendResult(first, next - 1, cfg.logAppendTime() ? now : RecordBatch.NO_TIMESTAMP,
                    logStartOffset);
        } finally {
            appendLock.unlock();
        }
    }

    private void checkWritable() {
        if (closed) {
            throw new IllegalStateException("partition " + topicPartition + " is closed");
        }
        Throwable failure = storageFailure;
        if (failure != null) {
            throw new IllegalStateException("partition " + topicPartition + " is offline after a failed fsync",
                    failure);
        }
    }

    /** Closes the active segment and starts a new one at the log end offset. Append lock held. */
    private Segment roll(long now) {
        Segment old = segments[segments.length - 1];
        SegmentHandle h = old.acquire();
        try {
            old.deactivate(h);
        } finally {
            h.release();
        }
        old.setOffsetLimit(logEndOffset);
        Segment fresh = Segment.create(dir, logEndOffset, config, ctx.cache(), now);
        synchronized (segmentsLock) {
            Segment[] cur = segments;
            Segment[] grown = Arrays.copyOf(cur, cur.length + 1);
            grown[cur.length] = fresh;
            segments = grown;
        }
        LOG.debug("rolled {} to a new segment at offset {}", topicPartition, logEndOffset);
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
        if (!config.fsyncEnabled() || flushedOffset >= offset) {
            return CompletableFuture.completedFuture(null);
        }
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("partition " + topicPartition
                    + " is closed; offset " + offset + " will never be durable here"));
        }
        CompletableFuture<Void> future = new CompletableFuture<>();
        waiters.add(offset, future);
        long durable = flushedOffset;
        if (durable >= offset) {
            waiters.completeUpTo(durable);
        } else {
            ctx.flusher().requestFlush(this);
        }
        return future;
    }

    /** Asks the flusher to fsync this log soon (for flush.ms / flush.messages and shutdown). */
    void requestFlush() {
        ctx.flusher().requestFlush(this);
    }

    /** Whether unflushed data is older than flush.ms. */
    boolean isDueForPeriodicFlush(long nowMs) {
        LogConfig cfg = config;
        return cfg.flushMs() != Long.MAX_VALUE && logEndOffset > flushedOffset
                && nowMs - lastFlushMs >= cfg.flushMs();
    }

    /**
     * Makes everything appended so far durable: trims and fsyncs segments that no longer take appends, fdatasyncs
     * the active one, then advances the durable offset and recovery point and completes waiters. Called by one
     * flusher thread at a time (or by close).
     */
    void flush() throws IOException {
        if (closed) {
            return;
        }
        long target = logEndOffset;
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
        if (target > flushedOffset) {
            flushedOffset = target;
        }
        lastFlushMs = ctx.clock().millis();
        flushCount++;
        waiters.completeUpTo(target);
    }

    /** How many flushes (fsync rounds) this log has had: with group commit, fewer than durable appends. */
    public long flushCount() {
        return flushCount;
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
        storageFailure = failure;
        waiters.failAll(failure);
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
        for (;;) {
            long end = logEndOffset;
            long start = logStartOffset;
            if (closed) {
                throw new IllegalStateException("partition " + topicPartition + " is closed");
            }
            if (offset < start || offset > end) {
                throw new OffsetOutOfRangeException(topicPartition, offset, start, end);
            }
            if (offset == end) {
                return LogSlice.empty();
            }
            Segment[] segs = segments;
            boolean retry = false;
            for (int i = floorIndex(segs, offset); i < segs.length && !retry; i++) {
                Segment s = segs[i];
                int size = s.size();
                SegmentHandle h = s.acquire();
                if (h == null) {
                    retry = true;
                    break;
                }
                boolean handedOver = false;
                try {
                    long pos = SegmentReads.findBatch(s, h, offset, size);
                    if (pos < 0) {
                        continue;
                    }
                    int endPos = SegmentReads.endOfBatches(s, h, (int) pos, maxBytes, size, minOneBatch);
                    if (endPos == pos) {
                        return LogSlice.empty();
                    }
                    handedOver = true;
                    return new LogSlice(h, pos, endPos - (int) pos);
                } catch (IOException e) {
                    throw new UncheckedIOException("reading " + topicPartition + " at offset " + offset
                            + " from " + s.logPath() + " failed", e);
                } finally {
                    if (!handedOver) {
                        h.release();
                    }
                }
            }
            if (!retry) {
                return LogSlice.empty();
            }
            // A segment was replaced or deleted under us: the new list is published within moments.
            Thread.onSpinWait();
        }
    }

    /** Index of the last segment whose base offset is at most {@code offset} (0 if none). */
    static int floorIndex(Segment[] segs, long offset) {
        int lo = 0;
        int hi = segs.length - 1;
        int found = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (segs[mid].baseOffset() <= offset) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /**
     * ListOffsets: -1 latest (the log end offset), -2 earliest and -4 earliest-local (the log start offset),
     * -3 the record with the largest timestamp, any timestamp >= 0 the first record whose timestamp is at least
     * it. Returns null when there is no such record (-5 latest-tiered, or a timestamp past every record).
     */
    public TimestampAndOffset offsetForTimestamp(long timestamp) {
        if (timestamp == -1) {
            return new TimestampAndOffset(RecordBatch.NO_TIMESTAMP, logEndOffset);
        }
        if (timestamp == -2 || timestamp == -4) {
            return new TimestampAndOffset(RecordBatch.NO_TIMESTAMP, logStartOffset);
        }
        try {
            if (timestamp == -3) {
                return TimestampSearch.maxTimestamp(this);
            }
            if (timestamp < 0) {
                return null;
            }
            return TimestampSearch.firstAtOrAfter(this, timestamp);
        } catch (IOException e) {
            throw new UncheckedIOException("searching " + topicPartition + " for timestamp " + timestamp
                    + " failed", e);
        }
    }

    // ---------------------------------------------------------------- retention and maintenance

    /**
     * Deletes closed segments from the oldest while {@code deletable} says so of (oldest, the one after it) —
     * never the active segment — moving the log start offset to the first remaining segment. Returns how many
     * were deleted.
     */
    int deleteOldestSegments(BiPredicate<Segment, Segment> deletable, String reason) {
        maintenanceLock.lock();
        try {
            return deleteOldestSegmentsLocked(deletable, reason);
        } finally {
            maintenanceLock.unlock();
        }
    }

    private int deleteOldestSegmentsLocked(BiPredicate<Segment, Segment> deletable, String reason) {
        int deleted = 0;
        for (;;) {
            Segment[] snapshot = segments;
            if (closed || snapshot.length < 2 || !deletable.test(snapshot[0], snapshot[1])) {
                return deleted;
            }
            Segment victim = snapshot[0];
            synchronized (segmentsLock) {
                Segment[] cur = segments;
                if (cur[0] != victim || cur.length < 2 || closed) {
                    continue;
                }
                segments = Arrays.copyOfRange(cur, 1, cur.length);
                long newStart = segments[0].baseOffset();
                if (newStart > logStartOffset) {
                    logStartOffset = newStart;
                }
            }
            victim.retire();
            try {
                victim.deleteFiles();
            } catch (IOException e) {
                throw new UncheckedIOException("deleting segment " + victim.logPath() + " of " + topicPartition
                        + " failed", e);
            }
            deleted++;
            LOG.info("deleted segment {} of {} ({}); log start offset is now {}", victim.baseOffset(),
                    topicPartition, reason, logStartOffset);
        }
    }

    /**
     * Moves the log start offset up to {@code offset} (at most the log end offset), as DeleteRecords does;
     * segments wholly below it are deleted by the next retention pass.
     */
    public void advanceLogStartOffset(long offset) {
        synchronized (segmentsLock) {
            long bounded = Math.min(offset, logEndOffset);
            if (bounded > logStartOffset) {
                logStartOffset = bounded;
            }
        }
    }

    /**
     * Replaces closed segment {@code old} by its compacted copy at {@code swapFile} (already fsynced and named
     * {@code .log.swap}, the commit point): the old segment closes, the copy is renamed over its file, and the
     * new segment, whose indexes are rebuilt on first use, takes its place. If the old segment is gone
     * (retention deleted it meanwhile) the copy is discarded.
     */
    void swapInCompacted(Segment old, Path swapFile, int newSize) throws IOException {
        synchronized (segmentsLock) {
            Segment[] cur = segments;
            int at = -1;
            for (int i = 0; i < cur.length - 1; i++) {
                if (cur[i] == old) {
                    at = i;
                }
            }
            if (at < 0 || closed) {
                java.nio.file.Files.deleteIfExists(swapFile);
                return;
            }
            old.retire();
            java.nio.file.Files.deleteIfExists(dir.resolve(Segment.fileName(old.baseOffset(), Segment.INDEX_SUFFIX)));
            java.nio.file.Files.deleteIfExists(
                    dir.resolve(Segment.fileName(old.baseOffset(), Segment.TIME_INDEX_SUFFIX)));
            java.nio.file.Files.move(swapFile, old.logPath(), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            LogFiles.fsyncDirectory(dir);
            Segment[] copy = cur.clone();
            copy[at] = Segment.load(dir, old.baseOffset(), newSize, config, ctx.cache(), false,
                    cur[at + 1].baseOffset(), true);
            segments = copy;
        }
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
            } finally {
                closed = true;
                releaseAll();
                waiters.failAll(new IllegalStateException("partition " + topicPartition + " closed at offset "
                        + logEndOffset + " before these offsets were appended"));
            }
        } finally {
            appendLock.unlock();
        }
    }

    private void flushAll() throws IOException {
        long target = logEndOffset;
        syncDirectoryIfNeeded(segments, 0);
        for (Segment s : segments) {
            s.flushAndTrim();
        }
        recoveryPoint = target;
        flushedOffset = target;
        waiters.completeUpTo(target);
    }

    /** Closes the files without flushing (the log was deleted, or a test simulates a crash). */
    void closeWithoutFlush(Throwable reasonForWaiters) {
        appendLock.lock();
        try {
            closed = true;
            releaseAll();
            waiters.failAll(reasonForWaiters);
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
        return "PartitionLog(" + topicPartition + ", start=" + logStartOffset + ", end=" + logEndOffset
                + ", segments=" + segments.length + ")";
    }
}
