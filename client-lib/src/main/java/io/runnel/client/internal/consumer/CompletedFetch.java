package io.runnel.client.internal.consumer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.runnel.client.ConsumerRecord;
import io.runnel.client.Header;
import io.runnel.client.RunnelException;
import io.runnel.client.TopicPartition;
import io.runnel.protocol.MalformedMessageException;
import io.runnel.protocol.record.RecordBatch;
import io.runnel.protocol.record.RecordReader;
import io.runnel.protocol.record.RecordView;
import io.runnel.protocol.record.TimestampType;
import io.runnel.protocol.record.compression.Compression;

import java.util.List;
import java.util.function.IntFunction;

/**
 * The record bytes one fetch returned for one partition, turned into {@link ConsumerRecord}s a few at a time
 * ({@link #drain}), so {@code maxPollRecords} can cut a fetch across polls without decoding ahead.
 *
 * <p>Walks the batches in order from the offset the fetch asked for: batches and records before it are skipped
 * (a fetch returns whole batches, so the first may start earlier), control batches are skipped but move the
 * position past them, a batch whose records were compacted away moves the position to the batch's end, and an
 * incomplete batch at the end (the broker cuts the response at maxBytes) ends the fetch. Each batch's CRC is
 * checked before it is read; compressed batches are decompressed through the codec lookup.
 *
 * <p>Owns one reference to the records buffer from construction until {@link #close()} (or until it is drained),
 * which releases it together with any decompressed buffer. Used by the polling thread only.
 */
final class CompletedFetch implements AutoCloseable {
    private static final List<Header> NO_HEADERS = List.of();

    private final TopicPartition partition;
    private final ByteBuf records;
    private final long highWatermark;
    private final RecordBatch batch = new RecordBatch();
    private final RecordReader reader;
    private int index;
    private boolean inBatch;
    private boolean logAppendTime;
    private long nextOffset;
    private boolean closed;

    /**
     * @param records     the partition's records field; this object takes over the caller's reference
     * @param fetchOffset the offset the fetch asked for: the first record returned is at or after it
     */
    CompletedFetch(TopicPartition partition, ByteBuf records, long fetchOffset, long highWatermark,
                   ByteBufAllocator allocator, IntFunction<Compression> codecs) {
        this.partition = partition;
        this.records = records;
        this.nextOffset = fetchOffset;
        this.highWatermark = highWatermark;
        this.index = records.readerIndex();
        this.reader = new RecordReader(allocator, RecordReader.DEFAULT_MAX_DECOMPRESSED_BYTES, codecs);
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
                if (inBatch && reader.hasNext()) {
                    RecordView view = reader.next();
                    if (view.offset() >= nextOffset) {
                        out.add(toRecord(view));
                        nextOffset = view.offset() + 1;
                        added++;
                    }
                } else if (inBatch) {
                    // Compaction may have removed the batch's last records; the batch still ends at its last offset.
                    nextOffset = Math.max(nextOffset, batch.nextOffset());
                    inBatch = false;
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
        batch.wrap(records, index);
        index += size;
        if (batch.lastOffset() < nextOffset) {
            return;
        }
        if (batch.magic() != RecordBatch.MAGIC_V2) {
            throw new RunnelException("record batch at offset " + batch.baseOffset() + " in " + partition
                    + " has magic " + batch.magic() + "; only magic 2 (Kafka 0.11+) is read");
        }
        if (!batch.isCrcValid()) {
            throw new RunnelException("record batch at offset " + batch.baseOffset() + " in " + partition
                    + " fails its CRC check (stored " + batch.crc() + ", computed " + batch.computeCrc() + ")");
        }
        if (batch.isControl()) {
            nextOffset = batch.nextOffset();
            return;
        }
        reader.reset(batch);
        logAppendTime = batch.timestampType() == TimestampType.LOG_APPEND_TIME;
        inBatch = true;
    }

    private ConsumerRecord toRecord(RecordView view) {
        int headerCount = view.headerCount();
        List<Header> headers = NO_HEADERS;
        if (headerCount > 0) {
            Header[] array = new Header[headerCount];
            for (int i = 0; i < headerCount; i++) {
                array[i] = new Header(view.headerKey(i), view.headerValueBytes(i));
            }
            headers = List.of(array);
        }
        return new ConsumerRecord(partition.topic(), partition.partition(), view.offset(), view.timestamp(),
                logAppendTime, view.keyBytes(), view.valueBytes(), headers);
    }

    /** Releases the records and any decompressed batch; idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            inBatch = false;
            reader.close();
            records.release();
        }
    }
}
