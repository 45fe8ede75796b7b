package io.runnel.broker.log;

import io.runnel.broker.topic.TopicPartition;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one log knows about durability, and how its segments are made durable: the offset below which everything is
 * fsynced, the recovery point, the appends waiting for them, the log's place in the {@link Flusher}'s state machine,
 * and what Kafka's flush.messages / flush.ms count.
 *
 * <p>Crash behaviour: the durable offset only moves after the fsyncs covering it returned, and the recovery point
 * only past segments that are trimmed and fsynced with their indexes and whose directory entry is durable, so
 * recovery after a crash never needs to look below it. After a failed fsync nothing moves any more (the kernel may
 * have dropped the dirty pages, so a later fsync that succeeds proves nothing) and the log refuses appends.
 */
final class LogDurability {
    private final AtomicInteger flushState = new AtomicInteger(Flusher.IDLE);
    private final DurabilityWaiters waiters = new DurabilityWaiters();
    private final Path dir;
    private volatile long durableOffset;
    private volatile long recoveryPoint;
    private volatile long lastFlushMs;
    private volatile long flushCount;
    private volatile Throwable failure;
    /** Records appended since the last flush.messages trigger; append lock held. */
    private long unflushedRecords;

    LogDurability(Path dir, long recoveryPoint, long nowMs) {
        this.dir = dir;
        this.durableOffset = recoveryPoint;
        this.recoveryPoint = recoveryPoint;
        this.lastFlushMs = nowMs;
    }

    AtomicInteger flushState() {
        return flushState;
    }

    long durableOffset() {
        return durableOffset;
    }

    /** Below this offset every batch and every closed segment's indexes are on disk. */
    long recoveryPoint() {
        return recoveryPoint;
    }

    long flushCount() {
        return flushCount;
    }

    Throwable failure() {
        return failure;
    }

    /** A future for "durable below {@code offset}", asking the flusher for a flush if it is not yet. */
    CompletableFuture<Void> whenDurable(long offset, boolean closed, PartitionLog log) {
        if (durableOffset >= offset) {
            return CompletableFuture.completedFuture(null);
        }
        Throwable failed = failure;
        if (failed != null) {
            return CompletableFuture.failedFuture(failed);
        }
        if (closed) {
            return CompletableFuture.failedFuture(closedFailure(log, offset));
        }
        CompletableFuture<Void> future = new CompletableFuture<>();
        waiters.add(offset, future);
        long durable = durableOffset;
        // The log may have closed or failed between the checks above and the add: nothing would complete us then.
        if (failure != null || log.isClosed()) {
            waiters.failAll(failure != null ? failure : closedFailure(log, offset));
        } else if (durable >= offset) {
            // The flusher finished between the check and the add: complete what it would have.
            waiters.completeUpTo(durable);
        } else {
            log.requestFlush();
        }
        return future;
    }

    private static LogClosedException closedFailure(PartitionLog log, long offset) {
        return new LogClosedException("partition " + log.topicPartition() + " is closed; offset " + offset
                + " will never be durable here");
    }

    /** Counts appended records; true when flush.messages of them have piled up (the caller requests a flush). */
    boolean appended(long records, long flushMessages) {
        unflushedRecords += records;
        if (unflushedRecords >= flushMessages) {
            unflushedRecords = 0;
            return true;
        }
        return false;
    }

    /** Whether data below {@code logEndOffset} has waited longer than flush.ms for an fsync. */
    boolean isDue(long flushMs, long logEndOffset, long nowMs) {
        return flushMs != Long.MAX_VALUE && logEndOffset > durableOffset && nowMs - lastFlushMs >= flushMs;
    }

    /** Everything below {@code target} is durable now. */
    void flushed(long target, long nowMs) {
        // After a failed fsync the kernel may have dropped the dirty pages; a later fsync that succeeds proves nothing.
        if (failure != null) {
            return;
        }
        if (target > durableOffset) {
            durableOffset = target;
        }
        lastFlushMs = nowMs;
        flushCount++;
        waiters.completeUpTo(target);
    }

    /**
     * Makes everything appended so far durable: trims and fsyncs segments that no longer take appends (and the
     * directory, for new segment files), fdatasyncs the active one, then advances the durable offset and the
     * recovery point and completes waiters. One flusher thread at a time.
     */
    void flush(SegmentList segments, Clock clock) throws IOException {
        if (segments.isClosed() || failure != null) {
            return;
        }
        long target = segments.logEndOffset();
        Segment[] segs = segments.snapshot();
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
        flushed(target, clock.millis());
    }

    /** For a clean close (append lock held): every segment trimmed and fsynced, the log end is the recovery point. */
    void flushAll(SegmentList segments, Clock clock, TopicPartition tp) throws IOException {
        if (failure != null) {
            // Not clean: what the failed fsync covered may be gone, so the next start must check this log.
            throw new IOException("partition " + tp + " went offline after an fsync failure", failure);
        }
        long target = segments.logEndOffset();
        Segment[] segs = segments.snapshot();
        syncDirectoryIfNeeded(segs, 0);
        for (Segment s : segs) {
            s.flushAndTrim();
        }
        recoveryPoint = target;
        flushed(target, clock.millis());
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

    /** An fsync failed: the log goes offline for appends and every waiter fails. */
    void fail(Throwable cause) {
        failure = cause;
        waiters.failAll(cause);
    }

    void failWaiters(Throwable cause) {
        waiters.failAll(cause);
    }

    @Override
    public String toString() {
        return "LogDurability(durable=" + durableOffset + ", flushes=" + flushCount + ")";
    }
}
