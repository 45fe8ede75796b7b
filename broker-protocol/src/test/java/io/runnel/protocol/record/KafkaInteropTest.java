package io.runnel.protocol.record;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.runnel.protocol.record.compression.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;

import static io.runnel.protocol.record.KafkaBatches.record;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Batches written by kafka-clients are read by Runnel, and batches written by Runnel are read by kafka-clients. */
class KafkaInteropTest {

    private static MemoryRecords kafkaMix() {
        return KafkaBatches.concat(
                KafkaBatches.batch(0, KafkaBatches.none(),
                        record(1_000, "k0", "v0"), record(999, null, "v1"), record(1_002, "k2", null),
                        record(1_003, null, null)),
                KafkaBatches.batch(4, KafkaBatches.none(),
                        record(2_000, "h", "v", "trace", "abc", "empty", "", "nullvalue", null)),
                KafkaBatches.batch(5, KafkaBatches.gzip(),
                        record(3_000, "gk", "gv", "g", "1"), record(3_001, null, "gv2"),
                        record(2_999, "gk3", "x".repeat(5_000))),
                KafkaBatches.idempotentBatch(8, KafkaBatches.none(), 4242L, (short) 7, 100,
                        record(4_000, "p", "q"), record(4_001, "r", "s")),
                KafkaBatches.idempotentBatch(10, KafkaBatches.gzip(), 4242L, (short) 7, 102,
                        record(5_000, "p", "q")),
                KafkaBatches.logAppendTimeBatch(11, KafkaBatches.none(), 9_999_999L,
                        record(1, "la", "t"), record(2, "lb", "u")),
                KafkaBatches.logAppendTimeBatch(13, KafkaBatches.gzip(), 8_888_888L, record(1, "lc", "v")));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void kafkaBatchesValidateAndIterateWithEqualContent(boolean direct) {
        MemoryRecords kafka = kafkaMix();
        ByteBuf buf = direct ? KafkaBatches.toDirectByteBuf(kafka) : KafkaBatches.toByteBuf(kafka);
        try {
            assertEquals(7, new RecordBatchValidator().validate(buf));
            List<RecordSnapshot> expected = RecordSnapshot.fromKafka(kafka);
            assertEquals(14, expected.size());
            assertEquals(expected, RecordSnapshot.fromRunnel(buf));
            assertEquals(0, buf.readerIndex(), "validation and iteration must not move the reader index");
        } finally {
            buf.release();
        }
    }

    @Test
    void recordViewFieldsOfAKnownRecord() {
        ByteBuf buf = KafkaBatches.toByteBuf(KafkaBatches.batch(50, KafkaBatches.none(),
                record(7_000, "key", "value", "h1", "x", "h2", null), record(6_500, null, null)));
        RecordBatch batch = new RecordBatch().wrap(buf, 0);
        try (RecordReader reader = new RecordReader()) {
            reader.reset(batch);
            RecordView r = reader.next();
            assertEquals(50, r.offset());
            assertEquals(0, r.offsetDelta());
            assertEquals(7_000, r.timestamp());
            assertEquals("key", r.key().toString(StandardCharsets.UTF_8));
            assertEquals("value", r.value().toString(StandardCharsets.UTF_8));
            assertEquals(2, r.headerCount());
            assertEquals("h1", r.headerKey(0));
            assertEquals("x", r.headerValue(0).toString(StandardCharsets.UTF_8));
            assertEquals("h2", r.headerKey(1));
            assertEquals(-1, r.headerValueLength(1));
            assertNull(r.headerValue(1));
            r = reader.next();
            assertEquals(51, r.offset());
            assertEquals(6_500, r.timestamp());
            assertEquals(-500, r.timestampDelta());
            assertNull(r.key());
            assertNull(r.value());
            assertEquals(-1, r.keyLength());
            assertFalse(reader.hasNext());
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {Compression.NONE_ID, Compression.GZIP_ID})
    void runnelBatchesAreReadByKafkaClients(int compressionId) {
        ByteBuf out = Unpooled.buffer();
        try (RecordBatchBuilder builder = new RecordBatchBuilder(ByteBufAllocator.DEFAULT)) {
            builder.compression(Compression.forId(compressionId)).producer(31L, (short) 2, 17);
            builder.append(10_000L, "k1".getBytes(StandardCharsets.UTF_8), "v1".getBytes(StandardCharsets.UTF_8));
            builder.append(9_000L, (byte[]) null, "v2".getBytes(StandardCharsets.UTF_8),
                    new RecordHeader("trace", new byte[]{1, 2, 3}), new RecordHeader("n", null));
            builder.append(12_000L, Unpooled.wrappedBuffer("k3".getBytes(StandardCharsets.UTF_8)), null);
            builder.append(11_000L, "big".getBytes(StandardCharsets.UTF_8),
                    "y".repeat(3_000).getBytes(StandardCharsets.UTF_8));
            int written = builder.writeTo(out);
            assertEquals(out.readableBytes(), written);
            assertEquals(4, builder.recordCount());

            // A second batch from the same builder, after reset.
            builder.reset().producer(31L, (short) 2, 21).baseOffset(4);
            builder.append(13_000L, "k5".getBytes(StandardCharsets.UTF_8), "v5".getBytes(StandardCharsets.UTF_8));
            builder.writeTo(out);
        }
        try {
            MemoryRecords kafka = KafkaBatches.toMemoryRecords(out);
            Iterator<MutableRecordBatch> batches = kafka.batches().iterator();
            MutableRecordBatch first = batches.next();
            first.ensureValid();
            assertEquals(compressionId, first.compressionType().id);
            assertEquals(0, first.baseOffset());
            assertEquals(3, first.lastOffset());
            assertEquals(12_000L, first.maxTimestamp());
            assertEquals(31L, first.producerId());
            assertEquals(2, first.producerEpoch());
            assertEquals(17, first.baseSequence());
            assertEquals(20, first.lastSequence());
            assertFalse(first.isTransactional());
            assertEquals(org.apache.kafka.common.record.TimestampType.CREATE_TIME, first.timestampType());
            Iterator<Record> records = first.iterator();
            Record r0 = records.next();
            assertEquals(10_000L, r0.timestamp());
            assertEquals("k1", StandardCharsets.UTF_8.decode(r0.key()).toString());
            Record r1 = records.next();
            assertEquals(9_000L, r1.timestamp());
            assertFalse(r1.hasKey());
            assertEquals("trace", r1.headers()[0].key());
            assertArrayEquals(new byte[]{1, 2, 3}, r1.headers()[0].value());
            assertNull(r1.headers()[1].value());
            Record r2 = records.next();
            assertFalse(r2.hasValue());
            assertEquals(3_000, records.next().valueSize());
            assertFalse(records.hasNext());
            MutableRecordBatch second = batches.next();
            second.ensureValid();
            assertEquals(4, second.baseOffset());
            assertEquals(21, second.baseSequence());
            assertFalse(batches.hasNext());

            // Runnel agrees with itself and with kafka-clients on every record.
            assertEquals(2, new RecordBatchValidator().validate(out));
            assertEquals(RecordSnapshot.fromKafka(kafka), RecordSnapshot.fromRunnel(out));
            assertEquals(5, RecordSnapshot.fromRunnel(out).size());
        } finally {
            out.release();
        }
    }

    @Test
    void uncompressedBuilderOutputIsByteForByteKafkasEncoding() {
        ByteBuf out = Unpooled.buffer();
        try (RecordBatchBuilder builder = new RecordBatchBuilder(ByteBufAllocator.DEFAULT)) {
            builder.producer(5L, (short) 1, 0);
            builder.append(100L, "a".getBytes(StandardCharsets.UTF_8), "b".getBytes(StandardCharsets.UTF_8),
                    new RecordHeader("h", "v".getBytes(StandardCharsets.UTF_8)));
            builder.append(90L, (byte[]) null, "c".getBytes(StandardCharsets.UTF_8));
            builder.writeTo(out);
        }
        try {
            MemoryRecords expected = KafkaBatches.idempotentBatch(0, KafkaBatches.none(), 5L, (short) 1, 0,
                    record(100L, "a", "b", "h", "v"), record(90L, null, "c"));
            assertEquals(Unpooled.wrappedBuffer(expected.buffer()), out);
        } finally {
            out.release();
        }
    }

    @Test
    void setBaseOffsetAndLogAppendTimeOnRunnelBatchesAreAcceptedByKafka() {
        ByteBuf out = Unpooled.buffer();
        try (RecordBatchBuilder builder = new RecordBatchBuilder(ByteBufAllocator.DEFAULT)) {
            builder.compression(Compression.gzip());
            builder.append(100L, "a".getBytes(StandardCharsets.UTF_8), "b".getBytes(StandardCharsets.UTF_8));
            builder.writeTo(out);
        }
        try {
            RecordBatch batch = new RecordBatch().wrap(out, 0);
            batch.setBaseOffset(77);
            assertTrue(batch.isCrcValid());
            batch.setLogAppendTime(5_555L);
            assertTrue(batch.isCrcValid());
            MutableRecordBatch kafka = KafkaBatches.toMemoryRecords(out).batches().iterator().next();
            kafka.ensureValid();
            assertEquals(77, kafka.baseOffset());
            assertEquals(org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME, kafka.timestampType());
            assertEquals(5_555L, kafka.iterator().next().timestamp());
            assertEquals(List.of(new RecordSnapshot(77, 5_555L, "61", "62", List.of())),
                    RecordSnapshot.fromRunnel(out));
        } finally {
            out.release();
        }
    }
}
