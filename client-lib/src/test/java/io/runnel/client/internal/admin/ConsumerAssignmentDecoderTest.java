package io.runnel.client.internal.admin;

import io.runnel.client.TopicPartition;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The classic consumer protocol's assignment bytes, as kafka-clients writes them, decoded. */
class ConsumerAssignmentDecoderTest {
    private static byte[] kafkaAssignment(short version, List<org.apache.kafka.common.TopicPartition> partitions,
                                          ByteBuffer userData) {
        ByteBuffer encoded = ConsumerProtocol.serializeAssignment(
                new ConsumerPartitionAssignor.Assignment(partitions, userData), version);
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        return bytes;
    }

    @Test
    void everyVersionKafkaWritesDecodesToItsPartitions() {
        List<org.apache.kafka.common.TopicPartition> partitions = List.of(
                new org.apache.kafka.common.TopicPartition("orders", 0),
                new org.apache.kafka.common.TopicPartition("orders", 2),
                new org.apache.kafka.common.TopicPartition("audit", 1));
        for (short version = 0; version <= 3; version++) {
            byte[] bytes = kafkaAssignment(version, partitions, ByteBuffer.wrap(new byte[]{1, 2, 3}));
            List<TopicPartition> decoded = ConsumerAssignmentDecoder.decode(bytes);
            assertEquals(3, decoded.size(), "version " + version);
            assertTrue(decoded.containsAll(List.of(new TopicPartition("orders", 0), new TopicPartition("orders", 2),
                    new TopicPartition("audit", 1))), "version " + version + ": " + decoded);
        }
    }

    @Test
    void emptyBytesAreAnEmptyAssignment() {
        assertEquals(List.of(), ConsumerAssignmentDecoder.decode(new byte[0]));
        assertEquals(List.of(), ConsumerAssignmentDecoder.decode(null));
    }

    @Test
    void truncatedBytesAreRejected() {
        byte[] bytes = kafkaAssignment((short) 1, List.of(new org.apache.kafka.common.TopicPartition("orders", 0)),
                null);
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 6);
        assertThrows(RuntimeException.class, () -> ConsumerAssignmentDecoder.decode(cut));
    }
}
