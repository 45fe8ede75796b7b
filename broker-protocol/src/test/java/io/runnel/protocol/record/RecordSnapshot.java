package io.runnel.protocol.record;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Test helper (shared through the test-jar): one record's content as plain values, so records read by Runnel and
 * by kafka-clients can be compared with equals. Byte fields are hex strings, null stays null.
 */
public record RecordSnapshot(long offset, long timestamp, String key, String value, List<String> headers) {

    /** Every record of every batch, as kafka-clients reads them. */
    public static List<RecordSnapshot> fromKafka(MemoryRecords records) {
        List<RecordSnapshot> out = new ArrayList<>();
        for (MutableRecordBatch batch : records.batches()) {
            for (Record r : batch) {
                List<String> headers = new ArrayList<>();
                for (Header h : r.headers()) {
                    headers.add(h.key() + "=" + (h.value() == null ? "null" : HexFormat.of().formatHex(h.value())));
                }
                out.add(new RecordSnapshot(r.offset(), r.timestamp(), hex(r.key()), hex(r.value()), headers));
            }
        }
        return out;
    }

    /** Every record of every batch in the readable bytes of {@code buf}, as Runnel's RecordReader reads them. */
    public static List<RecordSnapshot> fromRunnel(ByteBuf buf) {
        return fromRunnel(buf, ByteBufAllocator.DEFAULT);
    }

    /** As {@link #fromRunnel(ByteBuf)}, decompressing into buffers from {@code allocator}. */
    public static List<RecordSnapshot> fromRunnel(ByteBuf buf, ByteBufAllocator allocator) {
        List<RecordSnapshot> out = new ArrayList<>();
        RecordBatch batch = new RecordBatch();
        try (RecordReader reader = new RecordReader(allocator, RecordReader.DEFAULT_MAX_DECOMPRESSED_BYTES)) {
            for (int index = buf.readerIndex(); index < buf.writerIndex(); index += batch.sizeInBytes()) {
                reader.reset(batch.wrap(buf, index));
                while (reader.hasNext()) {
                    RecordView r = reader.next();
                    List<String> headers = new ArrayList<>();
                    for (int i = 0; i < r.headerCount(); i++) {
                        headers.add(r.headerKey(i) + "=" + (r.headerValue(i) == null ? "null"
                                : ByteBufUtil.hexDump(r.headerValue(i))));
                    }
                    out.add(new RecordSnapshot(r.offset(), r.timestamp(), hex(r.key()), hex(r.value()), headers));
                }
            }
        }
        return out;
    }

    private static String hex(ByteBuffer b) {
        if (b == null) {
            return null;
        }
        byte[] bytes = new byte[b.remaining()];
        b.duplicate().get(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String hex(ByteBuf b) {
        return b == null ? null : ByteBufUtil.hexDump(b);
    }
}
