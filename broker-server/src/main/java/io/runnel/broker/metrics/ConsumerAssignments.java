package io.runnel.broker.metrics;

import io.runnel.broker.topic.TopicPartition;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the member assignment that DescribeGroups carries for groups of protocol type {@code consumer}: Kafka's
 * ConsumerProtocolAssignment (int16 version; int32 count of (int16-length topic name, int32 count of int32
 * partitions); bytes user data), whose layout is the same in versions 0 to 3.
 */
final class ConsumerAssignments {
    private ConsumerAssignments() {
    }

    /** The partitions in {@code assignment}; empty when it is empty or cannot be decoded. */
    static List<TopicPartition> decode(byte[] assignment) {
        if (assignment == null || assignment.length < 6) {
            return List.of();
        }
        ByteBuffer buf = ByteBuffer.wrap(assignment);
        try {
            buf.getShort();
            int topics = buf.getInt();
            if (topics < 0 || topics > buf.remaining() / 6) {
                return List.of();
            }
            List<TopicPartition> out = new ArrayList<>();
            for (int t = 0; t < topics; t++) {
                int nameLength = buf.getShort();
                if (nameLength <= 0 || nameLength > buf.remaining()) {
                    return List.of();
                }
                byte[] name = new byte[nameLength];
                buf.get(name);
                String topic = new String(name, StandardCharsets.UTF_8);
                int partitions = buf.getInt();
                if (partitions < 0 || partitions > buf.remaining() / 4) {
                    return List.of();
                }
                for (int p = 0; p < partitions; p++) {
                    int partition = buf.getInt();
                    if (partition >= 0) {
                        out.add(new TopicPartition(topic, partition));
                    }
                }
            }
            return out;
        } catch (BufferUnderflowException e) {
            return List.of();
        }
    }
}
