package io.runnel.broker.group.store;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.runnel.broker.group.assignor.Assignment;
import io.runnel.broker.group.assignor.TopicIdPartition;
import io.runnel.broker.group.classic.StoredGroup;
import io.runnel.broker.group.consumer.MemberState;
import io.runnel.broker.group.consumer.StoredConsumerGroup;
import io.runnel.broker.group.consumer.TargetAssignment;
import io.runnel.broker.group.offset.CommittedOffset;
import io.runnel.broker.topic.TopicPartition;
import io.runnel.protocol.MalformedMessageException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The {@code __consumer_offsets} record format: Kafka's bytes for offsets and classic groups, round trips of all. */
class OffsetsTopicRecordsTest {
    private static final UUID TOPIC_ID = new UUID(1, 2);

    @Test
    void anOffsetKeyAndValueAreKafkasOffsetCommitKeyV1AndValueV3() {
        byte[] key = bytes(out -> OffsetsTopicRecords.writeOffsetKey(out, "g", new TopicPartition("t", 5)));
        assertArrayEquals(new byte[] {0, 1, 0, 1, 'g', 0, 1, 't', 0, 0, 0, 5}, key);
        byte[] value = bytes(out -> OffsetsTopicRecords.writeOffsetValue(out,
                new CommittedOffset(42, 7, "m", 1000, -1)));
        assertArrayEquals(new byte[] {0, 3, 0, 0, 0, 0, 0, 0, 0, 42, 0, 0, 0, 7, 0, 1, 'm', 0, 0, 0, 0, 0, 0, 3, -24},
                value);
        byte[] groupKey = bytes(out -> OffsetsTopicRecords.writeGroupKey(out, "g"));
        assertArrayEquals(new byte[] {0, 2, 0, 1, 'g'}, groupKey);
    }

    @Test
    void offsetsRoundTripWithAndWithoutAClientRetention() {
        for (CommittedOffset offset : List.of(new CommittedOffset(42, 7, "metadata é", 1000, -1),
                new CommittedOffset(0, -1, "", 5, 99))) {
            ByteBuf value = buffer(out -> OffsetsTopicRecords.writeOffsetValue(out, offset));
            CommittedOffset read = OffsetsTopicRecords.readOffsetValue(value);
            // Version 1, written when the client asked for its own retention, has no leader epoch.
            assertEquals(offset.expireTimestampMs() >= 0 ? new CommittedOffset(0, -1, "", 5, 99) : offset, read);
            assertEquals(0, value.readableBytes());
        }
        OffsetsTopicRecords.Key key = OffsetsTopicRecords.readKey(buffer(out ->
                OffsetsTopicRecords.writeOffsetKey(out, "group", new TopicPartition("orders", 3))));
        assertEquals(new OffsetsTopicRecords.Key("group", new TopicPartition("orders", 3)), key);
        OffsetsTopicRecords.Key groupKey = OffsetsTopicRecords.readKey(buffer(out ->
                OffsetsTopicRecords.writeGroupKey(out, "group")));
        assertEquals("group", groupKey.groupId());
        assertNull(groupKey.partition());
    }

    @Test
    void aClassicGroupRoundTrips() {
        StoredGroup group = new StoredGroup("g", "consumer", 4, "range", "m-1", 777, List.of(
                new StoredGroup.StoredMember("m-1", "instance-1", "client", "/10.0.0.1", 30_000, 10_000,
                        new byte[] {1, 2}, new byte[] {3}),
                new StoredGroup.StoredMember("m-2", null, "client", "/10.0.0.2", 30_000, 10_000, new byte[0],
                        new byte[0])));
        StoredGroup read = (StoredGroup) OffsetsTopicRecords.readGroupValue("g",
                buffer(out -> OffsetsTopicRecords.writeClassicGroupValue(out, group)));
        assertEquals(List.of("m-1", "m-2"), read.members().stream().map(StoredGroup.StoredMember::memberId).toList());
        assertEquals("instance-1", read.members().get(0).groupInstanceId());
        assertNull(read.members().get(1).groupInstanceId());
        assertArrayEquals(new byte[] {1, 2}, read.members().get(0).subscription());
        assertArrayEquals(new byte[] {3}, read.members().get(0).assignment());
        assertEquals(List.of(4, 777L, "range", "m-1", "consumer"), List.of(read.generationId(),
                read.stateTimestampMs(), read.protocolName(), read.leaderId(), read.protocolType()));
    }

    @Test
    void aConsumerProtocolGroupRoundTrips() {
        Assignment assigned = Assignment.builder().add(TOPIC_ID, 0).add(TOPIC_ID, 1).build();
        Assignment revoking = Assignment.builder().add(TOPIC_ID, 2).build();
        StoredConsumerGroup group = new StoredConsumerGroup("modern", 7, "range", Map.of(TOPIC_ID, 3),
                new TargetAssignment(7, Map.of("a", assigned, "b", revoking)), List.of(
                new StoredConsumerGroup.Member("a", "instance-a", "rack-1", "client-a", "/127.0.0.1", 30_000,
                        List.of("orders"), null, "range", Set.of(TOPIC_ID), 6, 5,
                        MemberState.UNREVOKED_PARTITIONS, assigned, revoking,
                        Map.of(new TopicIdPartition(TOPIC_ID, 0), 5, new TopicIdPartition(TOPIC_ID, 1), 6,
                                new TopicIdPartition(TOPIC_ID, 2), 3)),
                new StoredConsumerGroup.Member("b", null, null, "client-b", "/127.0.0.2", 45_000, List.of(),
                        "ord.*", null, Set.of(TOPIC_ID), -2, 7, MemberState.STABLE, Assignment.EMPTY,
                        Assignment.EMPTY, Map.of())));
        Object read = OffsetsTopicRecords.readGroupValue("modern",
                buffer(out -> OffsetsTopicRecords.writeConsumerGroupValue(out, group)));
        assertEquals(group, read);
    }

    @Test
    void versionsRunnelDoesNotKnowAreRefused() {
        assertThrows(MalformedMessageException.class, () -> OffsetsTopicRecords.readKey(
                Unpooled.wrappedBuffer(new byte[] {0, 9, 0, 0})));
        assertThrows(MalformedMessageException.class, () -> OffsetsTopicRecords.readOffsetValue(
                Unpooled.wrappedBuffer(new byte[] {0, 9})));
        assertThrows(MalformedMessageException.class, () -> OffsetsTopicRecords.readGroupValue("g",
                Unpooled.wrappedBuffer(new byte[] {0, 4})));
    }

    private static byte[] bytes(Consumer<ByteBuf> write) {
        ByteBuf buf = buffer(write);
        return ByteBufUtil.getBytes(buf);
    }

    private static ByteBuf buffer(Consumer<ByteBuf> write) {
        ByteBuf buf = Unpooled.buffer();
        write.accept(buf);
        return buf;
    }
}
