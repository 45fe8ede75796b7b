package io.runnel.broker.log;

import io.netty.buffer.ByteBuf;
import io.runnel.broker.topic.TopicPartition;
import io.runnel.protocol.record.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The append-only log of one partition: a {@link SegmentList}, whose last segment (the active segment) takes
 * appends, the durability state the {@link Flusher} advances, and the producer state of idempotent producers.
 *
 * <p>Invariants: offsets are assigned by the log, dense from the log start offset (compaction may later remove
 * records but never renumbers them, so offsets always increase); {@code logStartOffset <= logEndOffset}; there is
 * always at least one segment; segments are sorted by base offset and cover disjoint, increasing offset ranges.
 *
 * <p>Threading: one appender at a time (appends serialise on an append lock that is held only for the write to
 * the page cache, never for an fsync; on a roll also for creating the next segment's file). The log end offset is
 * not a field of its own: it is the end offset of the last segment, which the active segment publishes together
 * with its size in one volatile write. Readers take no lock: they read an immutable snapshot of the segment list,
 * then the last segment's size and end offset in one volatile read, so they only ever see whole batches, and every
 * batch they return ends below the log end offset they saw (which the log end offset read afterwards never falls
 * below). Neither appends nor reads build indexes or load producer state: both are done before the log is
 * published (see {@link LogLoader}) or on background threads (see {@link Segment}). Durability is asynchronous:
 * {@link #whenDurable} returns a future that the {@link Flusher} completes. Retention, compaction and shutdown
 * change the segment list through {@link SegmentList}; lock order: append lock, then the list's locks.
 *
 * <p>Idempotent producers: the log owns a {@link ProducerStateManager}, loaded when the log is opened. Every
 * append is checked against it and recorded in it under the append lock, so the state always matches the log's
 * batches exactly; a retried batch is not written again but answered with its original offsets
 * ({@link AppendResult#duplicate()}). The log shares that lock with the two collaborators that touch the state
 * outside an append: {@link PartitionTransactions} (last stable offset, aborted transactions, producers, verified
 * appends and markers) and {@link ProducerStateStore} (loading at open, snapshots at checkpoints).
 */
public final class PartitionLog {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionLog.class);

    private final TopicPartition topicPartition;
    private final Path dir;
    private final LogContext ctx;
    private volatile LogConfig config;

    private final ReentrantLock appendLock = new ReentrantLock();
    /** Reused by appends (append lock held); created by the first one, as idle partitions never need it. */
    private OffsetAssigner assigner;
    private final SegmentList segments;
    private final LogDurability durability;
    private final ProducerStateManager producerState;
    private final PartitionTransactions transactions;
    private final ProducerStateStore producerStore;

    PartitionLog(TopicPartition topicPartition, Path dir, LogConfig config, LogContext ctx, Segment[] segments,
                 long logStartOffset, long recoveryPoint) {
        this.topicPartition = topicPartition;
        this.dir = dir;
        this.config = config;
        this.ctx = ctx;
        this.segments = new SegmentList(topicPartition, segments, logStartOffset);
        this.durability = new LogDurability(dir, recoveryPoint, ctx.clock().millis());
        this.producerState = new ProducerStateManager(topicPartition, dir);
        this.transactions = new PartitionTransactions(this, producerState, appendLock);
        this.producerStore = new ProducerStateStore(this, producerState, appendLock);
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
        return segments.logStartOffset();
    }

    /** The offset the next append gets: one past the last record. Also the high watermark (one broker). */
    public long logEndOffset() {
        return segments.logEndOffset();
    }

    /** The last stable offset, aborted transactions, producers and the appends only transactions make. */
    public PartitionTransactions transactions() {
        return transactions;
    }

    /** Below this offset every batch and every closed segment's indexes are on disk. */
    public long recoveryPoint() {
        return durability.recoveryPoint();
    }

    /** Every record below this offset has been fsynced. */
    public long durableOffset() {
        return durability.durableOffset();
    }

    /** Bytes of all segment files. */
    public long sizeInBytes() {
        return segments.sizeInBytes();
    }

    public int segmentCount() {
        return segments.count();
    }

    /** The segments now, oldest first (a snapshot). */
    Segment[] segments() {
        return segments.snapshot();
    }

    SegmentList segmentList() {
        return segments;
    }

    AtomicInteger flushState() {
        return durability.flushState();
    }

    LogContext context() {
        return ctx;
    }

    ProducerStateManager producerState() {
        return producerState;
    }

    /** Loads the producer state at open and snapshots it at checkpoints. */
    ProducerStateStore producerStore() {
        return producerStore;
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
     * @throws LogClosedException when the log is closed
     * @throws IllegalStateException when a previous fsync failed
     */
    public AppendResult append(ByteBuf batches) {
        return append(batches, false, false);
    }

    /**
     * @param verifiedTransaction the batch may open its producer's transaction here
     * @param afterVerification   it is one {@link #append} sent to the coordinator's check
     */
    AppendResult append(ByteBuf batches, boolean verifiedTransaction, boolean afterVerification) {
        int length = batches.readableBytes();
        if (length < RecordBatch.HEADER_SIZE) {
            throw new IllegalArgumentException("append to " + topicPartition + " of " + length
                    + " bytes: less than one record batch");
        }
        AppendResult result;
        appendLock.lock();
        try {
            if (afterVerification) {
                producerState.verificationDone(batches.getLong(batches.readerIndex() + RecordBatch.PRODUCER_ID_OFFSET));
            }
            checkWritable();
            LogConfig cfg = config;
            long now = ctx.clock().millis();
            OffsetAssigner offsets = assigner;
            if (offsets == null) {
                offsets = new OffsetAssigner();
                assigner = offsets;
            }
            RecordBatch view = offsets.view();
            ProducerStateManager.Duplicate duplicate = producerState.check(batches, view, verifiedTransaction);
            if (duplicate != null) {
                return new AppendResult(duplicate.firstOffset(), duplicate.lastOffset(), duplicate.logAppendTime(),
                        logStartOffset(), true);
            }
            long appendTime = cfg.logAppendTime() ? now : RecordBatch.NO_TIMESTAMP;
            Segment active = segments.active();
            long first = active.endOffset();
            offsets.assign(batches, first, appendTime, topicPartition);
            long next = offsets.nextOffset();
            SegmentHandle h = active.acquireLive();
            try {
                if (active.needsRoll(h, length, offsets.batches(), next - 1, cfg, now)) {
                    h.release();
                    h = null;
                    active = roll();
                    h = active.acquireLive();
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
            producerState.appended(batches, view, now, appendTime, active.baseOffset());
            if (durability.appended(offsets.records(), cfg.flushMessages())) {
                ctx.flusher().requestFlush(this);
            }
            result = new AppendResult(first, next - 1, appendTime, logStartOffset(), false);
        } finally {
            appendLock.unlock();
        }
        // Outside the lock: a woken fetch reads this log, and the next append need not wait for it.
        ctx.appendListeners().appended(this, length);
        return result;
    }

    private void checkWritable() {
        if (segments.isClosed()) {
            throw segments.closedException();
        }
        Throwable failure = durability.failure();
        if (failure != null) {
            throw new IllegalStateException("partition " + topicPartition + " is offline after a failed fsync",
                    failure);
        }
    }

    /** Closes the active segment and starts a new one at the log end offset. Append lock held. */
    private Segment roll() {
        Segment fresh = segments.roll(config, ctx);
        LOG.debug("rolled {} to a new segment at offset {}", topicPartition, fresh.baseOffset());
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
        return durability.whenDurable(offset, isClosed(), this);
    }

    /** Asks the flusher to fsync this log soon (for flush.ms / flush.messages and shutdown). */
    void requestFlush() {
        ctx.flusher().requestFlush(this);
    }

    /** Whether unflushed data is older than flush.ms. */
    boolean isDueForPeriodicFlush(long nowMs) {
        return durability.isDue(config.flushMs(), logEndOffset(), nowMs);
    }

    /** Makes everything appended so far durable: see {@link LogDurability#flush}. Flusher threads (or close). */
    void flush() throws IOException {
        durability.flush(segments, ctx.clock());
    }

    /** How many flushes (fsync rounds) this log has had: with group commit, fewer than durable appends. */
    public long flushCount() {
        return durability.flushCount();
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
     * else the slice is empty. A read at the log end offset is empty. Safe on a network thread: it takes no lock
     * and builds no index.
     *
     * @throws OffsetOutsideLogException when {@code offset} is below the log start or above the log end offset
     * @throws LogClosedException when the log is closed
     * @throws UncheckedIOException when the segment file cannot be read
     */
    public LogSlice read(long offset, int maxBytes, boolean minOneBatch) {
        return LogReads.read(this, offset, maxBytes, minOneBatch, Long.MAX_VALUE);
    }

    /**
     * As {@link #read}, returning only batches that start below {@code maxOffset} (a {@code read_committed} fetch
     * passes the last stable offset, which is always where a batch starts, or the log end).
     */
    public LogSlice read(long offset, int maxBytes, boolean minOneBatch, long maxOffset) {
        return LogReads.read(this, offset, maxBytes, minOneBatch, maxOffset);
    }

    /**
     * ListOffsets: -1 latest (the log end offset), -2 earliest and -4 earliest-local (the log start offset),
     * -3 the record with the largest timestamp, any timestamp >= 0 the first record whose timestamp is at least
     * it. Returns null when there is no such record (-5 latest-tiered, or a timestamp past every record). Safe on
     * a network thread, like {@link #read}.
     *
     * @throws LogClosedException when the log is closed
     * @throws UncheckedIOException when a segment file cannot be read
     */
    public TimestampAndOffset offsetForTimestamp(long timestamp) {
        return TimestampSearch.search(this, timestamp);
    }

    /**
     * Moves the log start offset up to {@code offset} (at most the log end offset), as DeleteRecords does;
     * segments wholly below it are deleted by the next retention pass.
     */
    public void advanceLogStartOffset(long offset) {
        segments.advanceStart(offset);
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Closes the log cleanly: flushes and trims every segment, so the log end offset becomes the recovery point,
     * completes the durability waiters and closes the files. Appends fail afterwards.
     */
    void close() throws IOException {
        appendLock.lock();
        try {
            if (isClosed()) {
                return;
            }
            try {
                durability.flushAll(segments, ctx.clock(), topicPartition);
                byte[] snapshot = producerState.snapshotIfChanged(logEndOffset());
                if (snapshot != null) {
                    producerState.writeSnapshot(logEndOffset(), snapshot);
                }
            } finally {
                segments.close();
                durability.failWaiters(new LogClosedException("partition " + topicPartition + " closed at offset "
                        + logEndOffset() + " before these offsets were appended"));
            }
        } finally {
            appendLock.unlock();
        }
    }

    /** Closes the files without flushing (the log was deleted, or a test simulates a crash). */
    void closeWithoutFlush(Throwable reasonForWaiters) {
        appendLock.lock();
        try {
            segments.close();
            durability.failWaiters(reasonForWaiters);
        } finally {
            appendLock.unlock();
        }
    }

    boolean isClosed() {
        return segments.isClosed();
    }

    @Override
    public String toString() {
        return "PartitionLog(" + topicPartition + ", start=" + logStartOffset() + ", end=" + logEndOffset()
                + ", segments=" + segments.count() + ")";
    }
}
