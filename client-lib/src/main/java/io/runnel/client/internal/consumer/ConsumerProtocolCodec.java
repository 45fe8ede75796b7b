package io.runnel.client.internal.consumer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.runnel.client.TopicPartition;
import io.runnel.protocol.MalformedMessageException;
import io.runnel.protocol.types.WireReader;
import io.runnel.protocol.types.WireWriter;

import java.util.ArrayList;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;

/**
 * The bytes of the classic group protocol's {@code consumer} type, as Kafka's clients encode them, so a Runnel
 * member and a kafka-clients member can share a group: the subscription a member puts in JoinGroup and the
 * assignment the leader puts in SyncGroup. Both start with an int16 version, then fields in Kafka's
 * non-flexible encoding (int16-length strings, int32-count arrays, int32-length nullable bytes).
 *
 * <pre>
 * Subscription: version int16, topics [string], userData bytes?, ownedPartitions [topic string,
 *               partitions [int32]] (v1+), generationId int32 (v2+), rackId string? (v3+)
 * Assignment:   version int16, partitions [topic string, partitions [int32]], userData bytes?
 * </pre>
 * Versions above 3 are read as version 3 and any trailing bytes ignored, as Kafka does for forward compatibility.
 */
final class ConsumerProtocolCodec {
    /** The version this client writes: Kafka 2.x onwards writes 3 for both. */
    static final short VERSION = 3;

    private ConsumerProtocolCodec() {
    }

    static byte[] encodeSubscription(ClassicSubscription subscription) {
        ByteBuf buf = Unpooled.buffer(64);
        try {
            buf.writeShort(VERSION);
            // Kafka's clients always send their topics sorted; the leader's assignor does not care.
            List<String> topics = new ArrayList<>(subscription.topics());
            topics.sort(null);
            WireWriter.writeArrayLength(buf, topics.size());
            for (String topic : topics) {
                WireWriter.writeString(buf, topic);
            }
            WireWriter.writeNullableBytes(buf, subscription.userData());
            writePartitions(buf, subscription.ownedPartitions());
            buf.writeInt(subscription.generationId());
            WireWriter.writeNullableString(buf, subscription.rackId());
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    /** @throws MalformedMessageException naming the field when the bytes are not a consumer subscription */
    static ClassicSubscription decodeSubscription(byte[] bytes) {
        try {
            return readSubscription(Unpooled.wrappedBuffer(bytes));
        } catch (IndexOutOfBoundsException | MalformedMessageException e) {
            throw new MalformedMessageException("consumer protocol subscription of " + bytes.length
                    + " bytes is not readable: " + e.getMessage());
        }
    }

    private static ClassicSubscription readSubscription(ByteBuf buf) {
        short version = readVersion(buf, "subscription");
        int count = WireReader.readArrayLength(buf, 2);
        List<String> topics = new ArrayList<>(Math.max(count, 0));
        for (int i = 0; i < count; i++) {
            topics.add(WireReader.readString(buf));
        }
        byte[] userData = WireReader.readNullableBytes(buf);
        List<TopicPartition> owned = version >= 1 ? readPartitions(buf) : List.of();
        int generation = version >= 2 ? WireReader.readInt32(buf) : -1;
        String rack = version >= 3 ? WireReader.readNullableString(buf) : null;
        return new ClassicSubscription(topics, userData, owned, generation, rack);
    }

    static byte[] encodeAssignment(ClassicAssignment assignment) {
        ByteBuf buf = Unpooled.buffer(64);
        try {
            buf.writeShort(VERSION);
            writePartitions(buf, assignment.partitions());
            WireWriter.writeNullableBytes(buf, assignment.userData());
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    /**
     * An empty array (a member the leader gave nothing, or a SyncGroup answer of a group that is rebalancing)
     * decodes to no partitions, as in Kafka.
     *
     * @throws MalformedMessageException naming the field when the bytes are not a consumer assignment
     */
    static ClassicAssignment decodeAssignment(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return new ClassicAssignment(List.of(), null);
        }
        try {
            ByteBuf buf = Unpooled.wrappedBuffer(bytes);
            readVersion(buf, "assignment");
            List<TopicPartition> partitions = readPartitions(buf);
            byte[] userData = WireReader.readNullableBytes(buf);
            return new ClassicAssignment(partitions, userData);
        } catch (IndexOutOfBoundsException | MalformedMessageException e) {
            throw new MalformedMessageException("consumer protocol assignment of " + bytes.length
                    + " bytes is not readable: " + e.getMessage());
        }
    }

    private static short readVersion(ByteBuf buf, String what) {
        if (buf.readableBytes() < 2) {
            throw new MalformedMessageException("consumer protocol " + what + " of " + buf.readableBytes()
                    + " bytes has no version");
        }
        short version = buf.readShort();
        if (version < 0) {
            throw new MalformedMessageException("consumer protocol " + what + " has version " + version);
        }
        return version;
    }

    /** Partitions grouped by topic, topics and partitions in ascending order, as kafka-clients writes them. */
    private static void writePartitions(ByteBuf buf, List<TopicPartition> partitions) {
        Map<String, List<Integer>> byTopic = new TreeMap<>();
        for (TopicPartition tp : partitions) {
            byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
        }
        WireWriter.writeArrayLength(buf, byTopic.size());
        for (Map.Entry<String, List<Integer>> topic : byTopic.entrySet()) {
            WireWriter.writeString(buf, topic.getKey());
            topic.getValue().sort(null);
            WireWriter.writeArrayLength(buf, topic.getValue().size());
            for (int partition : topic.getValue()) {
                buf.writeInt(partition);
            }
        }
    }

    private static List<TopicPartition> readPartitions(ByteBuf buf) {
        int topics = WireReader.readArrayLength(buf, 6);
        List<TopicPartition> partitions = new ArrayList<>();
        for (int t = 0; t < topics; t++) {
            String topic = WireReader.readString(buf);
            int count = WireReader.readArrayLength(buf, 4);
            for (int i = 0; i < count; i++) {
                partitions.add(new TopicPartition(topic, WireReader.readInt32(buf)));
            }
        }
        return partitions;
    }
}
