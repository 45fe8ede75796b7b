package io.runnel.reliability.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.runnel.protocol.record.RecordBatch;
import org.junit.jupiter.api.AfterAll;

/**
 * Coverage-guided fuzzing of the RecordBatch validator and reader on their own (see {@link RecordsProbe}), seeded
 * with the record batches kafka-clients producers sent ({@code BatchValidatorFuzzTestInputs/recordBatches}).
 * Each input is probed twice (two inputs in the summary line): as it is, and with every whole batch's CRC made right, so the fuzzer also reaches
 * the record checks that a CRC mismatch would otherwise stop at. Regression mode in {@code mvn verify};
 * {@code JAZZER_FUZZ=1} fuzzes.
 */
class BatchValidatorFuzzTest {
    private static final FuzzSummary<RecordsProbe.Verdict> SUMMARY =
            new FuzzSummary<>("batch-validator-fuzz", RecordsProbe.Verdict.class);

    @FuzzTest(maxDuration = "5m")
    void recordBatches(byte[] bytes) {
        SUMMARY.probe(() -> probe(bytes, false));
        SUMMARY.probe(() -> probe(bytes, true));
    }

    @AfterAll
    static void summary() {
        SUMMARY.printAndCheckLeaks();
    }

    private static RecordsProbe.Verdict probe(byte[] bytes, boolean fixCrcs) {
        ByteBuf records = PooledByteBufAllocator.DEFAULT.buffer(Math.max(1, bytes.length));
        records.writeBytes(bytes);
        try {
            if (fixCrcs) {
                fixCrcs(records);
            }
            RecordsProbe.Verdict verdict = RecordsProbe.probe(records);
            if (records.refCnt() != 1) {
                throw new AssertionError("the probe changed the reference count to " + records.refCnt());
            }
            return verdict;
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
