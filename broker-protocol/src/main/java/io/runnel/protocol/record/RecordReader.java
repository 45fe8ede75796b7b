package io.runnel.protocol.record;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.MalformedMessageException;
import io.runnel.protocol.record.compression.Compression;

import java.util.NoSuchElementException;
import java.util.function.IntFunction;

/**
 * Iterates the records of one batch through a single reusable {@link RecordView}, without copying an uncompressed
 * batch. A compressed batch is decompressed once, into a buffer from the allocator, which is released on the next
 * {@link #reset} or on {@link #close()} (client side; the broker never decompresses).
 *
 * <p>Every record is checked as it is read: lengths within the record, offset deltas increasing from 0 or more
 * (gaps are legal: a compacted batch keeps its records' original offsets), exactly
 * {@code recordsCount} records that fill the records section to the last byte. A violation throws
 * {@link InvalidRecordBatchException} with {@link ErrorCode#INVALID_RECORD} (or {@link ErrorCode#CORRUPT_MESSAGE}
 * for undecodable compressed data). The reader does not check the CRC; {@link RecordBatchValidator} does.
 * Codecs come from {@link Compression#forId} unless a lookup is given (a client passes one that knows snappy, lz4
 * and zstd, whose libraries this module does not carry). Not thread-safe.
 */
public final class RecordReader implements AutoCloseable {
    /** Default cap on the decompressed size of one batch, so a forged batch cannot exhaust memory. */
    public static final int DEFAULT_MAX_DECOMPRESSED_BYTES = 256 * 1024 * 1024;

    private final ByteBufAllocator allocator;
    private final int maxDecompressedBytes;
    private final IntFunction<Compression> codecs;
    private final RecordView view = new RecordView();

    private ByteBuf cursor;
    private int previousOffsetDelta = -1;
    private ByteBuf decompressed;
    private int batchIndex;
    private long baseOffset;
    private long baseTimestamp;
    private long logAppendTime;
    private int count;
    private int read;

    /** A reader that decompresses into {@link ByteBufAllocator#DEFAULT} buffers of at most 256 MiB. */
    public RecordReader() {
        this(ByteBufAllocator.DEFAULT, DEFAULT_MAX_DECOMPRESSED_BYTES);
    }

    public RecordReader(ByteBufAllocator allocator, int maxDecompressedBytes) {
        this(allocator, maxDecompressedBytes, Compression::forId);
    }

    /**
     * A reader that finds each batch's codec with {@code codecs}, which maps a compression id to its codec and
     * throws {@link IllegalArgumentException} for an id it does not define.
     */
    public RecordReader(ByteBufAllocator allocator, int maxDecompressedBytes, IntFunction<Compression> codecs) {
        this.allocator = allocator;
        this.maxDecompressedBytes = maxDecompressedBytes;
        this.codecs = codecs;
    }

    /**
     * Starts iterating {@code batch}, which must lie whole in its buffer. Releases the previous batch's
     * decompressed buffer, if any.
     *
     * @throws InvalidRecordBatchException when the batch's length or record count is inconsistent, or its
     *                                     compressed records cannot be decompressed
     * @throws io.runnel.protocol.record.compression.UnsupportedCompressionException for a codec the lookup does not
     *                                     implement (by default snappy, lz4 and zstd)
     */
    public RecordReader reset(RecordBatch batch) {
        releaseDecompressed();
        cursor = null;
        batchIndex = batch.offset();
        baseOffset = batch.baseOffset();
        int batchLength = batch.batchLength();
        if (batchLength < RecordBatch.MIN_BATCH_LENGTH
                || (long) batchIndex + RecordBatch.LOG_OVERHEAD + batchLength > batch.buffer().writerIndex()) {
            throw fail(ErrorCode.CORRUPT_MESSAGE, "batchLength " + batchLength + " does not fit in the "
                    + (batch.buffer().writerIndex() - batchIndex) + " bytes from the batch start");
        }
        count = batch.recordsCount();
        if (count < 0) {
            throw fail(ErrorCode.INVALID_RECORD, "recordsCount " + count + " is negative");
        }
        ByteBuf records = batch.buffer().slice(batchIndex + RecordBatch.RECORDS_OFFSET,
                batchLength + RecordBatch.LOG_OVERHEAD - RecordBatch.RECORDS_OFFSET);
        int compressionId = batch.compressionId();
        ByteBuf body;
        if (compressionId == Compression.NONE_ID) {
            body = records;
        } else {
            Compression codec;
            try {
                codec = codecs.apply(compressionId);
            } catch (IllegalArgumentException e) {
                throw fail(ErrorCode.CORRUPT_MESSAGE, "compression id " + compressionId + " is unknown", e);
            }
            try {
                decompressed = codec.decompress(records, allocator, maxDecompressedBytes);
            } catch (MalformedMessageException e) {
                throw fail(ErrorCode.CORRUPT_MESSAGE, e.getMessage(), e);
            }
            body = decompressed;
        }
        if ((long) count * RecordView.MIN_RECORD_SIZE > body.readableBytes()) {
            throw fail(ErrorCode.INVALID_RECORD, "recordsCount " + count + " cannot fit in " + body.readableBytes()
                    + " bytes of records");
        }
        if (count == 0 && body.isReadable()) {
            throw fail(ErrorCode.INVALID_RECORD, body.readableBytes() + " bytes of records follow a header that "
                    + "declares none");
        }
        cursor = body;
        baseTimestamp = batch.baseTimestamp();
        logAppendTime = batch.timestampType() == TimestampType.LOG_APPEND_TIME
                ? batch.maxTimestamp() : RecordBatch.NO_TIMESTAMP;
        read = 0;
        previousOffsetDelta = -1;
        return this;
    }

    public boolean hasNext() {
        return cursor != null && read < count;
    }

    /**
     * Reads the next record into the shared view and returns it.
     *
     * @throws InvalidRecordBatchException naming the record index and the field when the record is malformed
     */
    public RecordView next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no record after " + read + " of " + count);
        }
        try {
            view.readFrom(cursor, baseOffset, baseTimestamp, logAppendTime);
        } catch (MalformedMessageException e) {
            cursor = null;
            throw fail(ErrorCode.INVALID_RECORD, "record " + read + ": " + e.getMessage(), e);
        }
        if (view.offsetDelta() <= previousOffsetDelta) {
            cursor = null;
            throw fail(ErrorCode.INVALID_RECORD, "record " + read + " has offsetDelta " + view.offsetDelta()
                    + ", not above the previous record's " + previousOffsetDelta);
        }
        previousOffsetDelta = view.offsetDelta();
        read++;
        if (read == count && cursor.isReadable()) {
            int remaining = cursor.readableBytes();
            cursor = null;
            throw fail(ErrorCode.INVALID_RECORD, remaining + " bytes remain after the " + count
                    + " records the batch declares");
        }
        return view;
    }

    /** Releases the decompressed buffer of the current batch, if any. */
    @Override
    public void close() {
        releaseDecompressed();
        cursor = null;
    }

    private void releaseDecompressed() {
        if (decompressed != null) {
            decompressed.release();
            decompressed = null;
        }
    }

    private InvalidRecordBatchException fail(ErrorCode code, String problem) {
        return fail(code, problem, null);
    }

    private InvalidRecordBatchException fail(ErrorCode code, String problem, Throwable cause) {
        return new InvalidRecordBatchException(code, "record batch at index " + batchIndex + " (baseOffset "
                + baseOffset + "): " + problem, cause);
    }
}
