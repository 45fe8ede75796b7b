package io.runnel.broker.txn;

import io.netty.buffer.ByteBuf;
import io.runnel.broker.coordinator.StateRecordCodec;
import io.runnel.broker.topic.TopicPartition;
import io.runnel.protocol.MalformedMessageException;
import io.runnel.protocol.types.WireReader;
import io.runnel.protocol.types.WireWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bytes of {@code __transaction_state}, Kafka's formats, so Kafka's tools read the topic:
 * <ul>
 *   <li>Key: TransactionLogKey version 0: {@code int16 version, string transactionalId} (int16-length UTF-8).</li>
 *   <li>Value: TransactionLogValue. Runnel writes version 1 (flexible, what Kafka writes once
 *       {@code transaction.version} is 1): {@code int16 version, int64 producerId, int16 producerEpoch,
 *       int32 timeoutMs, int8 state, partitions (compact nullable array of: compact string topic, compact int32
 *       array, tagged fields), int64 lastUpdateMs, int64 startMs, tagged fields}; tag 0 carries the previous
 *       producer id when there is one. Partitions are null in state Empty, grouped by topic otherwise. Version 0
 *       (the same fields, non-flexible, no tags) is read too.</li>
 * </ul>
 * A tombstone (null value) deletes the transactional id.
 */
final class TransactionLogCodec implements StateRecordCodec<TransactionLogRecord> {
    static final TransactionLogCodec INSTANCE = new TransactionLogCodec();

    private static final short KEY_VERSION = 0;
    private static final short VALUE_VERSION = 1;
    private static final int TAG_PREVIOUS_PRODUCER_ID = 0;

    private TransactionLogCodec() {
    }

    @Override
    public void writeKey(TransactionLogRecord record, ByteBuf out) {
        out.writeShort(KEY_VERSION);
        WireWriter.writeString(out, record.transactionalId());
    }

    @Override
    public boolean writeValue(TransactionLogRecord record, ByteBuf out) {
        TransactionLogValue value = record.value();
        if (value == null) {
            return false;
        }
        out.writeShort(VALUE_VERSION);
        out.writeLong(value.producerId());
        out.writeShort(value.producerEpoch());
        out.writeInt(value.timeoutMs());
        out.writeByte(value.state().id());
        if (value.state() == TransactionState.EMPTY) {
            WireWriter.writeCompactArrayLength(out, -1);
        } else {
            Map<String, List<Integer>> byTopic = new TreeMap<>();
            for (TopicPartition tp : value.partitions()) {
                byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
            }
            WireWriter.writeCompactArrayLength(out, byTopic.size());
            byTopic.forEach((topic, ids) -> {
                WireWriter.writeCompactString(out, topic);
                WireWriter.writeCompactArrayLength(out, ids.size());
                ids.forEach(out::writeInt);
                WireWriter.writeUnsignedVarint(out, 0);
            });
        }
        out.writeLong(value.lastUpdateMs());
        out.writeLong(value.startMs());
        if (value.previousProducerId() >= 0) {
            WireWriter.writeUnsignedVarint(out, 1);
            WireWriter.writeUnsignedVarint(out, TAG_PREVIOUS_PRODUCER_ID);
            WireWriter.writeUnsignedVarint(out, Long.BYTES);
            out.writeLong(value.previousProducerId());
        } else {
            WireWriter.writeUnsignedVarint(out, 0);
        }
        return true;
    }

    @Override
    public TransactionLogRecord read(ByteBuf key, ByteBuf value) {
        short keyVersion = WireReader.readInt16(key);
        if (keyVersion != KEY_VERSION) {
            throw new MalformedMessageException("unknown __transaction_state key version " + keyVersion);
        }
        String transactionalId = WireReader.readString(key);
        return new TransactionLogRecord(transactionalId, value == null ? null : readValue(value));
    }

    private static TransactionLogValue readValue(ByteBuf in) {
        short version = WireReader.readInt16(in);
        if (version != 0 && version != 1) {
            throw new MalformedMessageException("unknown __transaction_state value version " + version);
        }
        boolean flexible = version >= 1;
        long producerId = WireReader.readInt64(in);
        short epoch = WireReader.readInt16(in);
        int timeoutMs = WireReader.readInt32(in);
        TransactionState state = TransactionState.fromId(WireReader.readInt8(in));
        List<TopicPartition> partitions = new ArrayList<>();
        int topics = flexible ? WireReader.readCompactArrayLength(in, 2) : WireReader.readArrayLength(in, 6);
        for (int t = 0; t < topics; t++) {
            String topic = flexible ? WireReader.readCompactString(in) : WireReader.readString(in);
            int count = flexible ? WireReader.readCompactArrayLength(in, 4) : WireReader.readArrayLength(in, 4);
            for (int i = 0; i < count; i++) {
                partitions.add(new TopicPartition(topic, WireReader.readInt32(in)));
            }
            if (flexible) {
                skipTaggedFields(in);
            }
        }
        long lastUpdateMs = WireReader.readInt64(in);
        long startMs = WireReader.readInt64(in);
        long previousProducerId = -1;
        if (flexible) {
            int tagged = WireReader.readUnsignedVarint(in);
            for (int i = 0; i < tagged; i++) {
                int tag = WireReader.readUnsignedVarint(in);
                if (tag == TAG_PREVIOUS_PRODUCER_ID) {
                    WireReader.readUnsignedVarint(in);
                    previousProducerId = WireReader.readInt64(in);
                } else {
                    in.skipBytes(WireReader.readUnsignedVarint(in));
                }
            }
        }
        partitions.sort(TransactionLogCodec::compare);
        return new TransactionLogValue(producerId, previousProducerId, epoch, timeoutMs, state, partitions,
                lastUpdateMs, startMs);
    }

    private static void skipTaggedFields(ByteBuf in) {
        int count = WireReader.readUnsignedVarint(in);
        for (int i = 0; i < count; i++) {
            WireReader.skipTaggedField(in);
        }
    }

    static int compare(TopicPartition a, TopicPartition b) {
        int byTopic = a.topic().compareTo(b.topic());
        return byTopic != 0 ? byTopic : Integer.compare(a.partition(), b.partition());
    }
}
