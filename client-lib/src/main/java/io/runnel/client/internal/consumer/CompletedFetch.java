package io.runnel.client.internal.consumer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.runnel.client.ConsumerRecord;
import io.runnel.client.RunnelException;
import io.runnel.client.TopicPartition;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.MalformedMessageException;
import io.runnel.protocol.record.InvalidRecordBatchException;
import io.runnel.protocol.record.RecordBatch;
import io.runnel.protocol.record.RecordReader;
import io.runnel.protocol.record.TimestampType;
import io.runnel.protocol.record.compression.Compression;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.IntFunction;
import java.util.zip.CRC32C;

/**
 * The record bytes one fetch returned for one partition, turned into {@link ConsumerRecord}s a few at a time
 * ({@link #drain}), so {@code maxPollRecords} can cut a fetch across polls without decoding ahead.
 *
 * <p>Walks the batches in order from the offset the fetch asked for: batches and records before it are skipped
 * (a fetch returns whole batches, so the first may start earlier), control batches are skipped but move the
 * position past them, a batch whose records were compacted away moves the position to the batch's end, and an
 * incomplete batch at the end (the broker cuts the response at maxBytes) ends the fetch. Each batch's CRC is
 * checked once, over the batch in place, before it is read; compressed batches are decompressed through the codec
 * lookup into a buffer from the (pooling) allocator, which is released when the next batch starts. Records are
 * decoded by {@link BatchRecordDecoder} from one NIO view of the fetched bytes: nothing is copied but each
 * returned record's key, value and headers.
 *
 * <p>Owns one reference to the records buffer from construction until {@link #close()} (or until it is drained),
 * which releases it together with any decompressed buffer. Used by the polling thread only.
 */
final class CompletedFetch implements AutoCloseable {
    private final TopicPartition partition;
    private final ByteBuf records;
    private final long highWatermark;
    private final ByteBufAllocator allocator;
    private final IntFunction<Compression> codecs;
    private final RecordBatch batch = new RecordBatch();
    private final BatchRecordDecoder decoder;
    private final CRC32C crc = new CRC32C();
    /** The records' bytes, position 0 at {@code records.readerIndex()}; limit kept at the capacity. */
    private ByteBuffer view;
    private ByteBuf decompressed;
    private int index;
    private boolean inBatch;
    private long nextOffset;
    private boolean closed;

    /**
     * @param records     the partition's records field; this object takes over the caller's reference
     * @param fetchOffset the offset the fetch asked for: the first record returned is at or after it
     * @param allocator   where decompressed batches go
     * @param codecs      the codec of a compression id; throws IllegalArgumentException for an unknown id
     */
    CompletedFetch(TopicPartition partition, ByteBuf records, long fetchOffset, long highWatermark,
                   ByteBufAllocator allocator, IntFunction<Compression> codecs) {
        this.partition = partition;
        this.records = records;
        this.nextOffset = fetchOffset;
        this.highWatermark = highWatermark;
        this.index = records.readerIndex();
        this.allocator = allocator;
        this.codecs = codecs;
        this.decoder = new BatchRecordDecoder(partition.topic(), partition.partition());
    }

    TopicPartition partition() {
        return partition;
    }

    /** The offset after the last record returned (or batch skipped): where the next fetch starts. */
    long nextOffset() {
        return nextOffset;
    }

    long highWatermark() {
        return highWatermark;
    }

    /** Whether every record was returned (or the fetch was closed); the buffers are released by then. */
    boolean isDrained() {
        return closed;
    }

    /**
     * Appends up to {@code max} records to {@code out} and returns how many; fewer means the fetch is drained
     * (and released).
     *
     * @throws RunnelException naming the partition and offset when a batch is corrupt (the fetch is released)
     */
    int drain(List<ConsumerRecord> out, int max) {
        int added = 0;
        try {
            while (added < max && !closed) {
                if (decoder.hasNext()) {
                    long offset = decoder.advance();
                    if (offset >= nextOffset) {
                        out.add(decoder.record());
                        nextOffset = offset + 1;
                        added++;
                    }
                } else if (inBatch) {
                    // Compaction may have removed the batch's last records; the batch still ends at its last offset.
                    nextOffset = Math.max(nextOffset, batch.nextOffset());
                    endBatch();
                } else {
                    nextBatch();
                }
            }
        } catch (MalformedMessageException e) {
            close();
            throw new RunnelException("corrupt record batch in " + partition + " at offset " + nextOffset + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return added;
    }

    /** Moves to the next batch the position needs, or closes the fetch when none is complete. */
    private void nextBatch() {
        int size = RecordBatch.sizeAt(records, index);
        if (size < 0 || (long) index + size > records.writerIndex()) {
            close();
            return;
        }
        int at = index;
        index += size;
        batch.wrap(records, at);
        if (batch.lastOffset() < nextOffset) {
            return;
        }
        if (batch.magic() != RecordBatch.MAGIC_V2) {
            throw new RunnelException("record batch at offset " + batch.baseOffset() + " in " + partition
                    + " has magic " + batch.magic() + "; only magic 2 (Kafka 0.11+) is read");
        }
        ByteBuffer bytes = view();
        int from = at - records.readerIndex();
        long computed = crcOf(bytes, from + RecordBatch.ATTRIBUTES_OFFSET, from + size);
        if (computed != batch.crc()) {
            throw new RunnelException("record batch at offset " + batch.baseOffset() + " in " + partition
                    + " fails its CRC check (stored " + batch.crc() + ", computed " + computed + ")");
        }
        if (batch.isControl()) {
            nextOffset = batch.nextOffset();
            return;
        }
        long logAppendTime = batch.timestampType() == TimestampType.LOG_APPEND_TIME
                ? batch.maxTimestamp() : RecordBatch.NO_TIMESTAMP;
        int compression = batch.compressionId();
        if (compression == Compression.NONE_ID) {
            decoder.reset(bytes, from + RecordBatch.RECORDS_OFFSET, from + size, batch.recordsCount(), at,
                    batch.baseOffset(), batch.baseTimestamp(), logAppendTime);
        } else {
            ByteBuffer body = decompress(compression, at + RecordBatch.RECORDS_OFFSET, size - RecordBatch.RECORDS_OFFSET);
            decoder.reset(body, 0, body.limit(), batch.recordsCount(), at, batch.baseOffset(), batch.baseTimestamp(),
                    logAppendTime);
        }
        inBatch = true;
    }

    /** The CRC-32C of {@code bytes[from, to)}, computed in place (the JDK reads direct memory without a copy). */
    private long crcOf(ByteBuffer bytes, int from, int to) {
        crc.reset();
        bytes.limit(to).position(from);
        crc.update(bytes);
        bytes.limit(bytes.capacity()).position(0);
        return crc.getValue();
    }

    /** Decompresses the batch's records into a pooled buffer held until the batch ends; returns its bytes. */
    private ByteBuffer decompress(int compressionId, int from, int length) {
        Compression codec;
        try {
            codec = codecs.apply(compressionId);
        } catch (IllegalArgumentException e) {
            throw new InvalidRecordBatchException(ErrorCode.CORRUPT_MESSAGE, "record batch at index "
                    + (from - RecordBatch.RECORDS_OFFSET) + ": compression id " + compressionId + " is unknown", e);
        }
        decompressed = codec.decompress(records.slice(from, length), allocator,
                RecordReader.DEFAULT_MAX_DECOMPRESSED_BYTES);
        return nioView(decompressed);
    }

    private ByteBuffer view() {
        if (view == null) {
            view = nioView(records);
        }
        return view;
    }

    /** {@code buf}'s readable bytes as one NIO buffer at position 0: a view, or a copy for a composite buffer. */
    private static ByteBuffer nioView(ByteBuf buf) {
        ByteBuffer bytes;
        if (buf.nioBufferCount() == 1) {
            bytes = buf.nioBuffer(buf.readerIndex(), buf.readableBytes());
        } else {
            bytes = ByteBuffer.allocate(buf.readableBytes());
            buf.getBytes(buf.readerIndex(), bytes);
            bytes.clear();
        }
        return bytes.limit(bytes.capacity()).position(0);
    }

    private void endBatch() {
        inBatch = false;
        decoder.clear();
        if (decompressed != null) {
            decompressed.release();
            decompressed = null;
        }
    }

    /** Releases the records and any decompressed batch; idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            endBatch();
            view = null;
            records.release();
        }
    }
}
