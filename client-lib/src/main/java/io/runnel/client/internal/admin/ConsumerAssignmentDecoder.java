package io.runnel.client.internal.admin;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.runnel.client.TopicPartition;
import io.runnel.protocol.MalformedMessageException;
import io.runnel.protocol.types.WireReader;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the partitions out of a classic consumer group member's assignment: the bytes of Kafka's
 * {@code ConsumerProtocolAssignment} (versions 0-3, never flexible): int16 version, an array of (topic string,
 * int32 array of partitions), then nullable user data bytes, which are ignored. Stateless.
 */
final class ConsumerAssignmentDecoder {
    private ConsumerAssignmentDecoder() {
    }

    /**
     * The assigned partitions; empty for an empty assignment (a member between rebalances).
     *
     * @throws MalformedMessageException when the bytes are not a consumer protocol assignment
     */
    static List<TopicPartition> decode(byte[] assignment) {
        List<TopicPartition> partitions = new ArrayList<>();
        if (assignment == null || assignment.length == 0) {
            return partitions;
        }
        ByteBuf buf = Unpooled.wrappedBuffer(assignment);
        short version = WireReader.readInt16(buf);
        if (version < 0) {
            throw new MalformedMessageException("consumer protocol assignment has version " + version);
        }
        int topics = WireReader.readArrayLength(buf, 6);
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
