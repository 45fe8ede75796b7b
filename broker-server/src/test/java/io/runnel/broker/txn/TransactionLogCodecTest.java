package io.runnel.broker.txn;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.runnel.broker.topic.TopicPartition;
import io.runnel.protocol.types.WireWriter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** {@code __transaction_state}'s records in Kafka's TransactionLogKey / TransactionLogValue formats. */
class TransactionLogCodecTest {
    private final TransactionLogCodec codec = TransactionLogCodec.INSTANCE;

    @Test
    void aValueRoundTripsInVersionOneWithItsPreviousProducerIdTagged() {
        TransactionLogValue value = new TransactionLogValue(42, 41, (short) 7, 60_000, TransactionState.ONGOING,
                List.of(new TopicPartition("a", 0), new TopicPartition("a", 3), new TopicPartition("b", 1)),
                1_700_000_000_123L, 1_700_000_000_000L);
        TransactionLogRecord record = new TransactionLogRecord("my-app", value);
        ByteBuf key = Unpooled.buffer();
        ByteBuf bytes = Unpooled.buffer();
        codec.writeKey(record, key);
        codec.writeValue(record, bytes);
        assertEquals(0, key.getShort(0), "key version");
        assertEquals(1, bytes.getShort(0), "value version");
        assertEquals(42, bytes.getLong(2));
        assertEquals(7, bytes.getShort(10));
        assertEquals(60_000, bytes.getInt(12));
        assertEquals(TransactionState.ONGOING.id(), bytes.getByte(16));
        assertEquals(record, codec.read(key, bytes));
    }

    @Test
    void anEmptyStateHasNullPartitionsAndATombstoneHasNoValue() {
        TransactionLogValue empty = new TransactionLogValue(5, -1, (short) 0, 1000, TransactionState.EMPTY, List.of(),
                10, -1);
        ByteBuf bytes = Unpooled.buffer();
        codec.writeValue(new TransactionLogRecord("x", empty), bytes);
        assertEquals(0, bytes.getByte(17), "a null compact array is length 0");
        ByteBuf key = Unpooled.buffer();
        codec.writeKey(new TransactionLogRecord("x", null), key);
        assertEquals(new TransactionLogRecord("x", empty), codec.read(key.copy(), bytes));
        assertFalse(codec.writeValue(new TransactionLogRecord("x", null), Unpooled.buffer()));
        assertNull(codec.read(key, null).value());
    }

    @Test
    void versionZeroValuesAreRead() {
        ByteBuf v0 = Unpooled.buffer();
        v0.writeShort(0).writeLong(9).writeShort(3).writeInt(15_000).writeByte(TransactionState.PREPARE_ABORT.id());
        v0.writeInt(1);
        WireWriter.writeString(v0, "orders");
        v0.writeInt(2).writeInt(4).writeInt(1);
        v0.writeLong(200).writeLong(100);
        ByteBuf key = Unpooled.buffer();
        codec.writeKey(new TransactionLogRecord("old", null), key);
        TransactionLogValue read = codec.read(key, v0).value();
        assertEquals(new TransactionLogValue(9, -1, (short) 3, 15_000, TransactionState.PREPARE_ABORT,
                List.of(new TopicPartition("orders", 1), new TopicPartition("orders", 4)), 200, 100), read);
    }
}
