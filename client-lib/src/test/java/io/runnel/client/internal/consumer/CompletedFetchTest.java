package io.runnel.client.internal.consumer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.runnel.client.ConsumerRecord;
import io.runnel.client.RunnelException;
import io.runnel.client.TopicPartition;
import io.runnel.client.internal.compression.Codecs;
import io.runnel.protocol.record.KafkaBatches;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Record batches built by kafka-clients' MemoryRecordsBuilder, decoded into ConsumerRecords with the client's codecs. */
class CompletedFetchTest {
    private static final TopicPartition TP = new TopicPartition("orders", 2);

    private static CompletedFetch fetch(ByteBuf records, long fetchOffset) {
        return new CompletedFetch(TP, records, fetchOffset, 1_000L, ByteBufAllocator.DEFAULT, Codecs::forId);
    }

    private static List<ConsumerRecord> drainAll(CompletedFetch fetch) {
        List<ConsumerRecord> out = new ArrayList<>();
        while (!fetch.isDrained()) {
            fetch.drain(out, Integer.MAX_VALUE);
        }
        return out;
    }

    private static List<Long> offsets(List<ConsumerRecord> records) {
        List<Long> offsets = new ArrayList<>();
        for (ConsumerRecord record : records) {
            offsets.add(record.offset());
        }
        return offsets;
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void everyCodecDecodesKeysValuesHeadersAndTimestamps(String codec) {
        Compression compression = Compression.of(codec).build();
        MemoryRecords batches = KafkaBatches.concat(
                KafkaBatches.batch(40, compression,
                        KafkaBatches.record(1_000L, "k0", "v0", "trace", "abc", "empty", null),
                        KafkaBatches.record(1_001L, null, "v1"),
                        KafkaBatches.record(1_002L, "k2", null)),
                KafkaBatches.batch(43, compression, KafkaBatches.record(1_003L, "k3", "v3")));
        ByteBuf buf = KafkaBatches.toDirectByteBuf(batches);
        List<ConsumerRecord> records = drainAll(fetch(buf, 40));

        assertEquals(0, buf.refCnt(), "the fetch releases its buffer once drained");
        assertEquals(List.of(40L, 41L, 42L, 43L), offsets(records));
        ConsumerRecord first = records.get(0);
        assertEquals("orders", first.topic());
        assertEquals(2, first.partition());
        assertEquals(1_000L, first.timestamp());
        assertFalse(first.isLogAppendTime());
        assertEquals("k0", first.keyAsString());
        assertEquals("v0", first.valueAsString());
        assertEquals(2, first.headers().size());
        assertEquals("trace", first.headers().get(0).key());
        assertArrayEquals("abc".getBytes(StandardCharsets.UTF_8), first.headers().get(0).value());
        assertNull(first.headers().get(1).value());
        assertNull(records.get(1).key());
        assertEquals("v1", records.get(1).valueAsString());
        assertTrue(records.get(1).headers().isEmpty());
        assertNull(records.get(2).value());
        assertEquals(1_003L, records.get(3).timestamp());
    }

    @Test
    void aCompositeBufferSplittingABatchDecodesLikeOneBuffer() {
        ByteBuf whole = KafkaBatches.toDirectByteBuf(KafkaBatches.concat(
                KafkaBatches.batch(0, Compression.NONE, KafkaBatches.record(1L, "a", "0"),
                        KafkaBatches.record(2L, "b", "1")),
                KafkaBatches.batch(2, Compression.gzip().build(), KafkaBatches.record(3L, "c", "2"))));
        int split = whole.readableBytes() / 2 + 3;
        CompositeByteBuf composite = Unpooled.compositeBuffer();
        composite.addComponent(true, whole.retainedSlice(0, split));
        composite.addComponent(true, whole.retainedSlice(split, whole.readableBytes() - split));
        whole.release();

        List<ConsumerRecord> records = drainAll(fetch(composite, 0));

        assertEquals(List.of(0L, 1L, 2L), offsets(records));
        assertEquals("b", records.get(1).keyAsString());
        assertEquals("2", records.get(2).valueAsString());
        assertEquals(0, composite.refCnt());
        assertEquals(0, whole.refCnt(), "the components are released with the composite");
    }

    @Test
    void recordsAreReadFromTheBuffersReaderIndexOn() {
        ByteBuf batch = KafkaBatches.toDirectByteBuf(KafkaBatches.batch(7, Compression.NONE,
                KafkaBatches.record(1L, "k", "v7"), KafkaBatches.record(2L, "k", "v8")));
        ByteBuf buf = ByteBufAllocator.DEFAULT.directBuffer();
        buf.writeBytes(new byte[]{9, 9, 9, 9, 9});
        buf.writeBytes(batch);
        batch.release();
        buf.skipBytes(5);

        List<ConsumerRecord> records = drainAll(fetch(buf, 7));

        assertEquals(List.of(7L, 8L), offsets(records));
        assertEquals("v8", records.get(1).valueAsString());
        assertEquals(0, buf.refCnt());
    }

    @Test
    void logAppendTimeGivesEveryRecordTheBatchTimestamp() {
        ByteBuf buf = KafkaBatches.toByteBuf(KafkaBatches.logAppendTimeBatch(0, Compression.NONE, 77_000L,
                KafkaBatches.record(1L, "a", "1"), KafkaBatches.record(2L, "b", "2")));
        List<ConsumerRecord> records = drainAll(fetch(buf, 0));
        assertEquals(2, records.size());
        for (ConsumerRecord record : records) {
            assertEquals(77_000L, record.timestamp());
            assertTrue(record.isLogAppendTime());
        }
    }

    @Test
    void recordsBeforeTheFetchOffsetAreSkipped() {
        ByteBuf buf = KafkaBatches.toByteBuf(KafkaBatches.concat(
                KafkaBatches.batch(0, Compression.NONE, KafkaBatches.record(1L, "a", "0"),
                        KafkaBatches.record(1L, "a", "1")),
                KafkaBatches.batch(2, Compression.gzip().build(), KafkaBatches.record(1L, "a", "2"),
                        KafkaBatches.record(1L, "a", "3"), KafkaBatches.record(1L, "a", "4"))));
        List<ConsumerRecord> records = drainAll(fetch(buf, 3));
        assertEquals(List.of(3L, 4L), offsets(records));
    }

    @Test
    void controlBatchesAreSkippedAndMoveThePositionPastThem() {
        MemoryRecords data = KafkaBatches.idempotentBatch(0, Compression.NONE, 9L, (short) 0, 0,
                KafkaBatches.record(1L, "a", "0"), KafkaBatches.record(1L, "a", "1"));
        MemoryRecords marker = MemoryRecords.withEndTransactionMarker(2L, 5L, 0, 9L, (short) 0,
                new EndTransactionMarker(ControlRecordType.COMMIT, 0));
        ByteBuf buf = KafkaBatches.toByteBuf(KafkaBatches.concat(data, marker));
        CompletedFetch fetch = fetch(buf, 0);
        List<ConsumerRecord> records = drainAll(fetch);
        assertEquals(List.of(0L, 1L), offsets(records));
        assertEquals(3L, fetch.nextOffset(), "the next fetch starts after the control batch");
    }

    @Test
    void compactedBatchesKeepTheirOffsetsAndEndAtTheirLastOffset() {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024), Compression.NONE,
                TimestampType.CREATE_TIME, 100L);
        builder.appendWithOffset(100L, new SimpleRecord(1L, KafkaBatches.utf8("a"), KafkaBatches.utf8("1")));
        builder.appendWithOffset(103L, new SimpleRecord(1L, KafkaBatches.utf8("b"), KafkaBatches.utf8("2")));
        ByteBuf buf = KafkaBatches.toByteBuf(builder.build());
        // Compaction also removed the batch's last records (offsets up to 109): lastOffsetDelta still says 9.
        io.runnel.protocol.record.RecordBatch batch = new io.runnel.protocol.record.RecordBatch().wrap(buf, 0);
        buf.setInt(io.runnel.protocol.record.RecordBatch.LAST_OFFSET_DELTA_OFFSET, 9);
        batch.updateCrc();

        CompletedFetch fetch = fetch(buf, 100);
        List<ConsumerRecord> records = drainAll(fetch);
        assertEquals(List.of(100L, 103L), offsets(records));
        assertEquals(110L, fetch.nextOffset());
    }

    @Test
    void anIncompleteLastBatchEndsTheFetchAtTheLastWholeOne() {
        MemoryRecords both = KafkaBatches.concat(
                KafkaBatches.batch(0, Compression.NONE, KafkaBatches.record(1L, "a", "0")),
                KafkaBatches.batch(1, Compression.NONE, KafkaBatches.record(1L, "a", "1"),
                        KafkaBatches.record(1L, "a", "2")));
        ByteBuf whole = KafkaBatches.toByteBuf(both);
        ByteBuf cut = whole.retainedSlice(0, whole.readableBytes() - 5);
        whole.release();
        CompletedFetch fetch = fetch(cut, 0);
        List<ConsumerRecord> records = drainAll(fetch);
        assertEquals(List.of(0L), offsets(records));
        assertEquals(1L, fetch.nextOffset());
        assertEquals(0, cut.refCnt());
    }

    @Test
    void drainReturnsAtMostMaxAndResumesWhereItStopped() {
        SimpleRecord[] five = new SimpleRecord[5];
        for (int i = 0; i < 5; i++) {
            five[i] = KafkaBatches.record(i, "k", "v" + i);
        }
        ByteBuf buf = KafkaBatches.toByteBuf(KafkaBatches.batch(10, Compression.lz4().build(), five));
        CompletedFetch fetch = fetch(buf, 10);
        List<ConsumerRecord> out = new ArrayList<>();
        assertEquals(2, fetch.drain(out, 2));
        assertEquals(12L, fetch.nextOffset());
        assertEquals(2, fetch.drain(out, 2));
        assertEquals(1, fetch.drain(out, 2));
        assertTrue(fetch.isDrained());
        assertEquals(List.of(10L, 11L, 12L, 13L, 14L), offsets(out));
        assertEquals(0, buf.refCnt());
    }

    @Test
    void aCorruptBatchFailsNamingThePartitionAndReleasesTheBuffer() {
        ByteBuf buf = KafkaBatches.toByteBuf(KafkaBatches.batch(0, Compression.NONE,
                KafkaBatches.record(1L, "a", "0")));
        buf.setByte(buf.writerIndex() - 1, buf.getByte(buf.writerIndex() - 1) ^ 0x5a);
        CompletedFetch fetch = fetch(buf, 0);
        RunnelException e = assertThrows(RunnelException.class, () -> fetch.drain(new ArrayList<>(), 10));
        assertTrue(e.getMessage().contains("orders-2") || e.getMessage().contains("orders"), e.getMessage());
        assertTrue(e.getMessage().contains("CRC"), e.getMessage());
        assertEquals(0, buf.refCnt());
    }

    @Test
    void closingBeforeDrainedReleasesTheBuffer() {
        ByteBuf buf = KafkaBatches.toByteBuf(KafkaBatches.batch(0, Compression.gzip().build(),
                KafkaBatches.record(1L, "a", "0"), KafkaBatches.record(1L, "a", "1")));
        CompletedFetch fetch = fetch(buf, 0);
        fetch.drain(new ArrayList<>(), 1);
        fetch.close();
        assertEquals(0, buf.refCnt());
        assertTrue(fetch.isDrained());
    }
}
