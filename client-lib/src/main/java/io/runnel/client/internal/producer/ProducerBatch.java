package io.runnel.client.internal.producer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.runnel.client.Header;
import io.runnel.client.RecordMetadata;
import io.runnel.protocol.record.compression.Compression;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One batch for one partition through its life: open (records appended in place, see
 * {@link InPlaceBatchBuilder}), sealed, sent (maybe several times), then done, when every record's future is
 * completed and the buffer is back in the pool. Per record it keeps only the caller's future and the record's
 * timestamp (a primitive array), which {@link RecordMetadata} needs.
 *
 * <p>Threads: while open, appends happen under the lock of its {@link PartitionQueue}; from draining on the
 * batch belongs to the sender's thread, and {@link #complete}/{@link #fail} run on the callback thread after
 * the sender handed it over.
 */
public final class ProducerBatch {
    private final PartitionQueue queue;
    private final InPlaceBatchBuilder builder;
    private final long createdNanos;
    private CompletableFuture<?>[] futures;
    private long[] timestamps;
    private int attempts;
    private long retryAtNanos;
    private int baseSequence = -1;
    private boolean full;
    private boolean done;
    private final CompletableFuture<Void> doneFuture = new CompletableFuture<>();

    /**
     * A new open batch of {@code queue}'s partition in {@code buffer} (from the pool; given back by
     * {@link #release}), sized for about {@code expectedRecords} records.
     */
    public ProducerBatch(PartitionQueue queue, ByteBuf buffer, long createdNanos, int expectedRecords) {
        this.queue = queue;
        this.builder = new InPlaceBatchBuilder(buffer);
        this.createdNanos = createdNanos;
        int capacity = Math.max(1, expectedRecords);
        this.futures = new CompletableFuture<?>[capacity];
        this.timestamps = new long[capacity];
    }

    /** Appends a record if it fits; {@code future} is completed when the batch is. */
    public boolean tryAppend(long timestamp, byte[] key, byte[] value, List<Header> headers,
                             CompletableFuture<RecordMetadata> future) {
        int index = builder.recordCount();
        if (!builder.tryAppend(timestamp, key, value, headers)) {
            return false;
        }
        if (index == futures.length) {
            int grown = index * 2;
            futures = Arrays.copyOf(futures, grown);
            timestamps = Arrays.copyOf(timestamps, grown);
        }
        futures[index] = future;
        timestamps[index] = timestamp;
        return true;
    }

    /** Whether a record did not fit: the batch takes no more and is ready to send. Under the queue's lock. */
    public boolean isFull() {
        return full;
    }

    /** Marks it full. Under the queue's lock. */
    public void markFull() {
        full = true;
    }

    /** Completes (normally) once every record's future is completed, however the batch ended. */
    public CompletableFuture<Void> doneFuture() {
        return doneFuture;
    }

    /** The partition queue this batch belongs to. */
    public PartitionQueue queue() {
        return queue;
    }

    /** When the batch was created, on the producer's nano clock. */
    public long createdNanos() {
        return createdNanos;
    }

    /** Records in the batch. */
    public int recordCount() {
        return builder.recordCount();
    }

    /** Uncompressed size so far, header included. */
    public int sizeInBytes() {
        return builder.sizeInBytes();
    }

    /** Whether the batch is closed to appends. */
    public boolean isSealed() {
        return builder.isSealed();
    }

    /** Closes it to appends and writes the header (compressing the records); see {@link InPlaceBatchBuilder#seal}. */
    public void seal(Compression compression, ByteBufAllocator allocator) {
        builder.seal(compression, allocator);
    }

    /** Sets the producer fields and the CRC before a send. */
    public void stamp(long producerId, short epoch, int baseSequence) {
        this.baseSequence = baseSequence;
        builder.stamp(producerId, epoch, baseSequence);
    }

    /** The sealed batch's bytes, readable from index 0; owned by this batch. */
    public ByteBuf wire() {
        return builder.wire();
    }

    /** The base sequence it was last stamped with, -1 for none. */
    public int baseSequence() {
        return baseSequence;
    }

    /** Drops the sequence, so the next send assigns a new one (after an epoch bump). */
    public void clearSequence() {
        baseSequence = -1;
    }

    /** Whether it was sent before and is waiting to be sent again. */
    public boolean isRetry() {
        return attempts > 0;
    }

    /** Sends so far. */
    public int attempts() {
        return attempts;
    }

    /** Counts a send. */
    public void onSend() {
        attempts++;
    }

    /** The earliest time of its next send, on the nano clock (0 when it may go at once). */
    public long retryAtNanos() {
        return retryAtNanos;
    }

    /** Sets the earliest time of the next send. */
    public void retryAt(long nanos) {
        retryAtNanos = nanos;
    }

    /**
     * Completes every record's future with its metadata: offsets {@code baseOffset + i} (-1 throughout when
     * unknown), timestamps the log-append time when the broker gave one ({@code logAppendTime >= 0}), else each
     * record's own. Runs on the callback thread; a second completion is ignored.
     *
     * @return whether this call completed the batch (false when it was done already)
     */
    @SuppressWarnings("unchecked")
    public boolean complete(long baseOffset, long logAppendTime) {
        if (done) {
            return false;
        }
        done = true;
        String topic = queue.topic();
        int partition = queue.partition();
        for (int i = 0, n = builder.recordCount(); i < n; i++) {
            long offset = baseOffset < 0 ? -1 : baseOffset + i;
            long timestamp = logAppendTime >= 0 ? logAppendTime : timestamps[i];
            ((CompletableFuture<RecordMetadata>) futures[i])
                    .complete(new RecordMetadata(topic, partition, offset, timestamp));
            futures[i] = null;
        }
        doneFuture.complete(null);
        return true;
    }

    /**
     * Fails every record's future with {@code cause}. Runs on the callback thread; a second completion is ignored.
     *
     * @return whether this call completed the batch (false when it was done already)
     */
    public boolean fail(RuntimeException cause) {
        if (done) {
            return false;
        }
        done = true;
        for (int i = 0, n = builder.recordCount(); i < n; i++) {
            futures[i].completeExceptionally(cause);
            futures[i] = null;
        }
        doneFuture.complete(null);
        return true;
    }

    /** Gives the buffers back: the pool's to {@code pool}, a separate compressed one to its allocator. */
    public void release(BufferPool pool) {
        builder.release();
        pool.deallocate(builder.buffer());
    }

    @Override
    public String toString() {
        return "ProducerBatch(" + queue.topic() + "-" + queue.partition() + ", " + builder.recordCount()
                + " records, " + builder.sizeInBytes() + " bytes, attempts " + attempts + ")";
    }
}
