package io.runnel.protocol.record;

import io.netty.buffer.ByteBuf;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A batch rewritten by log compaction keeps its records' original offsets, so its offset deltas have gaps. A
 * reader must iterate it (consumers read compacted topics), while a producer's batch must still be dense.
 */
class CompactedBatchTest {
    private static MemoryRecords sparseBatch() {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024),
                org.apache.kafka.common.compress.Compression.NONE, TimestampType.CREATE_TIME, 100L);
        builder.appendWithOffset(100L, 1_000L, KafkaBatches.utf8("a"), KafkaBatches.utf8("1"));
        builder.appendWithOffset(103L, 1_001L, KafkaBatches.utf8("b"), KafkaBatches.utf8("2"));
        builder.appendWithOffset(107L, 1_002L, KafkaBatches.utf8("c"), KafkaBatches.utf8("3"));
        return builder.build();
    }

    @Test
    void readerIteratesRecordsWithOffsetGapsAtTheirOriginalOffsets() {
        ByteBuf buf = KafkaBatches.toByteBuf(sparseBatch());
        try (RecordReader reader = new RecordReader()) {
            reader.reset(new RecordBatch().wrap(buf, 0));
            List<Long> offsets = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            while (reader.hasNext()) {
                RecordView record = reader.next();
                offsets.add(record.offset());
                keys.add(record.key().toString(java.nio.charset.StandardCharsets.UTF_8));
            }
            assertEquals(List.of(100L, 103L, 107L), offsets);
            assertEquals(List.of("a", "b", "c"), keys);
        } finally {
            buf.release();
        }
    }

    @Test
    void producerValidationStillRequiresDenseOffsetDeltas() {
        ByteBuf buf = KafkaBatches.toByteBuf(sparseBatch());
        try {
            InvalidRecordBatchException e = assertThrows(InvalidRecordBatchException.class,
                    () -> new RecordBatchValidator().validate(buf));
            assertEquals(io.runnel.protocol.ErrorCode.INVALID_RECORD, e.errorCode());
        } finally {
            buf.release();
        }
    }
}
