package io.runnel.broker.log;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one log knows about durability: the offset below which everything is fsynced, the appends waiting for it,
 * its place in the {@link Flusher}'s state machine, and what Kafka's flush.messages / flush.ms count.
 */
final class LogDurability {
    private final AtomicInteger flushState = new AtomicInteger(Flusher.IDLE);
    private final DurabilityWaiters waiters = new DurabilityWaiters();
    private volatile long durableOffset;
    private volatile long lastFlushMs;
    private volatile long flushCount;
    private volatile Throwable failure;
    /** Records appended since the last flush.messages trigger; append lock held. */
    private long unflushedRecords;

    LogDurability(long durableOffset, long nowMs) {
        this.durableOffset = durableOffset;
        this.lastFlushMs = nowMs;
    }

    AtomicInteger flushState() {
        return flushState;
    }

    long durableOffset() {
        return durableOffset;
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

    private static IllegalStateException closedFailure(PartitionLog log, long offset) {
        return new IllegalStateException("partition " + log.topicPartition() + " is closed; offset " + offset
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
