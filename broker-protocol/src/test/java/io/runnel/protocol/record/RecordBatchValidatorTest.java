package io.runnel.protocol.record;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.record.compression.UnsupportedCompressionException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.function.Consumer;

import static io.runnel.protocol.record.KafkaBatches.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Bad batches give {@link InvalidRecordBatchException} with the right Kafka error code, never another exception. */
class RecordBatchValidatorTest {
    private final RecordBatchValidator validator = new RecordBatchValidator();

    private static MemoryRecords uncompressed() {
        return KafkaBatches.batch(0, KafkaBatches.none(),
                record(1_000, "key", "value", "h", "v"), record(1_001, null, null), record(1_002, "k", "v"));
    }

    private static MemoryRecords twoBatches() {
        return KafkaBatches.concat(uncompressed(),
                KafkaBatches.batch(3, KafkaBatches.gzip(), record(2_000, "gz", "zip"), record(2_001, "a", "b")));
    }

    /** Copies {@code records}, applies {@code forge} to the copy, recomputes the CRC of the first batch if asked. */
    private static ByteBuf forged(MemoryRecords records, boolean fixCrc, Consumer<ByteBuf> forge) {
        ByteBuf buf = KafkaBatches.toByteBuf(records);
        forge.accept(buf);
        if (fixCrc) {
            new RecordBatch().wrap(buf, 0).updateCrc();
        }
        return buf;
    }

    private InvalidRecordBatchException rejected(ByteBuf buf, ErrorCode expected) {
        try {
            InvalidRecordBatchException e = assertThrows(InvalidRecordBatchException.class,
                    () -> validator.validate(buf));
            assertEquals(expected, e.errorCode(), e.getMessage());
            assertTrue(e.getMessage().contains("record batch at index"), e.getMessage());
            return e;
        } finally {
            buf.release();
        }
    }

    /** Whether kafka-clients refuses the bytes too, when it checks and iterates every record. */
    private static boolean kafkaRejects(ByteBuf buf) {
        try {
            for (MutableRecordBatch batch : KafkaBatches.toMemoryRecords(buf).batches()) {
                batch.ensureValid();
                for (Record r : batch) {
                    r.ensureValid();
                }
            }
            return false;
        } catch (RuntimeException e) {
            return true;
        }
    }

    @Test
    void everyTruncationIsCorruptExceptAtBatchBoundaries() {
        ByteBuf whole = KafkaBatches.toByteBuf(twoBatches());
        try {
            int firstSize = RecordBatch.sizeAt(whole, 0);
            for (int length = 0; length < whole.readableBytes(); length++) {
                ByteBuf cut = whole.slice(0, length);
                if (length == 0 || length == firstSize) {
                    assertEquals(length == 0 ? 0 : 1, validator.validate(cut));
                    continue;
                }
                InvalidRecordBatchException e = assertThrows(InvalidRecordBatchException.class,
                        () -> validator.validate(cut), "truncated to " + length);
                assertEquals(ErrorCode.CORRUPT_MESSAGE, e.errorCode(), e.getMessage());
            }
            assertEquals(2, validator.validate(whole));
        } finally {
            whole.release();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0x01, 0x02, 0x03, 0x40, 0x80, 0xff})
    void everySingleByteMutation(int xor) {
        MemoryRecords original = uncompressed();
        int size = original.sizeInBytes();
        for (int position = 0; position < size; position++) {
            int at = position;
            ByteBuf buf = forged(original, false, b -> b.setByte(at, b.getByte(at) ^ xor));
            boolean outsideCrc = position < RecordBatch.BATCH_LENGTH_OFFSET
                    || position >= RecordBatch.PARTITION_LEADER_EPOCH_OFFSET && position < RecordBatch.MAGIC_OFFSET;
            if (outsideCrc) {
                try {
                    assertEquals(1, validator.validate(buf), "mutation at " + position);
                    assertEquals(RecordSnapshot.fromKafka(KafkaBatches.toMemoryRecords(buf)),
                            RecordSnapshot.fromRunnel(buf));
                } finally {
                    buf.release();
                }
                continue;
            }
            int magic = RecordBatch.MAGIC_V2 ^ xor;
            ErrorCode expected = position == RecordBatch.MAGIC_OFFSET && (magic == 0 || magic == 1)
                    ? ErrorCode.INVALID_RECORD : ErrorCode.CORRUPT_MESSAGE;
            if (position >= RecordBatch.MAGIC_OFFSET) {
                // (kafka-clients silently skips a batch whose length runs past the buffer, so not for 8-11)
                assertTrue(kafkaRejects(buf), "kafka-clients accepts the mutation at " + position);
            }
            rejected(buf, expected);
        }
    }

    @Test
    void badMagicValues() {
        assertTrue(rejected(forged(uncompressed(), true, b -> b.setByte(RecordBatch.MAGIC_OFFSET, 1)),
                ErrorCode.INVALID_RECORD).getMessage().contains("magic 1"));
        rejected(forged(uncompressed(), true, b -> b.setByte(RecordBatch.MAGIC_OFFSET, 0)), ErrorCode.INVALID_RECORD);
        assertTrue(rejected(forged(uncompressed(), true, b -> b.setByte(RecordBatch.MAGIC_OFFSET, 3)),
                ErrorCode.CORRUPT_MESSAGE).getMessage().contains("magic 3"));
        rejected(forged(uncompressed(), true, b -> b.setByte(RecordBatch.MAGIC_OFFSET, -1)),
                ErrorCode.CORRUPT_MESSAGE);
    }

    @Test
    void badCrcNamesBothValues() {
        ByteBuf buf = forged(uncompressed(), false, b -> b.setInt(RecordBatch.CRC_OFFSET, 0x12345678));
        String message = rejected(buf, ErrorCode.CORRUPT_MESSAGE).getMessage();
        assertTrue(message.contains("0x12345678"), message);
    }

    @Test
    void forgedBatchLengths() {
        for (int length : new int[]{-1, 0, RecordBatch.MIN_BATCH_LENGTH - 1, Integer.MAX_VALUE, Integer.MIN_VALUE,
                uncompressed().sizeInBytes()}) {
            ByteBuf buf = forged(uncompressed(), false, b -> b.setInt(RecordBatch.BATCH_LENGTH_OFFSET, length));
            assertTrue(rejected(buf, ErrorCode.CORRUPT_MESSAGE).getMessage().contains("batchLength " + length));
        }
    }

    @Test
    void forgedCountsWithValidCrc() {
        int count = 3;
        int[][] countAndDelta = {{0, -1}, {-1, -2}, {count + 1, count}, {count - 1, count - 2},
                {Integer.MAX_VALUE, Integer.MAX_VALUE - 1}, {count, count}, {count, 0}, {Integer.MIN_VALUE, 2}};
        for (int[] forge : countAndDelta) {
            ByteBuf buf = forged(uncompressed(), true, b -> {
                b.setInt(RecordBatch.RECORDS_COUNT_OFFSET, forge[0]);
                b.setInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET, forge[1]);
            });
            if (forge[0] > 0 && forge[0] != count && forge[0] < 100) {
                assertTrue(kafkaRejects(buf), "kafka-clients accepts count " + forge[0]);
            }
            rejected(buf, ErrorCode.INVALID_RECORD);
        }
    }

    @Test
    void producerIdWithoutSequenceAndUndefinedCompression() {
        rejected(forged(uncompressed(), true, b -> b.setLong(RecordBatch.PRODUCER_ID_OFFSET, 12L)),
                ErrorCode.INVALID_RECORD);
        for (int codec = 5; codec <= 7; codec++) {
            int id = codec;
            rejected(forged(uncompressed(), true, b -> b.setShort(RecordBatch.ATTRIBUTES_OFFSET, id)),
                    ErrorCode.INVALID_RECORD);
        }
    }

    // Record 0 of uncompressed(): length at 61, attributes 62, timestampDelta 63, offsetDelta 64, keyLength 65.
    @Test
    void forgedRecordFieldsWithValidCrc() {
        int first = RecordBatch.RECORDS_OFFSET;
        int[][] positionAndByte = {
                {first, 0x01},          // record length -1
                {first, 0x7e},          // record length 63, longer than the record
                {first, 0x02},          // record length 1, shorter than any record
                {first + 3, 0x02},      // offsetDelta 1 where 0 is expected
                {first + 4, 0x7f},      // key length -64
                {first + 4, 0x7e},      // key length 63, past the record
                {first + 4, 0x01},      // key null: the key bytes are then misread
        };
        for (int[] forge : positionAndByte) {
            ByteBuf buf = forged(uncompressed(), true, b -> b.setByte(forge[0], forge[1]));
            String message = rejected(buf.retain(), ErrorCode.INVALID_RECORD).getMessage();
            assertTrue(message.contains("record 0"), message);
            if (forge[0] != first + 3) {
                assertTrue(kafkaRejects(buf), "kafka-clients accepts byte " + forge[1] + " at " + forge[0]);
            }
            buf.release();
        }
        // A varint that never ends.
        rejected(forged(uncompressed(), true, b -> b.setInt(first, 0xffffffff).setByte(first + 4, 0xff)),
                ErrorCode.INVALID_RECORD);
    }

    @Test
    void forgedHeaders() {
        MemoryRecords oneHeader = KafkaBatches.batch(0, KafkaBatches.none(), record(5, null, null, "h", "v"));
        // length 61, attributes 62, timestampDelta 63, offsetDelta 64, key 65, value 66, header count 67,
        // header key length 68.
        rejected(forged(oneHeader, true, b -> b.setByte(67, 0x7e)), ErrorCode.INVALID_RECORD);
        rejected(forged(oneHeader, true, b -> b.setByte(67, 0x01)), ErrorCode.INVALID_RECORD);
        rejected(forged(oneHeader, true, b -> b.setByte(67, 0x04)), ErrorCode.INVALID_RECORD);
        ByteBuf nullKey = forged(oneHeader, true, b -> b.setByte(68, 0x01));
        assertTrue(kafkaRejects(nullKey));
        assertTrue(rejected(nullKey, ErrorCode.INVALID_RECORD).getMessage().contains("key length -1"));
        rejected(forged(oneHeader, true, b -> b.setByte(68, 0x7e)), ErrorCode.INVALID_RECORD);
    }

    @Test
    void bytesLeftAfterTheLastRecordOfABatch() {
        MemoryRecords original = uncompressed();
        ByteBuf buf = Unpooled.buffer();
        buf.writeBytes(original.buffer().duplicate());
        buf.writeBytes(new byte[]{0, 0, 0});
        buf.setInt(RecordBatch.BATCH_LENGTH_OFFSET, buf.readableBytes() - RecordBatch.LOG_OVERHEAD);
        new RecordBatch().wrap(buf, 0).updateCrc();
        assertTrue(kafkaRejects(buf));
        assertTrue(rejected(buf, ErrorCode.INVALID_RECORD).getMessage().contains("3 bytes remain"));
    }

    @Test
    void garbageAfterTheLastBatchIsCorrupt() {
        ByteBuf buf = Unpooled.buffer();
        buf.writeBytes(twoBatches().buffer().duplicate());
        int end = buf.writerIndex();
        buf.writeBytes(new byte[]{1, 2, 3, 4, 5});
        assertTrue(rejected(buf, ErrorCode.CORRUPT_MESSAGE).getMessage().contains("index " + end));
    }

    @Test
    void compressedBatchesAreCheckedByHeaderAndCrcOnly() {
        MemoryRecords gzip = KafkaBatches.batch(0, KafkaBatches.gzip(), record(1, "a", "b"), record(2, "c", "d"));
        // Garbage instead of gzip data, with a CRC that matches: the broker accepts it, a client reader refuses.
        ByteBuf garbage = forged(gzip, true, b -> {
            for (int i = RecordBatch.RECORDS_OFFSET; i < b.writerIndex(); i++) {
                b.setByte(i, i * 31);
            }
        });
        try {
            assertEquals(1, validator.validate(garbage));
            try (RecordReader reader = new RecordReader()) {
                InvalidRecordBatchException e = assertThrows(InvalidRecordBatchException.class,
                        () -> reader.reset(new RecordBatch().wrap(garbage, 0)));
                assertEquals(ErrorCode.CORRUPT_MESSAGE, e.errorCode(), e.getMessage());
            }
        } finally {
            garbage.release();
        }
        rejected(forged(gzip, true, b -> b.setInt(RecordBatch.RECORDS_COUNT_OFFSET, 3)), ErrorCode.INVALID_RECORD);
        rejected(forged(gzip, false, b -> b.setByte(b.writerIndex() - 1, b.getByte(b.writerIndex() - 1) ^ 1)),
                ErrorCode.CORRUPT_MESSAGE);
    }

    @Test
    void gzipBatchesDecompressingToTooManyRecordsAreRefusedByTheReader() {
        MemoryRecords gzip = KafkaBatches.batch(0, KafkaBatches.gzip(), record(1, "a", "b"), record(2, "c", "d"));
        ByteBuf fewer = forged(gzip, true, b -> {
            b.setInt(RecordBatch.RECORDS_COUNT_OFFSET, 1);
            b.setInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET, 0);
        });
        try (RecordReader reader = new RecordReader()) {
            assertEquals(1, validator.validate(fewer));
            reader.reset(new RecordBatch().wrap(fewer, 0));
            InvalidRecordBatchException e = assertThrows(InvalidRecordBatchException.class, reader::next);
            assertEquals(ErrorCode.INVALID_RECORD, e.errorCode());
            assertTrue(e.getMessage().contains("remain after the 1 records"), e.getMessage());
        } finally {
            fewer.release();
        }
    }

    @Test
    void unimplementedCodecsPassTheBrokerButNotTheClientReader() {
        ByteBuf snappy = forged(uncompressed(), true, b -> b.setShort(RecordBatch.ATTRIBUTES_OFFSET, 2));
        try (RecordReader reader = new RecordReader()) {
            assertEquals(1, validator.validate(snappy));
            UnsupportedCompressionException e = assertThrows(UnsupportedCompressionException.class,
                    () -> reader.reset(new RecordBatch().wrap(snappy, 0)));
            assertEquals(2, e.compressionId());
            assertTrue(e.getMessage().contains("snappy"));
        } finally {
            snappy.release();
        }
    }

    @Test
    void validatesFromTheReaderIndexWithoutMovingIt() {
        ByteBuf buf = Unpooled.buffer();
        try {
            buf.writeBytes(new byte[]{9, 9, 9});
            buf.writeBytes(twoBatches().buffer().duplicate());
            buf.readerIndex(3);
            assertEquals(2, validator.validate(buf));
            assertEquals(3, buf.readerIndex());
            int index = 3;
            index += validator.validateBatch(buf, index, buf.writerIndex());
            index += validator.validateBatch(buf, index, buf.writerIndex());
            assertEquals(buf.writerIndex(), index);
        } finally {
            buf.release();
        }
    }

    @Test
    void validatorIsReusableAfterAFailure() {
        rejected(forged(uncompressed(), false, b -> b.setInt(RecordBatch.CRC_OFFSET, 1)), ErrorCode.CORRUPT_MESSAGE);
        ByteBuf good = KafkaBatches.toByteBuf(twoBatches());
        try {
            assertEquals(2, validator.validate(good));
        } catch (InvalidRecordBatchException e) {
            fail("a good batch after a bad one: " + e.getMessage());
        } finally {
            good.release();
        }
    }

    @Test
    void recordCheckSeesEveryRecordOfAnUncompressedBatchInOrderAndNothingOfACompressedOne() {
        ByteBuf buf = KafkaBatches.toByteBuf(twoBatches());
        try {
            java.util.List<String> seen = new java.util.ArrayList<>();
            RecordCheck check = (batch, record, index) -> seen.add(index + ":" + record.offset() + ":"
                    + record.keyLength() + ":" + record.timestamp());
            int first = validator.validateBatch(buf, 0, buf.writerIndex(), check);
            assertEquals(java.util.List.of("0:0:3:1000", "1:1:-1:1001", "2:2:1:1002"), seen);
            seen.clear();
            validator.validateBatch(buf, first, buf.writerIndex(), check);
            assertEquals(java.util.List.of(), seen, "the broker does not decompress");
        } finally {
            buf.release();
        }
    }

    @Test
    void whatARecordCheckThrowsReachesTheCaller() {
        ByteBuf buf = KafkaBatches.toByteBuf(uncompressed());
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> validator.validateBatch(buf, 0, buf.writerIndex(), (batch, record, index) -> {
                        if (record.keyLength() < 0) {
                            throw new IllegalStateException("record " + index + " has no key");
                        }
                    }));
            assertEquals("record 1 has no key", e.getMessage());
        } finally {
            buf.release();
        }
    }
}
