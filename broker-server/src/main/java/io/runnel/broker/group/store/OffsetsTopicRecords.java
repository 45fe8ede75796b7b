package io.runnel.broker.group.store;

import io.netty.buffer.ByteBuf;
import io.runnel.broker.group.classic.StoredGroup;
import io.runnel.broker.group.consumer.StoredConsumerGroup;
import io.runnel.broker.group.offset.CommittedOffset;
import io.runnel.broker.topic.TopicPartition;
import io.runnel.protocol.MalformedMessageException;
import io.runnel.protocol.types.WireReader;
import io.runnel.protocol.types.WireWriter;

import java.util.ArrayList;
import java.util.List;

/**
 * The keys and values of the records in {@code __consumer_offsets} (docs/consumer-groups.md describes the bytes).
 * Every key and value starts with an int16 version; strings are int16-length UTF-8, byte arrays int32-length.
 *
 * <ul>
 *   <li>Committed offset: key version 1 (group, topic, partition), Kafka's OffsetCommitKey; value version 3 (offset,
 *       leader epoch, metadata, commit time), or version 1 (offset, metadata, commit time, expire time) when the
 *       client asked for its own retention, both Kafka's OffsetCommitValue.</li>
 *   <li>Group metadata: key version 2 (group), Kafka's GroupMetadataKey. A classic group's value is Kafka's
 *       GroupMetadataValue version 3; a consumer-protocol group's value is Runnel's own version 1000 ({@link
 *       ConsumerGroupValueCodec}). One key per group id, so a group that changes protocol replaces its record.</li>
 * </ul>
 * A null value (tombstone) deletes the key.
 */
public final class OffsetsTopicRecords {
    static final short OFFSET_KEY_VERSION = 1;
    static final short GROUP_KEY_VERSION = 2;
    static final short OFFSET_VALUE_WITH_LEADER_EPOCH = 3;
    static final short OFFSET_VALUE_WITH_EXPIRY = 1;
    static final short CLASSIC_GROUP_VALUE_VERSION = 3;
    static final short CONSUMER_GROUP_VALUE_VERSION = 1000;

    private OffsetsTopicRecords() {
    }

    /** A decoded key: the group, and the partition for an offset key (null for a group metadata key). */
    public record Key(String groupId, TopicPartition partition) {
        public boolean isOffset() {
            return partition != null;
        }
    }

    // ---- keys ----

    static void writeOffsetKey(ByteBuf out, String groupId, TopicPartition tp) {
        out.writeShort(OFFSET_KEY_VERSION);
        WireWriter.writeString(out, groupId);
        WireWriter.writeString(out, tp.topic());
        out.writeInt(tp.partition());
    }

    static void writeGroupKey(ByteBuf out, String groupId) {
        out.writeShort(GROUP_KEY_VERSION);
        WireWriter.writeString(out, groupId);
    }

    /** Decodes a key; throws {@link MalformedMessageException} for a version Runnel does not write. */
    public static Key readKey(ByteBuf in) {
        short version = WireReader.readInt16(in);
        if (version == 0 || version == OFFSET_KEY_VERSION) {
            String groupId = WireReader.readString(in);
            String topic = WireReader.readString(in);
            int partition = WireReader.readInt32(in);
            return new Key(groupId, new TopicPartition(topic, partition));
        }
        if (version == GROUP_KEY_VERSION) {
            return new Key(WireReader.readString(in), null);
        }
        throw new MalformedMessageException("unknown __consumer_offsets key version " + version);
    }

    // ---- committed offsets ----

    static void writeOffsetValue(ByteBuf out, CommittedOffset offset) {
        if (offset.expireTimestampMs() >= 0) {
            out.writeShort(OFFSET_VALUE_WITH_EXPIRY);
            out.writeLong(offset.offset());
            WireWriter.writeString(out, offset.metadata());
            out.writeLong(offset.commitTimestampMs());
            out.writeLong(offset.expireTimestampMs());
        } else {
            out.writeShort(OFFSET_VALUE_WITH_LEADER_EPOCH);
            out.writeLong(offset.offset());
            out.writeInt(offset.leaderEpoch());
            WireWriter.writeString(out, offset.metadata());
            out.writeLong(offset.commitTimestampMs());
        }
    }

    /** Decodes an offset value of version 0 to 3. */
    public static CommittedOffset readOffsetValue(ByteBuf in) {
        short version = WireReader.readInt16(in);
        switch (version) {
            case 0, 2 -> {
                long offset = WireReader.readInt64(in);
                String metadata = WireReader.readString(in);
                return new CommittedOffset(offset, -1, metadata, WireReader.readInt64(in), -1);
            }
            case OFFSET_VALUE_WITH_EXPIRY -> {
                long offset = WireReader.readInt64(in);
                String metadata = WireReader.readString(in);
                long committed = WireReader.readInt64(in);
                return new CommittedOffset(offset, -1, metadata, committed, WireReader.readInt64(in));
            }
            case OFFSET_VALUE_WITH_LEADER_EPOCH -> {
                long offset = WireReader.readInt64(in);
                int leaderEpoch = WireReader.readInt32(in);
                String metadata = WireReader.readString(in);
                return new CommittedOffset(offset, leaderEpoch, metadata, WireReader.readInt64(in), -1);
            }
            default -> throw new MalformedMessageException("unknown committed offset value version " + version);
        }
    }

    // ---- group metadata ----

    static void writeClassicGroupValue(ByteBuf out, StoredGroup group) {
        out.writeShort(CLASSIC_GROUP_VALUE_VERSION);
        WireWriter.writeString(out, group.protocolType());
        out.writeInt(group.generationId());
        WireWriter.writeNullableString(out, group.protocolName());
        WireWriter.writeNullableString(out, group.leaderId());
        out.writeLong(group.stateTimestampMs());
        out.writeInt(group.members().size());
        for (StoredGroup.StoredMember m : group.members()) {
            WireWriter.writeString(out, m.memberId());
            WireWriter.writeNullableString(out, m.groupInstanceId());
            WireWriter.writeString(out, m.clientId());
            WireWriter.writeString(out, m.clientHost());
            out.writeInt(m.rebalanceTimeoutMs());
            out.writeInt(m.sessionTimeoutMs());
            WireWriter.writeBytes(out, m.subscription());
            WireWriter.writeBytes(out, m.assignment());
        }
    }

    static void writeConsumerGroupValue(ByteBuf out, StoredConsumerGroup group) {
        out.writeShort(CONSUMER_GROUP_VALUE_VERSION);
        ConsumerGroupValueCodec.write(out, group);
    }

    /** Decodes a group metadata value: a {@link StoredGroup} or a {@link StoredConsumerGroup}. */
    public static Object readGroupValue(String groupId, ByteBuf in) {
        short version = WireReader.readInt16(in);
        if (version == CONSUMER_GROUP_VALUE_VERSION) {
            return ConsumerGroupValueCodec.read(groupId, in);
        }
        if (version != CLASSIC_GROUP_VALUE_VERSION) {
            throw new MalformedMessageException("unknown group metadata value version " + version);
        }
        String protocolType = WireReader.readString(in);
        int generation = WireReader.readInt32(in);
        String protocol = WireReader.readNullableString(in);
        String leader = WireReader.readNullableString(in);
        long stateTimestamp = WireReader.readInt64(in);
        int count = WireReader.readArrayLength(in, 24);
        List<StoredGroup.StoredMember> members = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            members.add(new StoredGroup.StoredMember(WireReader.readString(in), WireReader.readNullableString(in),
                    WireReader.readString(in), WireReader.readString(in), WireReader.readInt32(in),
                    WireReader.readInt32(in), WireReader.readBytes(in), WireReader.readBytes(in)));
        }
        return new StoredGroup(groupId, protocolType, generation, protocol, leader, stateTimestamp, members);
    }
}
