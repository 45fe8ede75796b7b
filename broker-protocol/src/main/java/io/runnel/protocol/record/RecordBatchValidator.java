package io.runnel.protocol.record;

import io.netty.buffer.ByteBuf;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.record.compression.Compression;

/**
 * Checks record batches before the broker trusts them: the records of a Produce partition, or batches read back
 * from a log segment. Reusable and allocation-free except for one slice per uncompressed batch; not thread-safe.
 *
 * <p>Per batch, in this order: a whole header is there; batchLength is at least an empty batch and ends within
 * the buffer; magic is 2; the CRC-32C matches; the compression id is one Kafka defines; recordsCount is positive
 * and lastOffsetDelta is recordsCount - 1; a batch with a producer id has a base sequence. For an uncompressed
 * batch every record is then walked (see {@link RecordReader}): lengths, offset deltas dense from 0, key, value
 * and headers within the record, and the records fill the batch exactly. Compressed batches are checked by
 * header and CRC only; the broker never decompresses.
 *
 * <p>Failures throw {@link InvalidRecordBatchException}: {@link ErrorCode#CORRUPT_MESSAGE} when the bytes
 * cannot be trusted (framing, lengths, an unknown magic, the CRC), {@link ErrorCode#INVALID_RECORD} when the CRC
 * holds but the content breaks the format, and for magic 0 or 1, which Kafka no longer accepts from producers.
 */
public final class RecordBatchValidator {
    private final RecordBatch batch = new RecordBatch();
    private final RecordReader reader = new RecordReader();
    /** Whether {@link #batch} wraps the batch being validated, so messages can name its base offset. */
    private boolean headerWrapped;

    /**
     * Validates every batch in the readable bytes of {@code records}, which must hold whole batches back to back
     * (a Produce partition's records field). Does not move the reader index.
     *
     * @return the number of batches (0 for an empty buffer)
     * @throws InvalidRecordBatchException at the first problem, naming the batch's index and the value
     */
    public int validate(ByteBuf records) {
        int limit = records.writerIndex();
        int index = records.readerIndex();
        int batches = 0;
        while (index < limit) {
            index += validateBatch(records, index, limit);
            batches++;
        }
        return batches;
    }

    /**
     * Validates the one batch starting at absolute index {@code index}, which must end by {@code limit}.
     *
     * @return the batch's size in bytes (batchLength + 12), so a caller can step to the next batch
     * @throws InvalidRecordBatchException naming the batch's index and the value
     */
    public int validateBatch(ByteBuf buf, int index, int limit) {
        return validateBatch(buf, index, limit, null);
    }

    /**
     * As {@link #validateBatch(ByteBuf, int, int)}, also running {@code check} (when not null) on every record of
     * an uncompressed batch, in order, after the header and CRC have passed. Compressed batches are not
     * decompressed, so {@code check} never sees their records.
     *
     * @return the batch's size in bytes (batchLength + 12)
     * @throws InvalidRecordBatchException naming the batch's index and the value; whatever {@code check} throws
     */
    public int validateBatch(ByteBuf buf, int index, int limit, RecordCheck check) {
        if (index < 0 || limit > buf.writerIndex() || index > limit) {
            throw new IllegalArgumentException("index " + index + " and limit " + limit + " are outside the "
                    + buf.writerIndex() + " written bytes");
        }
        headerWrapped = false;
        int available = limit - index;
        if (available < RecordBatch.HEADER_SIZE) {
            throw corrupt(index, "only " + available + " bytes remain but a batch header needs "
                    + RecordBatch.HEADER_SIZE);
        }
        batch.wrap(buf, index);
        headerWrapped = true;
        int batchLength = batch.batchLength();
        if (batchLength < RecordBatch.MIN_BATCH_LENGTH) {
            throw corrupt(index, "batchLength " + batchLength + " is smaller than an empty batch ("
                    + RecordBatch.MIN_BATCH_LENGTH + ")");
        }
        if (batchLength > available - RecordBatch.LOG_OVERHEAD) {
            throw corrupt(index, "batchLength " + batchLength + " runs past the "
                    + (available - RecordBatch.LOG_OVERHEAD) + " bytes that remain");
        }
        byte magic = batch.magic();
        if (magic == 0 || magic == 1) {
            throw invalid(index, "magic " + magic + " (message format v" + magic + ") is no longer accepted; "
                    + "only magic 2");
        }
        if (magic != RecordBatch.MAGIC_V2) {
            throw corrupt(index, "magic " + magic + " is not a record batch format (expected 2)");
        }
        long storedCrc = batch.crc();
        long computedCrc = batch.computeCrc();
        if (storedCrc != computedCrc) {
            throw corrupt(index, "CRC-32C is 0x" + Long.toHexString(storedCrc) + " but the bytes give 0x"
                    + Long.toHexString(computedCrc));
        }
        int compressionId = batch.compressionId();
        if (compressionId > Compression.ZSTD_ID) {
            throw invalid(index, "compression id " + compressionId + " is not defined (0-4)");
        }
        int count = batch.recordsCount();
        if (count <= 0) {
            throw invalid(index, "recordsCount " + count + " must be at least 1");
        }
        int lastOffsetDelta = batch.lastOffsetDelta();
        if (lastOffsetDelta != count - 1) {
            throw invalid(index, "lastOffsetDelta " + lastOffsetDelta + " does not match recordsCount " + count);
        }
        if (batch.hasProducerId() && batch.baseSequence() < 0) {
            throw invalid(index, "producerId " + batch.producerId() + " comes with baseSequence "
                    + batch.baseSequence());
        }
        if (compressionId == Compression.NONE_ID) {
            reader.reset(batch);
            for (int record = 0; reader.hasNext(); record++) {
                RecordView view = reader.next();
                // The reader accepts compaction's gaps; a batch from a producer must be dense.
                if (view.offsetDelta() != record) {
                    throw invalid(index, "record " + record + " has offsetDelta " + view.offsetDelta()
                            + ", expected " + record);
                }
                if (check != null) {
                    check.check(batch, view, record);
                }
            }
        }
        return batchLength + RecordBatch.LOG_OVERHEAD;
    }

    private InvalidRecordBatchException corrupt(int index, String problem) {
        return new InvalidRecordBatchException(ErrorCode.CORRUPT_MESSAGE, describe(index) + problem);
    }

    private InvalidRecordBatchException invalid(int index, String problem) {
        return new InvalidRecordBatchException(ErrorCode.INVALID_RECORD, describe(index) + problem);
    }

    private String describe(int index) {
        return headerWrapped
                ? "record batch at index " + index + " (baseOffset " + batch.baseOffset() + "): "
                : "record batch at index " + index + ": ";
    }
}
