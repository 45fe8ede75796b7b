package io.runnel.reliability.fuzz;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.runnel.protocol.record.InvalidRecordBatchException;
import io.runnel.protocol.record.RecordBatch;
import io.runnel.protocol.record.RecordBatchValidator;
import io.runnel.protocol.record.RecordReader;
import io.runnel.protocol.record.RecordView;
import io.runnel.protocol.record.compression.UnsupportedCompressionException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;

/**
 * Runs untrusted record bytes (a Produce partition's records, or batches as read back from a segment) through
 * {@link RecordBatchValidator} and {@link RecordReader}, and checks:
 * <ul>
 *   <li>the validator accepts or throws {@link InvalidRecordBatchException}, nothing else;</li>
 *   <li>what it accepts, kafka-clients accepts too (every batch passes Kafka's own {@code ensureValid});</li>
 *   <li>the reader, which trusts no CRC, reads every batch that fits in the buffer, accepted or not, or throws
 *       {@link InvalidRecordBatchException} ({@link UnsupportedCompressionException} for snappy, lz4, zstd);</li>
 *   <li>the reader releases what it decompressed (the leak-tracked pooled allocator sees every buffer) and the
 *       input's reference count is unchanged.</li>
 * </ul>
 * Not thread-safe per instance state; each call builds its own validator and reader.
 */
final class RecordsProbe {
    /** Small, so a forged compressed batch cannot make one fuzz input decompress for long. */
    private static final int MAX_DECOMPRESSED_BYTES = 1 << 20;

    /** What the validator said. */
    enum Verdict { ACCEPTED, REJECTED }

    private RecordsProbe() {
    }

    static Verdict probe(ByteBuf records) {
        int refCnt = records.refCnt();
        int readerIndex = records.readerIndex();
        Verdict verdict;
        try {
            new RecordBatchValidator().validate(records);
            verdict = Verdict.ACCEPTED;
        } catch (InvalidRecordBatchException e) {
            verdict = Verdict.REJECTED;
        }
        if (records.readerIndex() != readerIndex) {
            throw new AssertionError("the validator moved the reader index from " + readerIndex + " to "
                    + records.readerIndex());
        }
        if (verdict == Verdict.ACCEPTED) {
            kafkaAccepts(records);
        }
        readEveryBatch(records);
        if (records.refCnt() != refCnt) {
            throw new AssertionError("reading changed the records' reference count from " + refCnt + " to "
                    + records.refCnt());
        }
        return verdict;
    }

    private static void kafkaAccepts(ByteBuf records) {
        MemoryRecords kafka = MemoryRecords.readableRecords(records.nioBuffer());
        for (MutableRecordBatch batch : kafka.batches()) {
            try {
                batch.ensureValid();
            } catch (RuntimeException e) {
                throw new AssertionError("Runnel's validator accepted a batch that kafka-clients rejects: " + e, e);
            }
        }
    }

    /** Walks the batches by their length fields and reads each one that lies whole in the buffer. */
    private static void readEveryBatch(ByteBuf records) {
        RecordBatch batch = new RecordBatch();
        try (RecordReader reader = new RecordReader(PooledByteBufAllocator.DEFAULT, MAX_DECOMPRESSED_BYTES)) {
            int index = records.readerIndex();
            int limit = records.writerIndex();
            while (limit - index >= RecordBatch.HEADER_SIZE) {
                batch.wrap(records, index);
                long size = (long) batch.batchLength() + RecordBatch.LOG_OVERHEAD;
                if (batch.batchLength() < RecordBatch.MIN_BATCH_LENGTH || index + size > limit) {
                    return;
                }
                readOne(reader, batch);
                index += (int) size;
            }
        }
    }

    private static void readOne(RecordReader reader, RecordBatch batch) {
        try {
            reader.reset(batch);
            long keyAndValueBytes = 0;
            while (reader.hasNext()) {
                RecordView record = reader.next();
                keyAndValueBytes += Math.max(0, record.keyLength()) + Math.max(0, record.valueLength());
                for (int h = 0; h < record.headerCount(); h++) {
                    record.headerKey(h);
                    keyAndValueBytes += Math.max(0, record.headerValueLength(h));
                }
            }
            if (keyAndValueBytes < 0) {
                throw new AssertionError("negative record sizes summed to " + keyAndValueBytes);
            }
        } catch (InvalidRecordBatchException | UnsupportedCompressionException expected) {
            // The documented outcomes for bytes that are not a valid batch or use a codec Runnel does not read.
        }
    }
}
