package io.runnel.protocol.record;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.runnel.protocol.MalformedMessageException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static io.runnel.protocol.record.KafkaBatches.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordBatchTest {

    private static MemoryRecords sample() {
        return KafkaBatches.concat(
                KafkaBatches.batch(0, KafkaBatches.none(), record(1000, "k0", "v0"), record(1005, null, "v1", "h", "x")),
                KafkaBatches.idempotentBatch(2, KafkaBatches.gzip(), 77L, (short) 3, 41,
                        record(2000, "a", "b"), record(2100, "c", null), record(1900, "d", "e")),
                KafkaBatches.logAppendTimeBatch(5, KafkaBatches.none(), 123_456L, record(1, "x", "y")));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void headerFieldsEqualKafkaClients(boolean direct) {
        MemoryRecords kafka = sample();
        ByteBuf buf = direct ? KafkaBatches.toDirectByteBuf(kafka) : KafkaBatches.toByteBuf(kafka);
        try {
            RecordBatch batch = new RecordBatch();
            int index = 0;
            Iterator<MutableRecordBatch> expected = kafka.batches().iterator();
            int seen = 0;
            while (index < buf.writerIndex()) {
                MutableRecordBatch k = expected.next();
                batch.wrap(buf, index);
                assertEquals(k.sizeInBytes(), RecordBatch.sizeAt(buf, index));
                assertEquals(k.sizeInBytes(), batch.sizeInBytes());
                assertEquals(k.baseOffset(), batch.baseOffset());
                assertEquals(k.lastOffset(), batch.lastOffset());
                assertEquals(k.nextOffset(), batch.nextOffset());
                assertEquals(k.partitionLeaderEpoch(), batch.partitionLeaderEpoch());
                assertEquals(k.magic(), batch.magic());
                assertEquals(k.checksum(), batch.crc());
                assertEquals(k.checksum(), batch.computeCrc());
                assertTrue(batch.isCrcValid());
                assertEquals(k.maxTimestamp(), batch.maxTimestamp());
                assertEquals(k.timestampType().name(), batch.timestampType().name());
                assertEquals(k.producerId(), batch.producerId());
                assertEquals(k.producerEpoch(), batch.producerEpoch());
                assertEquals(k.baseSequence(), batch.baseSequence());
                assertEquals(k.lastSequence(), batch.lastSequence());
                assertEquals(k.hasProducerId(), batch.hasProducerId());
                assertEquals(k.countOrNull(), batch.recordsCount());
                assertEquals(k.compressionType().id, batch.compressionId());
                assertEquals(k.isCompressed(), batch.isCompressed());
                assertEquals(k.isTransactional(), batch.isTransactional());
                assertEquals(k.isControlBatch(), batch.isControl());
                assertEquals(RecordBatch.MAGIC_V2, batch.magic());
                index += batch.sizeInBytes();
                seen++;
            }
            assertEquals(3, seen);
            assertFalse(expected.hasNext());
            assertEquals(-1, RecordBatch.sizeAt(buf, index));
        } finally {
            buf.release();
        }
    }

    @Test
    void baseTimestampAndCountsOfKnownBatch() {
        ByteBuf buf = KafkaBatches.toByteBuf(KafkaBatches.batch(10, KafkaBatches.none(),
                record(1000, "k0", "v0"), record(3000, "k1", "v1"), record(2000, "k2", "v2")));
        try {
            RecordBatch batch = new RecordBatch().wrap(buf, 0);
            assertEquals(10, batch.baseOffset());
            assertEquals(2, batch.lastOffsetDelta());
            assertEquals(12, batch.lastOffset());
            assertEquals(13, batch.nextOffset());
            assertEquals(1000, batch.baseTimestamp());
            assertEquals(3000, batch.maxTimestamp());
            assertEquals(3, batch.recordsCount());
            assertEquals(buf.readableBytes(), batch.sizeInBytes());
            assertEquals(buf.readableBytes() - RecordBatch.LOG_OVERHEAD, batch.batchLength());
            assertEquals(TimestampType.CREATE_TIME, batch.timestampType());
            assertFalse(batch.hasProducerId());
        } finally {
            buf.release();
        }
    }

    @Test
    void setBaseOffsetAndLeaderEpochKeepCrcValid() {
        ByteBuf buf = KafkaBatches.toByteBuf(sample());
        try {
            RecordBatch batch = new RecordBatch();
            long next = 1_000_000L;
            for (int index = 0; index < buf.writerIndex(); index += batch.sizeInBytes()) {
                batch.wrap(buf, index);
                long crcBefore = batch.crc();
                batch.setBaseOffset(next);
                batch.setPartitionLeaderEpoch(9);
                assertEquals(crcBefore, batch.crc());
                assertTrue(batch.isCrcValid());
                next = batch.nextOffset();
            }
            List<Long> bases = new ArrayList<>();
            for (MutableRecordBatch k : KafkaBatches.toMemoryRecords(buf).batches()) {
                k.ensureValid();
                assertEquals(9, k.partitionLeaderEpoch());
                bases.add(k.baseOffset());
            }
            assertEquals(List.of(1_000_000L, 1_000_002L, 1_000_005L), bases);
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void setLogAppendTimeRecomputesCrcAsKafkaDoes(boolean direct) {
        MemoryRecords kafka = sample();
        ByteBuf buf = direct ? KafkaBatches.toDirectByteBuf(kafka) : KafkaBatches.toByteBuf(kafka);
        try {
            RecordBatch batch = new RecordBatch();
            for (int index = 0; index < buf.writerIndex(); index += batch.sizeInBytes()) {
                batch.wrap(buf, index);
                long crcBefore = batch.crc();
                batch.setLogAppendTime(1_700_000_000_000L);
                assertTrue(batch.isCrcValid());
                assertTrue(crcBefore != batch.crc(), "CRC must change with the covered fields");
                assertEquals(TimestampType.LOG_APPEND_TIME, batch.timestampType());
                assertEquals(1_700_000_000_000L, batch.maxTimestamp());
            }
            // Kafka's own implementation of the same operation yields the same bytes.
            MemoryRecords expected = sample();
            for (MutableRecordBatch k : expected.batches()) {
                k.setMaxTimestamp(org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME, 1_700_000_000_000L);
            }
            assertEquals(Unpooled.wrappedBuffer(expected.buffer()), buf);
            for (MutableRecordBatch k : KafkaBatches.toMemoryRecords(buf).batches()) {
                k.ensureValid();
                assertEquals(org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME, k.timestampType());
                k.forEach(r -> assertEquals(1_700_000_000_000L, r.timestamp()));
            }
        } finally {
            buf.release();
        }
    }

    @Test
    void crcDetectsAFlippedBitInsideTheCoveredRange() {
        ByteBuf buf = KafkaBatches.toByteBuf(KafkaBatches.batch(0, KafkaBatches.none(), record(5, "k", "v")));
        try {
            RecordBatch batch = new RecordBatch().wrap(buf, 0);
            for (int i = RecordBatch.ATTRIBUTES_OFFSET; i < buf.writerIndex(); i++) {
                buf.setByte(i, buf.getByte(i) ^ 0x10);
                assertFalse(batch.isCrcValid(), "flip at " + i);
                buf.setByte(i, buf.getByte(i) ^ 0x10);
            }
            assertTrue(batch.isCrcValid());
        } finally {
            buf.release();
        }
    }

    @Test
    void shortOrForgedHeadersThrowMalformedNotIndexErrors() {
        ByteBuf buf = KafkaBatches.toByteBuf(KafkaBatches.batch(0, KafkaBatches.none(), record(5, "k", "v")));
        try {
            RecordBatch batch = new RecordBatch();
            assertThrows(MalformedMessageException.class, () -> batch.wrap(buf, buf.writerIndex() - 60));
            assertThrows(MalformedMessageException.class, () -> batch.wrap(buf, -1));
            assertEquals(-1, RecordBatch.sizeAt(buf, buf.writerIndex() - 11));
            batch.wrap(buf, 0);
            buf.setInt(RecordBatch.BATCH_LENGTH_OFFSET, buf.writerIndex());
            assertThrows(MalformedMessageException.class, batch::computeCrc);
            buf.setInt(RecordBatch.BATCH_LENGTH_OFFSET, RecordBatch.MIN_BATCH_LENGTH - 1);
            assertThrows(MalformedMessageException.class, batch::computeCrc);
            assertThrows(MalformedMessageException.class, () -> RecordBatch.sizeAt(buf, 0));
            buf.setInt(RecordBatch.BATCH_LENGTH_OFFSET, Integer.MAX_VALUE);
            assertThrows(MalformedMessageException.class, () -> RecordBatch.sizeAt(buf, 0));
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void computeCrcAndValidationDoNotAllocatePerCall(boolean direct) {
        // Buffers the leak detector does not wrap: its PARANOID wrapper allocates a trace record on every access.
        UnpooledByteBufAllocator untracked = new UnpooledByteBufAllocator(false, true);
        MemoryRecords kafka = KafkaBatches.batch(0, KafkaBatches.none(), record(1, "k", "v".repeat(20_000)),
                record(2, "k2", "v2"));
        ByteBuf buf = direct ? untracked.directBuffer() : untracked.heapBuffer();
        buf.writeBytes(kafka.buffer().duplicate());
        try {
            RecordBatch batch = new RecordBatch().wrap(buf, 0);
            RecordBatchValidator validator = new RecordBatchValidator();
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
            long sink = 0;
            for (int i = 0; i < 2_000; i++) {
                sink += batch.computeCrc();
                sink += validator.validate(buf);
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 1_000; i++) {
                sink += batch.computeCrc();
            }
            long crcBytes = threads.getCurrentThreadAllocatedBytes() - before;
            before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 1_000; i++) {
                sink += validator.validate(buf);
            }
            long validateBytes = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(sink != 0);
            assertTrue(crcBytes < 1_000, "computeCrc allocated " + crcBytes + " bytes in 1000 calls");
            // One records slice per uncompressed batch, nothing per record.
            assertTrue(validateBytes < 1_000 * 128, "validate allocated " + validateBytes + " bytes in 1000 calls");
        } finally {
            buf.release();
        }
    }
}
