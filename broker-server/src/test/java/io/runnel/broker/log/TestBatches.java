package io.runnel.broker.log;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.runnel.protocol.record.RecordBatch;
import io.runnel.protocol.record.RecordBatchBuilder;
import org.apache.kafka.common.record.internal.MemoryRecords;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds record batches for log tests and reads logs back through Kafka's own parser (the oracle). */
final class TestBatches {
    private TestBatches() {
    }

    /** One batch of {@code count} records "v-<tag>-<i>" padded to {@code valueSize} bytes, keys "k-<i>". */
    static ByteBuf batch(String tag, int count, int valueSize, long timestamp) {
        try (RecordBatchBuilder b = new RecordBatchBuilder(UnpooledByteBufAllocator.DEFAULT)) {
            for (int i = 0; i < count; i++) {
                b.append(timestamp, ("k-" + i).getBytes(StandardCharsets.UTF_8), value(tag + "-" + i, valueSize));
            }
            ByteBuf out = Unpooled.buffer();
            b.writeTo(out);
            return out;
        }
    }

    /** A batch of records whose values are "r<seq>" (padded) for seq = firstSeq.., so offset == seq in a dense log. */
    static ByteBuf seqBatch(long firstSeq, int count, int valueSize, long timestamp) {
        try (RecordBatchBuilder b = new RecordBatchBuilder(UnpooledByteBufAllocator.DEFAULT)) {
            for (int i = 0; i < count; i++) {
                b.append(timestamp + i, ("k" + (firstSeq + i)).getBytes(StandardCharsets.UTF_8),
                        value("r" + (firstSeq + i) + ";", valueSize));
            }
            ByteBuf out = Unpooled.buffer();
            b.writeTo(out);
            return out;
        }
    }

    /** The sequence number a seqBatch value carries. */
    static long seqOf(String value) {
        return Long.parseLong(value.substring(1, value.indexOf(';')));
    }

    /** One batch whose records have the given keys, values (null: tombstone) and timestamps. */
    static ByteBuf batch(String[] keys, String[] values, long[] timestamps) {
        try (RecordBatchBuilder b = new RecordBatchBuilder(UnpooledByteBufAllocator.DEFAULT)) {
            for (int i = 0; i < keys.length; i++) {
                b.append(timestamps[i], keys[i] == null ? null : keys[i].getBytes(StandardCharsets.UTF_8),
                        values[i] == null ? null : values[i].getBytes(StandardCharsets.UTF_8));
            }
            ByteBuf out = Unpooled.buffer();
            b.writeTo(out);
            return out;
        }
    }

    static byte[] value(String text, int size) {
        byte[] head = text.getBytes(StandardCharsets.UTF_8);
        byte[] v = new byte[Math.max(size, head.length)];
        System.arraycopy(head, 0, v, 0, head.length);
        for (int i = head.length; i < v.length; i++) {
            v[i] = (byte) ('a' + i % 26);
        }
        return v;
    }

    /** Appends and releases the buffer. */
    static AppendResult append(PartitionLog log, ByteBuf batch) {
        try {
            return log.append(batch);
        } finally {
            batch.release();
        }
    }

    /** A record as Kafka's parser saw it. */
    record Rec(long offset, long timestamp, String key, String value, long batchBase, long batchLast) {
    }

    /** Copies a slice out and parses it with kafka-clients: every batch must pass Kafka's CRC check. */
    static List<Rec> parse(LogSlice slice) {
        ByteBuf buf = Unpooled.buffer(slice.length());
        try {
            slice.readInto(buf);
            return parse(buf);
        } finally {
            buf.release();
            slice.release();
        }
    }

    static List<Rec> parse(ByteBuf buf) {
        ByteBuffer nio = ByteBuffer.allocate(buf.readableBytes());
        buf.getBytes(buf.readerIndex(), nio);
        nio.flip();
        MemoryRecords records = MemoryRecords.readableRecords(nio);
        List<Rec> out = new ArrayList<>();
        for (var batch : records.batches()) {
            batch.ensureValid();
            for (var r : batch) {
                out.add(new Rec(r.offset(), r.timestamp(), r.hasKey() ? utf8(r.key()) : null,
                        r.hasValue() ? utf8(r.value()) : null, batch.baseOffset(), batch.lastOffset()));
            }
        }
        return out;
    }

    private static String utf8(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return new String(a, StandardCharsets.UTF_8);
    }

    /** Reads the whole log from its start, every batch, through the public read path. */
    static List<Rec> readAll(PartitionLog log) {
        List<Rec> all = new ArrayList<>();
        long offset = log.logStartOffset();
        while (offset < log.logEndOffset()) {
            List<Rec> got = parse(log.read(offset, 64 * 1024, true));
            if (got.isEmpty()) {
                throw new AssertionError("read at " + offset + " returned nothing before the log end "
                        + log.logEndOffset());
            }
            for (Rec r : got) {
                if (r.offset() >= offset) {
                    all.add(r);
                }
            }
            offset = got.get(got.size() - 1).batchLast() + 1;
        }
        return all;
    }

    static int sizeOf(ByteBuf batch) {
        return RecordBatch.sizeAt(batch, batch.readerIndex());
    }
}
