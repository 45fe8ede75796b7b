package io.runnel.client.internal.consumer;

import io.runnel.client.TopicPartition;
import io.runnel.protocol.MalformedMessageException;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The consumer protocol's bytes compared with kafka-clients' ConsumerProtocol for the same inputs. */
class ConsumerProtocolCodecTest {

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    private static List<org.apache.kafka.common.TopicPartition> kafka(List<TopicPartition> partitions) {
        List<org.apache.kafka.common.TopicPartition> out = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            out.add(new org.apache.kafka.common.TopicPartition(tp.topic(), tp.partition()));
        }
        return out;
    }

    @Test
    void subscriptionBytesEqualKafkaClients() {
        List<TopicPartition> owned = List.of(new TopicPartition("b", 1), new TopicPartition("a", 0),
                new TopicPartition("b", 0));
        byte[] userData = "ud".getBytes(StandardCharsets.UTF_8);
        ClassicSubscription ours = new ClassicSubscription(List.of("b", "a"), userData, owned, 7, "rack-1");
        ConsumerPartitionAssignor.Subscription theirs = new ConsumerPartitionAssignor.Subscription(
                List.of("b", "a"), ByteBuffer.wrap(userData), kafka(owned), 7, Optional.of("rack-1"));
        assertArrayEquals(bytes(ConsumerProtocol.serializeSubscription(theirs, ConsumerProtocolCodec.VERSION)),
                ConsumerProtocolCodec.encodeSubscription(ours));

        ClassicSubscription eager = ClassicSubscription.of(List.of("orders"));
        assertArrayEquals(bytes(ConsumerProtocol.serializeSubscription(
                        new ConsumerPartitionAssignor.Subscription(List.of("orders")), ConsumerProtocolCodec.VERSION)),
                ConsumerProtocolCodec.encodeSubscription(eager));
    }

    @Test
    void kafkaClientsSubscriptionsOfEveryVersionDecode() {
        List<TopicPartition> owned = List.of(new TopicPartition("t", 3));
        ConsumerPartitionAssignor.Subscription theirs = new ConsumerPartitionAssignor.Subscription(
                List.of("t", "u"), null, kafka(owned), 4, Optional.of("r"));
        for (short version = 0; version <= 3; version++) {
            ClassicSubscription decoded = ConsumerProtocolCodec.decodeSubscription(
                    bytes(ConsumerProtocol.serializeSubscription(theirs, version)));
            assertEquals(List.of("t", "u"), decoded.topics());
            assertNull(decoded.userData());
            assertEquals(version >= 1 ? owned : List.of(), decoded.ownedPartitions());
            assertEquals(version >= 2 ? 4 : -1, decoded.generationId());
            assertEquals(version >= 3 ? "r" : null, decoded.rackId());
        }
    }

    @Test
    void assignmentBytesEqualKafkaClientsBothWays() {
        List<TopicPartition> partitions = List.of(new TopicPartition("x", 2), new TopicPartition("y", 0),
                new TopicPartition("x", 5));
        ClassicAssignment ours = new ClassicAssignment(partitions, null);
        byte[] theirs = bytes(ConsumerProtocol.serializeAssignment(
                new ConsumerPartitionAssignor.Assignment(kafka(partitions)), ConsumerProtocolCodec.VERSION));
        assertArrayEquals(theirs, ConsumerProtocolCodec.encodeAssignment(ours));

        ConsumerPartitionAssignor.Assignment back =
                ConsumerProtocol.deserializeAssignment(ByteBuffer.wrap(ConsumerProtocolCodec.encodeAssignment(ours)));
        assertEquals(kafka(partitions).stream().sorted(java.util.Comparator.comparing(Object::toString)).toList(),
                back.partitions().stream().sorted(java.util.Comparator.comparing(Object::toString)).toList());
        assertEquals(List.of(new TopicPartition("x", 2), new TopicPartition("x", 5), new TopicPartition("y", 0)),
                ConsumerProtocolCodec.decodeAssignment(theirs).partitions());
    }

    @Test
    void anEmptyAssignmentIsNoPartitions() {
        assertTrue(ConsumerProtocolCodec.decodeAssignment(new byte[0]).partitions().isEmpty());
    }

    @Test
    void truncatedBytesFailNamingWhatWasRead() {
        byte[] whole = ConsumerProtocolCodec.encodeSubscription(ClassicSubscription.of(List.of("orders")));
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 6);
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> ConsumerProtocolCodec.decodeSubscription(cut));
        assertTrue(e.getMessage().contains("subscription"), e.getMessage());
    }
}
