package io.runnel.broker.fetch;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.runnel.broker.log.AppendResult;
import io.runnel.broker.log.PartitionLog;
import io.runnel.broker.testing.RawConnection;
import io.runnel.protocol.record.RecordBatchBuilder;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Message;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.ListOffsetsResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.RequestUtils;
import org.apache.kafka.common.requests.ResponseHeader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Record batches for fetch tests, and Fetch / ListOffsets on the wire encoded and parsed by kafka-clients. */
final class FetchTestSupport {
    private FetchTestSupport() {
    }

    /** One batch of {@code count} records with values "prefix-i" padded to {@code valueSize}, timestamps ts+i. */
    static ByteBuf batch(String prefix, int count, int valueSize, long firstTimestamp) {
        try (RecordBatchBuilder b = new RecordBatchBuilder(UnpooledByteBufAllocator.DEFAULT)) {
            for (int i = 0; i < count; i++) {
                b.append(firstTimestamp + i, ("k" + i).getBytes(StandardCharsets.UTF_8),
                        value(prefix + "-" + i, valueSize));
            }
            ByteBuf out = Unpooled.buffer();
            b.writeTo(out);
            return out;
        }
    }

    /** Appends one such batch to {@code log} and releases the buffer. */
    static AppendResult append(PartitionLog log, String prefix, int count, int valueSize, long firstTimestamp) {
        ByteBuf batch = batch(prefix, count, valueSize, firstTimestamp);
        try {
            return log.append(batch);
        } finally {
            batch.release();
        }
    }

    static byte[] value(String text, int size) {
        byte[] head = text.getBytes(StandardCharsets.UTF_8);
        byte[] v = new byte[Math.max(size, head.length)];
        System.arraycopy(head, 0, v, 0, head.length);
        for (int i = head.length; i < v.length; i++) {
            v[i] = '.';
        }
        return v;
    }

    /** A record's value without the padding. */
    static String text(Record record) {
        byte[] bytes = new byte[record.valueSize()];
        record.value().get(bytes);
        String s = new String(bytes, StandardCharsets.UTF_8);
        int pad = s.indexOf('.');
        return pad < 0 ? s : s.substring(0, pad);
    }

    /** Offsets and values ("offset:value") of every record in {@code records}, batches whole. */
    static List<String> offsetsAndValues(MemoryRecords records) {
        List<String> out = new ArrayList<>();
        for (Record r : records.records()) {
            out.add(r.offset() + ":" + text(r));
        }
        return out;
    }

    /** A request frame (size prefix included) with {@code data} at {@code version}, encoded by kafka-clients. */
    static byte[] frame(ApiKeys api, short version, Message data, int correlationId) {
        RequestHeader header = new RequestHeader(api, version, "fetch-test", correlationId);
        ByteBuffer payload = RequestUtils.serialize(header.data(), header.headerVersion(), data, version);
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        return RawConnection.withSize(bytes);
    }

    /** Reads one response frame and checks the header; the body is what remains. */
    static ByteBuffer readBody(RawConnection conn, ApiKeys api, short version, int correlationId)
            throws IOException {
        ByteBuffer payload = conn.readFrame();
        int got = ResponseHeader.parse(payload, api.responseHeaderVersion(version)).correlationId();
        if (got != correlationId) {
            throw new AssertionError("expected correlation id " + correlationId + " but got " + got);
        }
        return payload;
    }

    /** Sends a Fetch and parses the answer with kafka-clients, checking that nothing is left over. */
    static FetchResponseData fetch(RawConnection conn, short version, FetchRequestData request, int correlationId)
            throws IOException {
        conn.write(frame(ApiKeys.FETCH, version, request, correlationId));
        return readFetch(conn, version, correlationId);
    }

    static FetchResponseData readFetch(RawConnection conn, short version, int correlationId) throws IOException {
        ByteBuffer body = readBody(conn, ApiKeys.FETCH, version, correlationId);
        FetchResponseData data = FetchResponse.parse(new ByteBufferAccessor(body), version).data();
        if (body.hasRemaining()) {
            throw new AssertionError(body.remaining() + " bytes left after the Fetch v" + version + " body");
        }
        return data;
    }

    static ListOffsetsResponseData listOffsets(RawConnection conn, short version, ListOffsetsRequestData request,
                                               int correlationId) throws IOException {
        conn.write(frame(ApiKeys.LIST_OFFSETS, version, request, correlationId));
        ByteBuffer body = readBody(conn, ApiKeys.LIST_OFFSETS, version, correlationId);
        ListOffsetsResponseData data = ListOffsetsResponse.parse(new ByteBufferAccessor(body), version).data();
        if (body.hasRemaining()) {
            throw new AssertionError(body.remaining() + " bytes left after the ListOffsets v" + version + " body");
        }
        return data;
    }

    /** A consumer's fetch of one partition, by name (v4-12) and id (v13+). */
    static FetchRequestData fetchOne(String topic, org.apache.kafka.common.Uuid topicId, int partition, long offset,
                                     int partitionMaxBytes, int maxWaitMs, int minBytes) {
        FetchRequestData data = new FetchRequestData().setReplicaId(-1).setMaxWaitMs(maxWaitMs).setMinBytes(minBytes)
                .setMaxBytes(50 * 1024 * 1024).setIsolationLevel((byte) 0).setSessionId(0).setSessionEpoch(-1);
        data.topics().add(new FetchRequestData.FetchTopic().setTopic(topic).setTopicId(topicId)
                .setPartitions(new ArrayList<>(List.of(new FetchRequestData.FetchPartition().setPartition(partition)
                        .setFetchOffset(offset).setPartitionMaxBytes(partitionMaxBytes)))));
        return data;
    }

    /** The records of the only partition of the only topic. */
    static FetchResponseData.PartitionData only(FetchResponseData response) {
        if (response.responses().size() != 1 || response.responses().get(0).partitions().size() != 1) {
            throw new AssertionError("expected one topic with one partition: " + response);
        }
        return response.responses().get(0).partitions().get(0);
    }

    static MemoryRecords records(FetchResponseData.PartitionData partition) {
        return (MemoryRecords) partition.records();
    }
}
