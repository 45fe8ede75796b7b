package io.runnel.client.internal.compression;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.runnel.client.CompressionType;
import io.runnel.protocol.record.RecordBatch;
import io.runnel.protocol.record.RecordBatchBuilder;
import io.runnel.protocol.record.RecordHeader;
import io.runnel.protocol.record.RecordReader;
import io.runnel.protocol.record.RecordView;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every codec against Kafka's own client as the oracle: batches our codecs compress decode with kafka-clients'
 * MemoryRecords, and batches kafka-clients compresses decode with our RecordReader and codecs.
 */
class KafkaCodecCompatibilityTest {
    private static final long BASE_TIMESTAMP = 1_700_000_000_000L;
    /** Enough data for several 64 KiB lz4 blocks and 32 KiB snappy blocks, part of it incompressible. */
    private static final int RECORDS = 300;

    private record Sample(long timestamp, byte[] key, byte[] value, String headerKey, byte[] headerValue) {
    }

    private static List<Sample> samples() {
        Random random = new Random(42);
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            byte[] value;
            if (i % 3 == 0) {
                value = new byte[1000];
                random.nextBytes(value);
            } else {
                value = ("value " + i + " ").repeat(40).getBytes(StandardCharsets.UTF_8);
            }
            byte[] key = i % 7 == 0 ? null : ("key-" + i).getBytes(StandardCharsets.UTF_8);
            String headerKey = i % 5 == 0 ? "h" + i : null;
            samples.add(new Sample(BASE_TIMESTAMP + i, key, i % 11 == 0 ? null : value, headerKey,
                    headerKey == null ? null : new byte[]{(byte) i}));
        }
        return samples;
    }

    private static Compression kafkaCodec(CompressionType type) {
        return switch (type) {
            case NONE -> Compression.NONE;
            case GZIP -> Compression.gzip().build();
            case SNAPPY -> Compression.snappy().build();
            case LZ4 -> Compression.lz4().build();
            case ZSTD -> Compression.zstd().build();
        };
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void batchesWeCompressDecodeWithKafkaClients(CompressionType type) {
        List<Sample> samples = samples();
        ByteBuf out = Unpooled.buffer();
        try (RecordBatchBuilder builder = new RecordBatchBuilder(PooledByteBufAllocator.DEFAULT)) {
            builder.compression(Codecs.of(type));
            for (Sample s : samples) {
                RecordHeader[] headers = s.headerKey() == null ? new RecordHeader[0]
                        : new RecordHeader[]{new RecordHeader(s.headerKey(), s.headerValue())};
                builder.append(s.timestamp(), s.key(), s.value(), headers);
            }
            builder.writeTo(out);
        }
        int uncompressedEstimate = samples.size() * 700;
        if (type != CompressionType.NONE) {
            assertTrue(out.readableBytes() < uncompressedEstimate, type + " did not compress: "
                    + out.readableBytes() + " bytes");
        }
        MemoryRecords records = MemoryRecords.readableRecords(ByteBuffer.wrap(ByteBufUtil.getBytes(out)));
        int batches = 0;
        for (org.apache.kafka.common.record.internal.RecordBatch batch : records.batches()) {
            batches++;
            batch.ensureValid();
            assertEquals(type.id(), batch.compressionType().id);
            Iterator<Sample> expected = samples.iterator();
            for (Record record : batch) {
                assertRecord(expected.next(), record);
            }
            assertFalse(expected.hasNext(), "kafka-clients read fewer records than written");
        }
        assertEquals(1, batches);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void batchesKafkaClientsCompressDecodeWithOurReader(CompressionType type) {
        List<Sample> samples = samples();
        SimpleRecord[] kafkaRecords = new SimpleRecord[samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            Header[] headers = s.headerKey() == null ? new Header[0] : new Header[]{
                    new org.apache.kafka.common.header.internals.RecordHeader(s.headerKey(), s.headerValue())};
            kafkaRecords[i] = new SimpleRecord(s.timestamp(), s.key(), s.value(), headers);
        }
        MemoryRecords written = MemoryRecords.withRecords(kafkaCodec(type), kafkaRecords);
        ByteBuf buf = Unpooled.wrappedBuffer(written.buffer());
        RecordBatch batch = new RecordBatch().wrap(buf, 0);
        assertEquals(type.id(), batch.compressionId());
        try (RecordReader reader = new RecordReader(PooledByteBufAllocator.DEFAULT, 64 * 1024 * 1024,
                Codecs::forId)) {
            reader.reset(batch);
            for (Sample expected : samples) {
                assertTrue(reader.hasNext());
                assertRecord(expected, reader.next());
            }
            assertFalse(reader.hasNext());
        }
    }

    private static void assertRecord(Sample expected, Record actual) {
        assertEquals(expected.timestamp(), actual.timestamp());
        assertArrayEquals(expected.key(), bytes(actual.key()));
        assertArrayEquals(expected.value(), bytes(actual.value()));
        if (expected.headerKey() == null) {
            assertEquals(0, actual.headers().length);
        } else {
            assertEquals(expected.headerKey(), actual.headers()[0].key());
            assertArrayEquals(expected.headerValue(), actual.headers()[0].value());
        }
    }

    private static void assertRecord(Sample expected, RecordView actual) {
        assertEquals(expected.timestamp(), actual.timestamp());
        assertArrayEquals(expected.key(), actual.key() == null ? null : ByteBufUtil.getBytes(actual.key()));
        assertArrayEquals(expected.value(), actual.value() == null ? null : ByteBufUtil.getBytes(actual.value()));
        if (expected.headerKey() == null) {
            assertEquals(0, actual.headerCount());
        } else {
            assertEquals(expected.headerKey(), actual.headerKey(0));
            assertArrayEquals(expected.headerValue(), ByteBufUtil.getBytes(actual.headerValue(0)));
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    @org.junit.jupiter.api.Test
    void unknownIdIsRejected() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Codecs.forId(5));
        assertTrue(e.getMessage().contains("id 5"), e.getMessage());
    }
}
