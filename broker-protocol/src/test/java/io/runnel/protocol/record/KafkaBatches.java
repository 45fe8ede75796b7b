package io.runnel.protocol.record;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Test helper (shared through the test-jar): builds record batches with Apache Kafka's own kafka-clients
 * {@code MemoryRecords} builders, the oracle for Runnel's record format, and moves them between NIO and Netty.
 */
public final class KafkaBatches {
    private KafkaBatches() {
    }

    /** A record with UTF-8 key and value (either may be null) and optional headers ("name", "value" pairs). */
    public static SimpleRecord record(long timestamp, String key, String value, String... headerPairs) {
        Header[] headers = new Header[headerPairs.length / 2];
        for (int i = 0; i < headers.length; i++) {
            String headerValue = headerPairs[2 * i + 1];
            headers[i] = new RecordHeader(headerPairs[2 * i],
                    headerValue == null ? null : headerValue.getBytes(StandardCharsets.UTF_8));
        }
        return new SimpleRecord(timestamp, key == null ? null : utf8(key), value == null ? null : utf8(value),
                headers);
    }

    public static Compression none() {
        return Compression.NONE;
    }

    public static Compression gzip() {
        return Compression.gzip().build();
    }

    /** One batch with CreateTime, no producer id, at base offset {@code baseOffset}. */
    public static MemoryRecords batch(long baseOffset, Compression compression, SimpleRecord... records) {
        return MemoryRecords.withRecords(baseOffset, compression, records);
    }

    /** One batch from an idempotent producer. */
    public static MemoryRecords idempotentBatch(long baseOffset, Compression compression, long producerId,
                                                short producerEpoch, int baseSequence, SimpleRecord... records) {
        return build(baseOffset, compression, TimestampType.CREATE_TIME, RecordBatch.NO_TIMESTAMP, producerId,
                producerEpoch, baseSequence, RecordBatch.NO_PARTITION_LEADER_EPOCH, records);
    }

    /** One batch with LogAppendTime: every record's timestamp becomes {@code logAppendTime}. */
    public static MemoryRecords logAppendTimeBatch(long baseOffset, Compression compression, long logAppendTime,
                                                   SimpleRecord... records) {
        return build(baseOffset, compression, TimestampType.LOG_APPEND_TIME, logAppendTime,
                RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH, RecordBatch.NO_SEQUENCE,
                RecordBatch.NO_PARTITION_LEADER_EPOCH, records);
    }

    /** Any v2 batch, through MemoryRecords.builder. */
    public static MemoryRecords build(long baseOffset, Compression compression, TimestampType timestampType,
                                      long logAppendTime, long producerId, short producerEpoch, int baseSequence,
                                      int partitionLeaderEpoch, SimpleRecord... records) {
        ByteBuffer out = ByteBuffer.allocate(1024);
        MemoryRecordsBuilder builder = MemoryRecords.builder(out, RecordBatch.MAGIC_VALUE_V2, compression,
                timestampType, baseOffset, logAppendTime, producerId, producerEpoch, baseSequence, false,
                partitionLeaderEpoch);
        for (SimpleRecord record : records) {
            builder.append(record);
        }
        return builder.build();
    }

    /** Several batches back to back in one buffer, as in a Produce partition's records or a log segment. */
    public static MemoryRecords concat(MemoryRecords... parts) {
        int size = 0;
        for (MemoryRecords part : parts) {
            size += part.sizeInBytes();
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        for (MemoryRecords part : parts) {
            out.put(part.buffer().duplicate());
        }
        out.flip();
        return MemoryRecords.readableRecords(out);
    }

    /** A heap ByteBuf holding a copy of the records' bytes (caller releases it). */
    public static ByteBuf toByteBuf(MemoryRecords records) {
        ByteBuffer bytes = records.buffer().duplicate();
        ByteBuf buf = Unpooled.buffer(bytes.remaining());
        buf.writeBytes(bytes);
        return buf;
    }

    /** A direct ByteBuf holding a copy of the records' bytes (caller releases it). */
    public static ByteBuf toDirectByteBuf(MemoryRecords records) {
        ByteBuffer bytes = records.buffer().duplicate();
        ByteBuf buf = Unpooled.directBuffer(bytes.remaining());
        buf.writeBytes(bytes);
        return buf;
    }

    /** kafka-clients' view of the readable bytes of {@code buf} (copied, so {@code buf} may be released). */
    public static MemoryRecords toMemoryRecords(ByteBuf buf) {
        ByteBuffer copy = ByteBuffer.allocate(buf.readableBytes());
        buf.getBytes(buf.readerIndex(), copy);
        copy.flip();
        return MemoryRecords.readableRecords(copy);
    }

    public static ByteBuffer utf8(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }
}
