package io.runnel.broker.api;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.runnel.broker.log.LogSlice;
import io.runnel.broker.log.PartitionLog;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds Produce requests with kafka-clients (the oracle) and reads partition logs back through its parser. */
final class ProduceSupport {
    private ProduceSupport() {
    }

    /** A record as kafka-clients parses it from the log. */
    record Stored(long offset, long timestamp, String key, String value, List<String> headers, long producerId,
                  int baseSequence) {
    }

    static SimpleRecord record(long timestamp, String key, String value) {
        return new SimpleRecord(timestamp, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /** One uncompressed batch of records "k<i>" = "v<i>" with timestamp {@code ts}. */
    static MemoryRecords batch(long ts, int count, String tag) {
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = record(ts, "k" + i, tag + i);
        }
        return MemoryRecords.withRecords(Compression.NONE, records);
    }

    static MemoryRecords idempotent(long producerId, int epoch, int firstSequence, int count, String tag) {
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = record(System.currentTimeMillis(), null, tag + (firstSequence + i));
        }
        return MemoryRecords.withIdempotentRecords(Compression.NONE, producerId, (short) epoch, firstSequence,
                records);
    }

    /** A copy of {@code records} after {@code forge} changed its bytes, with the CRC made right again if asked. */
    static MemoryRecords forged(MemoryRecords records, boolean fixCrc, java.util.function.Consumer<ByteBuffer> forge) {
        ByteBuffer copy = ByteBuffer.allocate(records.sizeInBytes());
        copy.put(records.buffer().duplicate()).flip();
        forge.accept(copy);
        if (fixCrc) {
            ByteBuf buf = Unpooled.wrappedBuffer(copy.duplicate());
            new io.runnel.protocol.record.RecordBatch().wrap(buf, 0).updateCrc();
        }
        return MemoryRecords.readableRecords(copy);
    }

    static MemoryRecords concat(MemoryRecords... parts) {
        int size = 0;
        for (MemoryRecords p : parts) {
            size += p.sizeInBytes();
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        for (MemoryRecords p : parts) {
            all.put(p.buffer().duplicate());
        }
        return MemoryRecords.readableRecords(all.flip());
    }

    /** One partition's data for a request. */
    record Part(String topic, int partition, MemoryRecords records) {
    }

    static ProduceRequest request(int version, int acks, String transactionalId, Part... parts) {
        ProduceRequestData data = new ProduceRequestData().setAcks((short) acks).setTimeoutMs(30_000)
                .setTransactionalId(transactionalId);
        for (Part part : parts) {
            ProduceRequestData.TopicProduceData topic = data.topicData().find(part.topic(), org.apache.kafka.common.Uuid.ZERO_UUID);
            if (topic == null) {
                topic = new ProduceRequestData.TopicProduceData().setName(part.topic());
                data.topicData().add(topic);
            }
            topic.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(part.partition())
                    .setRecords(part.records()));
        }
        return new ProduceRequest(data, (short) version);
    }

    static ProduceRequest request(int version, int acks, String topic, int partition, MemoryRecords records) {
        return request(version, acks, null, new Part(topic, partition, records));
    }

    /** The one partition of a one-partition response. */
    static ProduceResponseData.PartitionProduceResponse only(ProduceResponse response) {
        List<ProduceResponseData.PartitionProduceResponse> all = all(response);
        if (all.size() != 1) {
            throw new AssertionError("expected one partition in " + response.data());
        }
        return all.get(0);
    }

    static List<ProduceResponseData.PartitionProduceResponse> all(ProduceResponse response) {
        List<ProduceResponseData.PartitionProduceResponse> all = new ArrayList<>();
        for (ProduceResponseData.TopicProduceResponse t : response.data().responses()) {
            all.addAll(t.partitionResponses());
        }
        return all;
    }

    /** Every record of the log, parsed by kafka-clients (which checks every batch's CRC). */
    static List<Stored> readLog(PartitionLog log) {
        List<Stored> out = new ArrayList<>();
        long offset = log.logStartOffset();
        while (offset < log.logEndOffset()) {
            LogSlice slice = log.read(offset, 1 << 20, true);
            ByteBuf buf = Unpooled.buffer(slice.length());
            try {
                slice.readInto(buf);
                ByteBuffer nio = ByteBuffer.allocate(buf.readableBytes());
                buf.getBytes(buf.readerIndex(), nio);
                long last = offset;
                for (MutableRecordBatch batch : MemoryRecords.readableRecords(nio.flip()).batches()) {
                    batch.ensureValid();
                    for (Record r : batch) {
                        List<String> headers = new ArrayList<>();
                        for (Header h : r.headers()) {
                            headers.add(h.key() + "=" + new String(h.value(), StandardCharsets.UTF_8));
                        }
                        out.add(new Stored(r.offset(), r.timestamp(), utf8(r.key()), utf8(r.value()), headers,
                                batch.producerId(), batch.baseSequence()));
                    }
                    last = batch.lastOffset();
                }
                offset = last + 1;
            } finally {
                buf.release();
                slice.release();
            }
        }
        return out;
    }

    static List<String> values(PartitionLog log) {
        return readLog(log).stream().map(Stored::value).toList();
    }

    private static String utf8(ByteBuffer b) {
        if (b == null) {
            return null;
        }
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return new String(a, StandardCharsets.UTF_8);
    }
}
