package io.runnel.client.internal.producer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.runnel.client.Partitioner;
import io.runnel.client.ProducerRecord;
import io.runnel.client.RecordMetadata;
import io.runnel.protocol.record.compression.Compression;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Collects records into per-partition batches for the sender: the producer's threads append, the sender asks
 * which heads are ready, takes them, and gives batches back when they are done.
 *
 * <p>A head batch is ready when it is full (a record did not fit, or a newer batch follows it), when it is
 * {@code linger} old, when a flush or close is under way, or when a caller waits for buffer memory (sending
 * frees it); a batch waiting for a retry is ready at its backoff time instead. Every batch and pending record
 * that is {@code deliveryTimeout} old while still here is expired by {@link #expire}.
 *
 * <p>Threads: {@link #append} runs on any caller's thread and may wait (only for buffer memory, never while
 * holding a lock); the other methods run on the sender's thread. Time comes from the injected nano clock.
 * Locks: a {@link TopicQueues} monitor may be taken before a {@link PartitionQueue} monitor, never the other
 * way round.
 */
public final class RecordAccumulator {
    /** {@code maxBlockNanos} for records whose memory was reserved already: take a buffer without waiting. */
    public static final long OVERDRAW = -1L;
    /** {@link #readyAt} of an empty queue. */
    public static final long NEVER = Long.MAX_VALUE;

    private final ConcurrentHashMap<String, TopicQueues> topics = new ConcurrentHashMap<>();
    private final Set<ProducerBatch> incomplete = ConcurrentHashMap.newKeySet();
    private final AtomicInteger flushesInProgress = new AtomicInteger();
    private final BufferPool pool;
    private final Partitioner partitioner;
    private final int batchSize;
    private final long lingerNanos;
    private final long deliveryTimeoutNanos;
    private final Compression compression;
    private final ByteBufAllocator allocator;
    private final LongSupplier nanoClock;
    private final Runnable wakeSender;
    private volatile boolean closing;

    /**
     * @param wakeSender run (on the appending thread, without locks) when a batch is created or fills up, or a
     *                   topic needs metadata; it must be cheap and must not block
     */
    public RecordAccumulator(BufferPool pool, Partitioner partitioner, int batchSize, long lingerNanos,
                             long deliveryTimeoutNanos, Compression compression, ByteBufAllocator allocator,
                             LongSupplier nanoClock, Runnable wakeSender) {
        this.pool = pool;
        this.partitioner = partitioner;
        this.batchSize = batchSize;
        this.lingerNanos = lingerNanos;
        this.deliveryTimeoutNanos = deliveryTimeoutNanos;
        this.compression = compression;
        this.allocator = allocator;
        this.nanoClock = nanoClock;
        this.wakeSender = wakeSender;
    }

    /**
     * Appends a record to its partition's open batch, or starts a batch, waiting up to {@code maxBlockNanos} for
     * buffer memory (0: not at all). A record of a topic whose partition count is unknown is kept aside.
     *
     * @param timestamp the record's timestamp (already resolved from "now" when it had none)
     * @throws InterruptedException  when interrupted while waiting for memory
     * @throws IllegalStateException when the buffer pool is closed
     */
    public AppendOutcome append(ProducerRecord record, long timestamp, CompletableFuture<RecordMetadata> future,
                               long maxBlockNanos) throws InterruptedException {
        TopicQueues topic = topics.get(record.topic());
        if (topic == null) {
            topic = topics.computeIfAbsent(record.topic(), TopicQueues::new);
        }
        int count = topic.partitionCount();
        if (count < 0) {
            int size = InPlaceBatchBuilder.batchSizeFor(record.key(), record.value(), record.headers());
            if (!pool.reserve(size, maxBlockNanos)) {
                return AppendOutcome.BUFFER_EXHAUSTED;
            }
            boolean ask;
            synchronized (topic) {
                count = topic.partitionCount();
                if (count < 0) {
                    topic.pending().addLast(new PendingRecord(record, timestamp, future, size, nanoClock.getAsLong()));
                    ask = topic.metadataRequest() == TopicQueues.NO_REQUEST;
                    if (ask) {
                        topic.metadataRequest(TopicQueues.REQUEST_WANTED);
                    }
                } else {
                    ask = false;
                }
            }
            if (count < 0) {
                if (ask) {
                    wakeSender.run();
                }
                return AppendOutcome.PENDING_METADATA;
            }
            pool.release(size);
        }
        return appendToPartition(topic, count, record, timestamp, future, maxBlockNanos);
    }

    private AppendOutcome appendToPartition(TopicQueues topic, int count, ProducerRecord record, long timestamp,
                                           CompletableFuture<RecordMetadata> future, long maxBlockNanos)
            throws InterruptedException {
        int partition = record.partition();
        if (partition >= 0) {
            if (partition >= count) {
                return AppendOutcome.INVALID_PARTITION;
            }
            return appendTo(topic.partition(partition), record, timestamp, future, maxBlockNanos, false);
        }
        partition = partitioner.partition(record, count);
        if (partition < 0 || partition >= count) {
            return AppendOutcome.PARTITIONER_OUT_OF_RANGE;
        }
        AppendOutcome result = appendTo(topic.partition(partition), record, timestamp, future, maxBlockNanos, true);
        if (result != null) {
            return result;
        }
        // The open batch of the chosen partition was full: the partitioner may prefer another one now (sticky).
        partition = partitioner.partition(record, count);
        if (partition < 0 || partition >= count) {
            return AppendOutcome.PARTITIONER_OUT_OF_RANGE;
        }
        return appendTo(topic.partition(partition), record, timestamp, future, maxBlockNanos, false);
    }

    /** Appends to one partition; returns null (nothing added) when {@code abortIfFull} and the open batch was full. */
    private AppendOutcome appendTo(PartitionQueue queue, ProducerRecord record, long timestamp,
                                  CompletableFuture<RecordMetadata> future, long maxBlockNanos, boolean abortIfFull)
            throws InterruptedException {
        byte[] key = record.key();
        byte[] value = record.value();
        boolean filled = false;
        synchronized (queue) {
            ProducerBatch open = queue.openBatch();
            if (open != null) {
                if (open.tryAppend(timestamp, key, value, record.headers(), future)) {
                    return AppendOutcome.APPENDED;
                }
                open.markFull();
                filled = true;
            }
        }
        if (filled) {
            partitioner.onBatchClosed(queue.topic(), queue.partition());
            wakeSender.run();
            if (abortIfFull) {
                return null;
            }
        }
        int size = Math.max(batchSize, InPlaceBatchBuilder.batchSizeFor(key, value, record.headers()));
        ByteBuf buffer = maxBlockNanos == OVERDRAW ? pool.allocateOverdrawn(size) : pool.allocate(size, maxBlockNanos);
        if (buffer == null) {
            return AppendOutcome.BUFFER_EXHAUSTED;
        }
        synchronized (queue) {
            ProducerBatch open = queue.openBatch();
            if (open != null) {
                // Another thread started a batch while this one waited for memory.
                if (open.tryAppend(timestamp, key, value, record.headers(), future)) {
                    pool.deallocate(buffer);
                    return AppendOutcome.APPENDED;
                }
                open.markFull();
            }
            int recordSize = InPlaceBatchBuilder.recordSizeUpperBound(key, value, record.headers());
            ProducerBatch batch = new ProducerBatch(queue, buffer, nanoClock.getAsLong(), size / recordSize + 1);
            if (!batch.tryAppend(timestamp, key, value, record.headers(), future)) {
                throw new IllegalStateException("a record of " + recordSize + " bytes does not fit a fresh batch of "
                        + size + " bytes");
            }
            queue.addLast(batch);
            incomplete.add(batch);
        }
        wakeSender.run();
        return AppendOutcome.NEW_BATCH;
    }

    /** Every topic seen so far (a live view; iterate on the sender's thread). */
    public Collection<TopicQueues> topics() {
        return topics.values();
    }

    /** The queues of {@code topic}, or null when nothing was sent to it. */
    public TopicQueues topic(String topic) {
        return topics.get(topic);
    }

    /**
     * Adds to {@code out} the topics whose records wait for metadata the sender has not asked for yet, and marks
     * them asked.
     */
    public void takeMetadataRequests(List<String> out) {
        for (TopicQueues topic : topics.values()) {
            if (topic.partitionCount() < 0) {
                synchronized (topic) {
                    if (topic.metadataRequest() == TopicQueues.REQUEST_WANTED) {
                        out.add(topic.topic());
                        topic.metadataRequest(TopicQueues.REQUEST_SENT);
                    }
                }
            }
        }
    }

    /** The metadata request for {@code topic} failed: {@link #takeMetadataRequests} hands it out again. */
    public void metadataRequestFailed(String topic) {
        TopicQueues queues = topics.get(topic);
        if (queues != null) {
            synchronized (queues) {
                if (queues.metadataRequest() == TopicQueues.REQUEST_SENT) {
                    queues.metadataRequest(TopicQueues.REQUEST_WANTED);
                }
            }
        }
    }

    /**
     * Makes {@code count} partitions of {@code topic} known: creates their queues, moves the records that waited
     * for it into batches (in the order they were sent), then publishes the count. Records the partitioner or
     * their own partition number cannot place are moved to {@code failed}. Sender thread.
     */
    public void updatePartitionCount(TopicQueues topic, int count, List<PendingRecord> failed) {
        if (count <= 0 || count <= topic.partitionCount()) {
            return;
        }
        synchronized (topic) {
            topic.growTo(count);
            for (PendingRecord pending; (pending = topic.pending().pollFirst()) != null; ) {
                try {
                    AppendOutcome result = appendToPartition(topic, count, pending.record(), pending.timestamp(),
                            pending.future(), OVERDRAW);
                    if (result == AppendOutcome.INVALID_PARTITION || result == AppendOutcome.PARTITIONER_OUT_OF_RANGE) {
                        failed.add(pending);
                    }
                } catch (InterruptedException e) {
                    // OVERDRAW never waits, so nothing can be interrupted here.
                    throw new IllegalStateException("an overdrawn allocation waited", e);
                } finally {
                    pool.release(pending.reservedBytes());
                }
            }
            topic.metadataRequest(TopicQueues.NO_REQUEST);
            topic.publishCount(count);
        }
    }

    /**
     * When the head batch of {@code queue} is ready to send: {@code now} or earlier when ready, a later time when it
     * will be (linger or retry backoff), {@link #NEVER} when the queue is empty.
     */
    public long readyAt(PartitionQueue queue, long now) {
        synchronized (queue) {
            ProducerBatch head = queue.peekFirst();
            if (head == null) {
                return NEVER;
            }
            if (head.isRetry()) {
                return head.retryAtNanos();
            }
            if (head.isFull() || head.isSealed() || queue.hasMoreThanOne() || closing
                    || flushesInProgress.get() > 0 || pool.hasWaiters()) {
                return now;
            }
            return head.createdNanos() + lingerNanos;
        }
    }

    /**
     * Takes {@code head} (which {@link PartitionQueue#peekFirst()} returned) off its queue for sending and seals
     * it (compressing its records) if it was not yet. A batch taken while still open closes it for the
     * partitioner.
     *
     * @return false when the head changed meanwhile (expired)
     */
    public boolean take(PartitionQueue queue, ProducerBatch head) {
        boolean wasOpen;
        synchronized (queue) {
            if (!queue.removeFirst(head)) {
                return false;
            }
            wasOpen = !head.isFull() && !head.isSealed();
            if (wasOpen) {
                // No append can reach it once it left the queue; mark it so that it is never taken for open.
                head.markFull();
            }
        }
        if (!head.isSealed()) {
            head.seal(compression, allocator);
        }
        if (wasOpen) {
            partitioner.onBatchClosed(queue.topic(), queue.partition());
        }
        return true;
    }

    /**
     * Removes every batch and pending record that is {@code deliveryTimeout} old at {@code now} (the memory of
     * pending records is given back here; batches go through {@link #done}).
     */
    public void expire(long now, List<ProducerBatch> expiredBatches, List<PendingRecord> expiredPending) {
        long deadline = now - deliveryTimeoutNanos;
        for (TopicQueues topic : topics.values()) {
            for (PartitionQueue queue : topic.partitions()) {
                queue.removeCreatedBefore(deadline, expiredBatches);
            }
            if (topic.partitionCount() < 0) {
                synchronized (topic) {
                    for (Iterator<PendingRecord> it = topic.pending().iterator(); it.hasNext(); ) {
                        PendingRecord pending = it.next();
                        if (pending.createdNanos() - deadline <= 0) {
                            it.remove();
                            pool.release(pending.reservedBytes());
                            expiredPending.add(pending);
                        }
                    }
                }
            }
        }
    }

    /** Whether records wait for a topic's partition count. */
    public boolean hasPending() {
        for (TopicQueues topic : topics.values()) {
            if (topic.partitionCount() < 0) {
                synchronized (topic) {
                    if (!topic.pending().isEmpty()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Removes the records that wait for {@code topic}'s metadata (which the broker refused), memory given back. */
    public void removePending(String topic, List<PendingRecord> out) {
        TopicQueues queues = topics.get(topic);
        if (queues == null) {
            return;
        }
        synchronized (queues) {
            for (PendingRecord pending; (pending = queues.pending().pollFirst()) != null; ) {
                pool.release(pending.reservedBytes());
                out.add(pending);
            }
            queues.metadataRequest(TopicQueues.NO_REQUEST);
        }
    }

    /** Removes everything still waiting, for a close that gives up (memory of pending records given back). */
    public void abortAll(List<ProducerBatch> batches, List<PendingRecord> pendingRecords) {
        for (TopicQueues topic : topics.values()) {
            for (PartitionQueue queue : topic.partitions()) {
                queue.removeAll(batches);
            }
            synchronized (topic) {
                for (PendingRecord pending; (pending = topic.pending().pollFirst()) != null; ) {
                    pool.release(pending.reservedBytes());
                    pendingRecords.add(pending);
                }
            }
        }
    }

    /** A batch's futures are completed: forget it and give its memory back. */
    public void done(ProducerBatch batch) {
        incomplete.remove(batch);
        batch.release(pool);
    }

    /** From now on every batch is ready at once (flush). Pair with {@link #endFlush()}. */
    public void beginFlush() {
        flushesInProgress.incrementAndGet();
    }

    /** Ends a {@link #beginFlush()}. */
    public void endFlush() {
        flushesInProgress.decrementAndGet();
    }

    /** From now on every batch is ready at once (close). */
    public void beginClose() {
        closing = true;
    }

    /**
     * Futures that complete when everything appended so far is done: one per batch, one per pending record.
     */
    public List<CompletableFuture<?>> incompleteWork() {
        List<CompletableFuture<?>> out = new ArrayList<>(incomplete.size() + 8);
        for (ProducerBatch batch : incomplete) {
            out.add(batch.doneFuture());
        }
        for (TopicQueues topic : topics.values()) {
            if (topic.partitionCount() < 0) {
                synchronized (topic) {
                    for (PendingRecord pending : topic.pending()) {
                        out.add(pending.future());
                    }
                }
            }
        }
        return out;
    }

    /** Whether any batch or pending record is not done. */
    public boolean hasIncomplete() {
        return !incomplete.isEmpty() || hasPending();
    }

    /** The pool. */
    public BufferPool pool() {
        return pool;
    }
}
