package io.runnel.broker.group.store;

import io.netty.buffer.ByteBuf;
import io.runnel.broker.coordinator.StateRecordCodec;
import io.runnel.broker.coordinator.StateTopic;
import io.runnel.broker.group.classic.StoredGroup;
import io.runnel.broker.group.consumer.StoredConsumerGroup;
import io.runnel.broker.group.store.OffsetsTopicRecord.ClassicGroupRecord;
import io.runnel.broker.group.store.OffsetsTopicRecord.CommittedOffsetRecord;
import io.runnel.broker.group.store.OffsetsTopicRecord.ConsumerGroupRecord;
import io.runnel.broker.group.store.OffsetsTopicRecord.GroupTombstone;
import io.runnel.protocol.MalformedMessageException;

/**
 * {@link OffsetsTopicRecord}s as the bytes of {@code __consumer_offsets} ({@link OffsetsTopicRecords} holds the
 * formats): what the group coordinator plugs into its {@link StateTopic}.
 */
final class OffsetsTopicCodec implements StateRecordCodec<OffsetsTopicRecord> {
    static final OffsetsTopicCodec INSTANCE = new OffsetsTopicCodec();

    private OffsetsTopicCodec() {
    }

    @Override
    public void writeKey(OffsetsTopicRecord record, ByteBuf out) {
        if (record instanceof CommittedOffsetRecord offset) {
            OffsetsTopicRecords.writeOffsetKey(out, offset.groupId(), offset.partition());
        } else {
            OffsetsTopicRecords.writeGroupKey(out, record.groupId());
        }
    }

    @Override
    public boolean writeValue(OffsetsTopicRecord record, ByteBuf out) {
        if (record instanceof CommittedOffsetRecord offset) {
            if (offset.offset() == null) {
                return false;
            }
            OffsetsTopicRecords.writeOffsetValue(out, offset.offset());
        } else if (record instanceof ClassicGroupRecord classic) {
            OffsetsTopicRecords.writeClassicGroupValue(out, classic.group());
        } else if (record instanceof ConsumerGroupRecord consumer) {
            OffsetsTopicRecords.writeConsumerGroupValue(out, consumer.group());
        } else {
            return false;
        }
        return true;
    }

    @Override
    public OffsetsTopicRecord read(ByteBuf key, ByteBuf value) {
        OffsetsTopicRecords.Key decoded = OffsetsTopicRecords.readKey(key);
        if (decoded.isOffset()) {
            return new CommittedOffsetRecord(decoded.groupId(), decoded.partition(),
                    value == null ? null : OffsetsTopicRecords.readOffsetValue(value));
        }
        if (value == null) {
            return new GroupTombstone(decoded.groupId());
        }
        Object group = OffsetsTopicRecords.readGroupValue(decoded.groupId(), value);
        if (group instanceof StoredGroup classic) {
            return new ClassicGroupRecord(decoded.groupId(), classic);
        }
        if (group instanceof StoredConsumerGroup consumer) {
            return new ConsumerGroupRecord(decoded.groupId(), consumer);
        }
        throw new MalformedMessageException("group metadata of " + decoded.groupId() + " decoded to " + group);
    }
}
