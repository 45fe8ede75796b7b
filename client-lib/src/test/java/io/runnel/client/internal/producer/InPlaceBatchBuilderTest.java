package io.runnel.client.internal.producer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.runnel.client.CompressionType;
import io.runnel.client.Header;
import io.runnel.client.internal.compression.Codecs;
import io.runnel.protocol.record.RecordBatchValidator;
import io.runnel.protocol.record.compression.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InPlaceBatchBuilderTest {
    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;
    private final List<ByteBuf> toRelease = new ArrayList<>();

    @AfterEach
    void release() {
        toRelease.forEach(ByteBuf::release);
    }

    private InPlaceBatchBuilder builder(int capacity) {
        ByteBuf buffer = ALLOC.heapBuffer(capacity, capacity);
        toRelease.add(buffer);
        return new InPlaceBatchBuilder(buffer);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Three records with every shape a record can have: keys, null key, null value, headers with a null value. */
    private static void appendSample(InPlaceBatchBuilder builder) {
        assertTrue(builder.tryAppend(1_700_000_000_000L, utf8("k1"), utf8("v1"), List.of()));
        assertTrue(builder.tryAppend(1_700_000_000_250L, null, utf8("v2"),
                List.of(Header.of("h", "x"), Header.of("ünï", (byte[]) null))));
        assertTrue(builder.tryAppend(1_699_999_999_900L, utf8("k3"), null, List.of()));
    }

    private static MutableRecordBatch kafkaBatch(ByteBuf wire) {
        byte[] bytes = new byte[wire.readableBytes()];
        wire.getBytes(wire.readerIndex(), bytes);
        Iterator<MutableRecordBatch> batches = MemoryRecords.readableRecords(ByteBuffer.wrap(bytes)).batches().iterator();
        MutableRecordBatch batch = batches.next();
        assertFalse(batches.hasNext(), "exactly one batch");
        batch.ensureValid(); // Kafka's own CRC and size check
        return batch;
    }

    private static void assertSample(MutableRecordBatch batch, byte compressionId) {
        assertEquals(2, batch.magic());
        assertEquals(compressionId, batch.compressionType().id);
        assertEquals(0, batch.baseOffset());
        assertEquals(2, batch.lastOffset());
        assertEquals(3, batch.countOrNull());
        assertEquals(1_700_000_000_250L, batch.maxTimestamp());
        List<Record> records = new ArrayList<>();
        batch.forEach(records::add);
        assertEquals(3, records.size());
        assertEquals("k1", StandardCharsets.UTF_8.decode(records.get(0).key()).toString());
        assertEquals("v1", StandardCharsets.UTF_8.decode(records.get(0).value()).toString());
        assertEquals(1_700_000_000_000L, records.get(0).timestamp());
        assertEquals(0, records.get(0).headers().length);
        assertNull(records.get(1).key());
        assertEquals(1, records.get(1).offset());
        assertEquals(1_700_000_000_250L, records.get(1).timestamp());
        assertEquals("h", records.get(1).headers()[0].key());
        assertArrayEquals(utf8("x"), records.get(1).headers()[0].value());
        assertEquals("ünï", records.get(1).headers()[1].key());
        assertNull(records.get(1).headers()[1].value());
        assertNull(records.get(2).value());
        assertEquals(1_699_999_999_900L, records.get(2).timestamp(), "a timestamp before the base is a negative delta");
    }

    @Test
    void uncompressedBatchDecodesWithKafkasMemoryRecordsAndPassesRunnelsValidator() {
        InPlaceBatchBuilder builder = builder(1024);
        appendSample(builder);
        builder.seal(Compression.none(), ALLOC);
        builder.stamp(4242L, (short) 3, 17);
        MutableRecordBatch batch = kafkaBatch(builder.wire());
        assertSample(batch, (byte) 0);
        assertEquals(4242L, batch.producerId());
        assertEquals(3, batch.producerEpoch());
        assertEquals(17, batch.baseSequence());
        assertEquals(19, batch.lastSequence());
        assertEquals(1, new RecordBatchValidator().validate(builder.wire()));
        assertTrue(builder.wire() == builder.buffer(), "built in place");
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void everyCodecsBatchDecodesWithKafkasMemoryRecords(CompressionType type) {
        InPlaceBatchBuilder builder = builder(1024);
        appendSample(builder);
        builder.seal(Codecs.of(type), ALLOC);
        builder.stamp(7L, (short) 0, 0);
        assertSample(kafkaBatch(builder.wire()), (byte) type.id());
        assertEquals(1, new RecordBatchValidator().validate(builder.wire()));
        builder.release();
    }

    @Test
    void restampingForARetryKeepsTheCrcValid() {
        InPlaceBatchBuilder builder = builder(512);
        appendSample(builder);
        builder.seal(Compression.none(), ALLOC);
        builder.stamp(1L, (short) 0, 0);
        builder.stamp(1L, (short) 1, 40);
        MutableRecordBatch batch = kafkaBatch(builder.wire());
        assertEquals(1, batch.producerEpoch());
        assertEquals(40, batch.baseSequence());
    }

    @Test
    void refusesARecordThatDoesNotFitAndKeepsWhatItHas() {
        InPlaceBatchBuilder builder = builder(61 + 40);
        byte[] value = new byte[20];
        Arrays.fill(value, (byte) 'a');
        assertTrue(builder.tryAppend(5L, null, value, List.of()));
        int size = builder.sizeInBytes();
        assertFalse(builder.tryAppend(5L, null, value, List.of()));
        assertEquals(size, builder.sizeInBytes(), "nothing written for the refused record");
        assertEquals(1, builder.recordCount());
        builder.seal(Compression.none(), ALLOC);
        assertEquals(1, kafkaBatch(builder.wire()).countOrNull());
    }

    @Test
    void batchSizeForOneRecordIsEnoughForThatRecord() {
        byte[] value = new byte[300];
        List<Header> headers = List.of(Header.of("a", "b"));
        int size = InPlaceBatchBuilder.batchSizeFor(utf8("key"), value, headers);
        InPlaceBatchBuilder builder = builder(size);
        assertTrue(builder.tryAppend(System.currentTimeMillis(), utf8("key"), value, headers));
    }

    @Test
    void incompressibleDataLargerThanTheBufferMovesToItsOwnWireBuffer() {
        byte[] random = new byte[200];
        new java.util.Random(1).nextBytes(random);
        InPlaceBatchBuilder builder = builder(InPlaceBatchBuilder.batchSizeFor(null, random, List.of()));
        assertTrue(builder.tryAppend(1L, null, random, List.of()));
        builder.seal(Compression.gzip(), ALLOC);
        builder.stamp(-1L, (short) -1, -1);
        assertFalse(builder.wire() == builder.buffer(), "gzip grew random bytes beyond the buffer");
        MutableRecordBatch batch = kafkaBatch(builder.wire());
        Record record = batch.iterator().next();
        byte[] read = new byte[record.valueSize()];
        record.value().get(read);
        assertArrayEquals(random, read);
        builder.release();
    }

    @Test
    void sealingTwiceOrAnEmptyBatchOrAppendingAfterSealIsRefused() {
        InPlaceBatchBuilder empty = builder(128);
        assertThrows(IllegalStateException.class, () -> empty.seal(Compression.none(), ALLOC));
        InPlaceBatchBuilder one = builder(128);
        one.tryAppend(1L, null, null, List.of());
        one.seal(Compression.none(), ALLOC);
        assertThrows(IllegalStateException.class, () -> one.seal(Compression.none(), ALLOC));
        assertThrows(IllegalStateException.class, () -> one.tryAppend(1L, null, null, List.of()));
    }
}
