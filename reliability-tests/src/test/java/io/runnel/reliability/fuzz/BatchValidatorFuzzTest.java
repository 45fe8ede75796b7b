package io.runnel.reliability.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.runnel.protocol.record.RecordBatch;

/**
 * Coverage-guided fuzzing of the RecordBatch validator and reader on their own (see {@link RecordsProbe}), seeded
 * with the record batches kafka-clients producers sent ({@code BatchValidatorFuzzTestInputs/recordBatches}).
 * Each input is probed twice: as it is, and with every whole batch's CRC made right, so the fuzzer also reaches
 * the record checks that a CRC mismatch would otherwise stop at. Regression mode in {@code mvn verify};
 * {@code JAZZER_FUZZ=1} fuzzes.
 */
class BatchValidatorFuzzTest {
    @FuzzTest(maxDuration = "5m")
    void recordBatches(byte[] bytes) {
        probe(bytes, false);
        probe(bytes, true);
    }

    private static void probe(byte[] bytes, boolean fixCrcs) {
        ByteBuf records = PooledByteBufAllocator.DEFAULT.buffer(Math.max(1, bytes.length));
        records.writeBytes(bytes);
        try {
            if (fixCrcs) {
                fixCrcs(records);
            }
            RecordsProbe.probe(records);
            if (records.refCnt() != 1) {
                throw new AssertionError("the probe changed the reference count to " + records.refCnt());
            }
        } finally {
            records.release();
        }
    }

    /** Recomputes the CRC of every batch whose length field keeps it inside the buffer. */
    private static void fixCrcs(ByteBuf records) {
        RecordBatch batch = new RecordBatch();
        int index = 0;
        while (records.writerIndex() - index >= RecordBatch.HEADER_SIZE) {
            batch.wrap(records, index);
            long size = (long) batch.batchLength() + RecordBatch.LOG_OVERHEAD;
            if (batch.batchLength() < RecordBatch.MIN_BATCH_LENGTH || index + size > records.writerIndex()) {
                return;
            }
            batch.updateCrc();
            index += (int) size;
        }
    }
}
