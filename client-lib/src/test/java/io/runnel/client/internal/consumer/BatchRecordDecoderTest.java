package io.runnel.client.internal.consumer;

import io.runnel.client.ConsumerRecord;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.record.InvalidRecordBatchException;
import io.runnel.protocol.record.RecordBatch;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The records section of a v2 batch, written byte by byte here (CompletedFetchTest covers batches kafka-clients
 * built), decoded from direct and heap buffers at an offset; and every malformation the decoder must refuse.
 */
class BatchRecordDecoderTest {
    private static final long BASE_OFFSET = 100;
    private static final long BASE_TIMESTAMP = 1_700_000_000_000L;

    /** Writes record fields as the format lays them out (zig-zag varints). */
    private static final class Bytes {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Bytes varint(long value) {
            long zigzag = (value << 1) ^ (value >> 63);
            while ((zigzag & ~0x7fL) != 0) {
                out.write((int) ((zigzag & 0x7f) | 0x80));
                zigzag >>>= 7;
            }
            out.write((int) zigzag);
            return this;
        }

        Bytes raw(int... bytes) {
            for (int b : bytes) {
                out.write(b);
            }
            return this;
        }

        Bytes field(String text) {
            if (text == null) {
                return varint(-1);
            }
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            varint(bytes.length);
            out.writeBytes(bytes);
            return this;
        }

        Bytes bytes(Bytes other) {
            out.writeBytes(other.toArray());
            return this;
        }

        int size() {
            return out.size();
        }

        byte[] toArray() {
            return out.toByteArray();
        }
    }

    /** One record: length prefix, attributes, deltas, key, value, headers as key/value pairs. */
    private static Bytes record(long timestampDelta, int offsetDelta, String key, String value, String... headers) {
        Bytes body = new Bytes().raw(0).varint(timestampDelta).varint(offsetDelta).field(key).field(value)
                .varint(headers.length / 2);
        for (int i = 0; i < headers.length; i += 2) {
            body.field(headers[i]).field(headers[i + 1]);
        }
        return new Bytes().varint(body.size()).bytes(body);
    }

    private static Bytes section(Bytes... records) {
        Bytes all = new Bytes();
        for (Bytes record : records) {
            all.bytes(record);
        }
        return all;
    }

    /** The section in a direct buffer behind 7 bytes of something else, as records sit inside a fetch. */
    private static BatchRecordDecoder decoder(Bytes section, int count, long logAppendTime) {
        byte[] bytes = section.toArray();
        ByteBuffer buf = ByteBuffer.allocateDirect(bytes.length + 10);
        buf.position(7);
        buf.put(bytes);
        buf.clear();
        BatchRecordDecoder decoder = new BatchRecordDecoder("orders", 3);
        decoder.reset(buf, 7, 7 + bytes.length, count, 40, BASE_OFFSET, BASE_TIMESTAMP, logAppendTime);
        return decoder;
    }

    private static BatchRecordDecoder decoder(Bytes section, int count) {
        return decoder(section, count, RecordBatch.NO_TIMESTAMP);
    }

    private static InvalidRecordBatchException failure(Bytes section, int count) {
        return assertThrows(InvalidRecordBatchException.class, () -> {
            BatchRecordDecoder decoder = decoder(section, count);
            while (decoder.hasNext()) {
                decoder.advance();
            }
        });
    }

    private static void assertMentions(InvalidRecordBatchException e, String... parts) {
        assertEquals(ErrorCode.INVALID_RECORD, e.errorCode());
        assertTrue(e.getMessage().contains("baseOffset 100"), e.getMessage());
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), e.getMessage());
        }
    }

    @Test
    void decodesKeysValuesHeadersOffsetsAndTimestamps() {
        BatchRecordDecoder decoder = decoder(section(
                record(0, 0, "k0", "v0"),
                record(5, 2, null, "v2", "trace", "abc", "empty", null),
                record(-3, 3, "k3", null)), 3);

        assertEquals(100L, decoder.advance());
        ConsumerRecord first = decoder.record();
        assertEquals(101L + 1, decoder.advance());
        ConsumerRecord second = decoder.record();
        assertEquals(103L, decoder.advance());
        ConsumerRecord third = decoder.record();
        assertFalse(decoder.hasNext());

        assertEquals("orders", first.topic());
        assertEquals(3, first.partition());
        assertEquals(100L, first.offset());
        assertEquals(BASE_TIMESTAMP, first.timestamp());
        assertFalse(first.isLogAppendTime());
        assertEquals("k0", first.keyAsString());
        assertEquals("v0", first.valueAsString());
        assertTrue(first.headers().isEmpty());

        assertEquals(102L, second.offset());
        assertEquals(BASE_TIMESTAMP + 5, second.timestamp());
        assertNull(second.key());
        assertEquals("v2", second.valueAsString());
        assertEquals(2, second.headers().size());
        assertEquals("trace", second.headers().get(0).key());
        assertArrayEquals("abc".getBytes(StandardCharsets.UTF_8), second.headers().get(0).value());
        assertEquals("empty", second.headers().get(1).key());
        assertNull(second.headers().get(1).value());

        assertEquals(BASE_TIMESTAMP - 3, third.timestamp());
        assertEquals("k3", third.keyAsString());
        assertNull(third.value());
    }

    @Test
    void recordsSkippedWithoutRecordLeaveTheNextRecordIntact() {
        BatchRecordDecoder decoder = decoder(section(
                record(0, 0, "k0", "v0", "h", "x"), record(1, 1, "k1", "v1", "h", "y")), 2);
        decoder.advance();
        decoder.advance();
        ConsumerRecord second = decoder.record();
        assertEquals("k1", second.keyAsString());
        assertEquals("v1", second.valueAsString());
        assertEquals("y", second.headers().get(0).valueAsString());
    }

    @Test
    void logAppendTimeGivesEveryRecordTheBatchTimestamp() {
        BatchRecordDecoder decoder = decoder(section(record(0, 0, "a", "1"), record(9, 1, "b", "2")), 2, 42L);
        decoder.advance();
        assertEquals(42L, decoder.record().timestamp());
        decoder.advance();
        ConsumerRecord second = decoder.record();
        assertEquals(42L, second.timestamp());
        assertTrue(second.isLogAppendTime());
    }

    @Test
    void returnedArraysAreCopiesThatOutliveTheBuffer() {
        Bytes section = section(record(0, 0, "key", "value"));
        byte[] bytes = section.toArray();
        ByteBuffer heap = ByteBuffer.wrap(bytes);
        BatchRecordDecoder decoder = new BatchRecordDecoder("orders", 3);
        decoder.reset(heap, 0, bytes.length, 1, 0, BASE_OFFSET, BASE_TIMESTAMP, RecordBatch.NO_TIMESTAMP);
        decoder.advance();
        ConsumerRecord record = decoder.record();
        java.util.Arrays.fill(bytes, (byte) 0);
        assertEquals("key", record.keyAsString());
        assertEquals("value", record.valueAsString());
    }

    @Test
    void aCountThatCannotFitIsRefusedAtReset() {
        InvalidRecordBatchException e = failure(section(record(0, 0, "a", "1")), 5);
        assertMentions(e, "recordsCount 5 cannot fit");
    }

    @Test
    void bytesAfterTheDeclaredRecordsAreRefused() {
        InvalidRecordBatchException e = failure(section(record(0, 0, "a", "1"), record(0, 1, "b", "2")), 1);
        assertMentions(e, "bytes remain after the 1 records");
    }

    @Test
    void offsetDeltasMustRise() {
        InvalidRecordBatchException e = failure(section(record(0, 1, "a", "1"), record(0, 1, "b", "2")), 2);
        assertMentions(e, "record 1 has offsetDelta 1");
    }

    @Test
    void aRecordLengthPastTheSectionIsRefused() {
        Bytes body = new Bytes().raw(0).varint(0).varint(0).field("k").field("v").varint(0);
        InvalidRecordBatchException e = failure(new Bytes().varint(body.size() + 20).bytes(body), 1);
        assertMentions(e, "record 0: record length " + (body.size() + 20));
    }

    @Test
    void aValueLongerThanItsRecordIsRefused() {
        Bytes body = new Bytes().raw(0).varint(0).varint(0).field("k").varint(50).raw('x', 'y').varint(0);
        InvalidRecordBatchException e = failure(new Bytes().varint(body.size()).bytes(body).raw(0, 0, 0, 0, 0, 0),
                1);
        assertMentions(e, "record 0", "value length 50");
    }

    @Test
    void aRecordLengthThatDisagreesWithItsFieldsIsRefused() {
        Bytes body = new Bytes().raw(0).varint(0).varint(0).field("k").field("v").varint(0).raw(7, 7);
        InvalidRecordBatchException e = failure(new Bytes().varint(body.size()).bytes(body), 1);
        assertMentions(e, "does not match its fields");
    }

    @Test
    void aNegativeHeaderKeyLengthIsRefused() {
        Bytes body = new Bytes().raw(0).varint(0).varint(0).field("k").field("v").varint(1).varint(-1).varint(-1)
                .raw(0, 0, 0, 0);
        InvalidRecordBatchException e = failure(new Bytes().varint(body.size()).bytes(body), 1);
        assertMentions(e, "header 0 has key length -1");
    }

    @Test
    void aHeaderCountBeyondTheRecordIsRefused() {
        Bytes body = new Bytes().raw(0).varint(0).varint(0).field("k").field("v").varint(40).raw(0, 0, 0, 0);
        InvalidRecordBatchException e = failure(new Bytes().varint(body.size()).bytes(body), 1);
        assertMentions(e, "header count 40");
    }

    @Test
    void aVarintOfMoreThanFiveBytesIsRefused() {
        Bytes body = new Bytes().raw(0).varint(0).raw(0xff, 0xff, 0xff, 0xff, 0x7f).field("k").field("v")
                .varint(0);
        InvalidRecordBatchException e = failure(new Bytes().varint(body.size()).bytes(body), 1);
        assertMentions(e, "offsetDelta varint overflows 32 bits");
    }

    @Test
    void aRecordCutOffInsideAVarintIsRefused() {
        Bytes body = new Bytes().raw(0).varint(0).varint(0).varint(-1).varint(-1).raw(0x80);
        InvalidRecordBatchException e = failure(new Bytes().varint(body.size()).bytes(body), 1);
        assertMentions(e, "record 0: header count is cut off after 1 bytes");
    }

    @Test
    void anEmptySectionWithRecordsDeclaredNoneIsFineButTrailingBytesAreNot() {
        BatchRecordDecoder empty = decoder(new Bytes(), 0);
        assertFalse(empty.hasNext());
        InvalidRecordBatchException e = failure(new Bytes().raw(1, 2, 3), 0);
        assertMentions(e, "3 bytes of records follow a header that declares none");
    }

    @Test
    void clearDropsTheBatch() {
        BatchRecordDecoder decoder = decoder(section(record(0, 0, "a", "1")), 1);
        assertTrue(decoder.hasNext());
        decoder.clear();
        assertFalse(decoder.hasNext());
    }
}
