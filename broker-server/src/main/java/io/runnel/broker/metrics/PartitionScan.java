package io.runnel.broker.metrics;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.runnel.broker.log.LogSlice;
import io.runnel.broker.log.OffsetOutsideLogException;
import io.runnel.broker.log.PartitionLog;
import io.runnel.protocol.MalformedMessageException;
import io.runnel.protocol.record.RecordBatch;
import io.runnel.protocol.record.RecordReader;
import io.runnel.protocol.record.RecordView;
import io.runnel.protocol.record.compression.UnsupportedCompressionException;

/**
 * Walks the records of one partition from an offset, a chunk of whole batches at a time, within a byte and a time
 * budget: the reader behind the console's message browser, search and live tail, and behind the age of a group's
 * oldest unconsumed record.
 *
 * <p>It reads through {@link PartitionLog#read} like a fetch does, copies each chunk into a buffer it frees before
 * returning, and decodes records with the protocol's {@link RecordReader} (uncompressed and gzip batches; a batch
 * compressed with a codec the broker does not carry is reported to {@link Visitor#undecodable}, not decoded).
 * Control batches (transaction markers) are skipped. It does file I/O: never call it on a network thread.
 * Not thread-safe: one scan at a time per instance.
 */
public final class PartitionScan {
    /** Why a scan stopped. */
    public enum Stop {
        /** It reached the end offset it was given (or the log end). */
        END,
        /** The visitor asked to stop. */
        VISITOR,
        /** The byte budget ran out. */
        BYTES,
        /** The time budget ran out. */
        TIME
    }

    /** Sees each record; returns false to stop the scan after it. */
    public interface Visitor {
        boolean visit(RecordView record);

        /** A batch whose records cannot be decoded here ({@code why} says which codec or fault). */
        default boolean undecodable(RecordBatch batch, String why) {
            return true;
        }
    }

    private final int chunkBytes;
    private final RecordBatch batch = new RecordBatch();
    private final RecordReader reader = new RecordReader(ByteBufAllocator.DEFAULT, 64 * 1024 * 1024);
    private long nextOffset;
    private long bytesRead;
    private long recordsSeen;
    private Stop stop;

    /** A scanner that reads up to {@code chunkBytes} per read (a larger first batch is read whole). */
    public PartitionScan(int chunkBytes) {
        this.chunkBytes = chunkBytes;
    }

    /**
     * Visits records at offsets {@code from} (raised to the log start) up to, not including, {@code until} (or the
     * log end), stopping early when the visitor says so, when {@code maxBytes} have been read or when
     * {@code deadlineNanos} (of {@link System#nanoTime()}) has passed. The first chunk is always read.
     *
     * @return why it stopped; {@link #nextOffset()} is where a later scan would go on
     */
    public Stop scan(PartitionLog log, long from, long until, long maxBytes, long deadlineNanos, Visitor visitor) {
        nextOffset = Math.max(from, log.logStartOffset());
        bytesRead = 0;
        recordsSeen = 0;
        long end = Math.min(until, log.logEndOffset());
        while (nextOffset < end) {
            if (bytesRead > 0 && bytesRead >= maxBytes) {
                return stop(Stop.BYTES);
            }
            if (bytesRead > 0 && System.nanoTime() - deadlineNanos >= 0) {
                return stop(Stop.TIME);
            }
            ByteBuf chunk = read(log, nextOffset);
            if (chunk == null) {
                break;
            }
            try {
                bytesRead += chunk.readableBytes();
                if (!visitChunk(chunk, end, visitor)) {
                    return stop(Stop.VISITOR);
                }
            } finally {
                chunk.release();
            }
        }
        return stop(Stop.END);
    }

    /** Where the last scan stopped: the offset after the last record it visited or passed. */
    public long nextOffset() {
        return nextOffset;
    }

    /** Bytes of batches the last scan read. */
    public long bytesRead() {
        return bytesRead;
    }

    /** Records the last scan visited. */
    public long recordsSeen() {
        return recordsSeen;
    }

    /** Why the last scan stopped. */
    public Stop stopped() {
        return stop;
    }

    private Stop stop(Stop why) {
        stop = why;
        return why;
    }

    /** Whole batches from {@code offset}; null when there is nothing (more) to read. */
    private ByteBuf read(PartitionLog log, long offset) {
        LogSlice slice;
        try {
            slice = log.read(offset, chunkBytes, true);
        } catch (OffsetOutsideLogException e) {
            // Retention moved the start past the offset meanwhile: go on from the new start.
            if (e.logStartOffset() > offset && e.logStartOffset() < e.logEndOffset()) {
                nextOffset = e.logStartOffset();
                return read(log, nextOffset);
            }
            return null;
        }
        try {
            if (slice.isEmpty()) {
                return null;
            }
            ByteBuf buf = ByteBufAllocator.DEFAULT.heapBuffer(slice.length());
            try {
                slice.readInto(buf);
            } catch (RuntimeException e) {
                buf.release();
                throw e;
            }
            return buf;
        } finally {
            slice.release();
        }
    }

    private boolean visitChunk(ByteBuf chunk, long end, Visitor visitor) {
        int pos = 0;
        int size;
        while ((size = RecordBatch.sizeAt(chunk, pos)) > 0 && pos + size <= chunk.writerIndex()) {
            batch.wrap(chunk, pos);
            pos += size;
            long batchNext = batch.nextOffset();
            if (batchNext <= nextOffset || batch.isControl()) {
                nextOffset = Math.max(nextOffset, batchNext);
                continue;
            }
            if (!visitBatch(end, visitor)) {
                return false;
            }
            nextOffset = Math.max(nextOffset, Math.min(batchNext, end));
            if (nextOffset >= end) {
                return true;
            }
        }
        return true;
    }

    private boolean visitBatch(long end, Visitor visitor) {
        try {
            reader.reset(batch);
            while (reader.hasNext()) {
                RecordView record = reader.next();
                long offset = record.offset();
                if (offset < nextOffset) {
                    continue;
                }
                if (offset >= end) {
                    return true;
                }
                nextOffset = offset + 1;
                recordsSeen++;
                if (!visitor.visit(record)) {
                    return false;
                }
            }
            return true;
        } catch (UnsupportedCompressionException | MalformedMessageException e) {
            return visitor.undecodable(batch, e.getMessage());
        }
    }

    /** Frees the decompression buffer, if any. */
    public void close() {
        reader.close();
    }
}
