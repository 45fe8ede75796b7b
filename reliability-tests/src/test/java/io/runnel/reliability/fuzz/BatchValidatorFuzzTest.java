package io.runnel.reliability.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;

/**
 * Coverage-guided fuzzing of the RecordBatch validator and reader on their own (see {@link RecordsProbe}), seeded
 * with the record batches kafka-clients producers sent ({@code BatchValidatorFuzzTestInputs/recordBatches}).
 * Regression mode in {@code mvn verify}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class BatchValidatorFuzzTest {
    @FuzzTest(maxDuration = "5m")
    void recordBatches(byte[] bytes) {
        ByteBuf records = PooledByteBufAllocator.DEFAULT.buffer(Math.max(1, bytes.length));
        records.writeBytes(bytes);
        try {
            RecordsProbe.probe(records);
            if (records.refCnt() != 1) {
                throw new AssertionError("the probe changed the reference count to " + records.refCnt());
            }
        } finally {
            records.release();
        }
    }
}
