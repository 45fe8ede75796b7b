package io.runnel.protocol.record;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.record.compression.Compression;
import io.runnel.protocol.record.compression.UnsupportedCompressionException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Property: for random valid batches (from kafka-clients or RecordBatchBuilder) with random mutations, the
 * validator either accepts, and then kafka-clients accepts the same bytes and reads the same records as Runnel,
 * or throws {@link InvalidRecordBatchException}; nothing else escapes, nothing hangs. Every case has its own seed,
 * printed on failure, so it can be replayed with {@link #replay(long)}.
 */
class RecordBatchFuzzTest {
    private static final int CASES = 3_000;
    private static final long MASTER_SEED = 0x52554e4e454cL;

    /** Buffers the PARANOID leak detector does not track: it records a stack trace on every access otherwise. */
    private static final ByteBufAllocator UNTRACKED = new UnpooledByteBufAllocator(false, true);

    private final RecordBatchValidator validator = new RecordBatchValidator();

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void mutatedBatchesAreAcceptedConsistentlyOrRejectedWithTheTypedException() {
        Random master = new Random(MASTER_SEED);
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int i = 0; i < CASES; i++) {
            long seed = master.nextLong();
            try {
                outcomes.merge(replay(seed), 1, Integer::sum);
            } catch (Throwable t) {
                throw new AssertionError("case " + i + " failed; replay(" + seed + "L)", t);
            }
        }
        // The generator must reach every outcome often: acceptance (mutations outside the CRC) and both codes.
        for (String outcome : List.of("accepted", "CORRUPT_MESSAGE", "INVALID_RECORD")) {
            if (outcomes.getOrDefault(outcome, 0) < CASES / 50) {
                fail("the generator rarely reaches " + outcome + ": " + outcomes);
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void randomBytesAreRejectedWithTheTypedException() {
        Random random = new Random(MASTER_SEED + 1);
        for (int i = 0; i < 2_000; i++) {
            byte[] bytes = new byte[1 + random.nextInt(200)];
            random.nextBytes(bytes);
            ByteBuf buf = Unpooled.wrappedBuffer(bytes);
            try {
                validator.validate(buf);
                fail("random bytes accepted: " + io.netty.buffer.ByteBufUtil.hexDump(buf));
            } catch (InvalidRecordBatchException expected) {
                if (bytes.length < RecordBatch.HEADER_SIZE) {
                    assertEquals(ErrorCode.CORRUPT_MESSAGE, expected.errorCode(), expected.getMessage());
                } else {
                    assertTrue(expected.errorCode() == ErrorCode.CORRUPT_MESSAGE
                            || expected.errorCode() == ErrorCode.INVALID_RECORD, expected.getMessage());
                }
            } finally {
                buf.release();
            }
        }
    }

    /** Runs one case; returns "accepted" or the error code of the rejection. */
    private String replay(long seed) {
        Random random = new Random(seed);
        ByteBuf buf = validBatches(random);
        try {
            assertEquals(RecordSnapshot.fromKafka(KafkaBatches.toMemoryRecords(buf)),
                    RecordSnapshot.fromRunnel(buf, UNTRACKED),
                    "unmutated input");
            validator.validate(buf);
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                buf = mutate(buf, random);
            }
            try {
                validator.validate(buf);
            } catch (InvalidRecordBatchException rejected) {
                return rejected.errorCode().name();
            }
            checkKafkaAgrees(buf);
            return "accepted";
        } finally {
            buf.release();
        }
    }

    private static void checkKafkaAgrees(ByteBuf buf) {
        MemoryRecords kafka = KafkaBatches.toMemoryRecords(buf);
        int size = 0;
        for (MutableRecordBatch batch : kafka.batches()) {
            batch.ensureValid();
            size += batch.sizeInBytes();
            if (batch.compressionType().id >= Compression.SNAPPY_ID) {
                return; // the broker accepts these by header and CRC; Runnel's client cannot decompress them yet
            }
        }
        assertEquals(buf.readableBytes(), size, "kafka-clients sees fewer whole batches");
        List<RecordSnapshot> ours;
        try {
            ours = RecordSnapshot.fromRunnel(buf, UNTRACKED);
        } catch (InvalidRecordBatchException | UnsupportedCompressionException e) {
            // Only the contents of compressed batches are not validated by the broker; kafka-clients must fail too.
            try {
                RecordSnapshot.fromKafka(kafka);
            } catch (RuntimeException kafkaFails) {
                return;
            }
            throw new AssertionError("Runnel's reader refuses what kafka-clients reads: " + e.getMessage(), e);
        }
        assertEquals(RecordSnapshot.fromKafka(kafka), ours);
        // An accepted batch has dense offsets: baseOffset, baseOffset + 1, ... lastOffset.
        for (MutableRecordBatch batch : kafka.batches()) {
            long expected = batch.baseOffset();
            for (org.apache.kafka.common.record.internal.Record r : batch) {
                assertEquals(expected++, r.offset(), "offset in an accepted batch");
            }
            assertEquals(batch.lastOffset() + 1, expected, "records of an accepted batch");
        }
    }

    private static ByteBuf validBatches(Random random) {
        ByteBuf out = UNTRACKED.heapBuffer();
        int batches = 1 + random.nextInt(3);
        long offset = random.nextInt(1000);
        for (int b = 0; b < batches; b++) {
            int count = 1 + random.nextInt(6);
            boolean gzip = random.nextInt(3) == 0;
            boolean idempotent = random.nextBoolean();
            long baseTimestamp = 1_600_000_000_000L + random.nextInt(1_000_000);
            SimpleRecord[] records = new SimpleRecord[count];
            for (int i = 0; i < count; i++) {
                Header[] headers = new Header[random.nextInt(3)];
                for (int h = 0; h < headers.length; h++) {
                    headers[h] = new RecordHeader("h" + random.nextInt(100), bytesOrNull(random));
                }
                records[i] = new SimpleRecord(baseTimestamp + random.nextInt(20_000) - 10_000, bytesOrNull(random),
                        bytesOrNull(random), headers);
            }
            if (random.nextBoolean()) {
                MemoryRecords kafka = idempotent
                        ? KafkaBatches.idempotentBatch(offset, gzip ? KafkaBatches.gzip() : KafkaBatches.none(),
                        random.nextInt(10_000), (short) random.nextInt(5), random.nextInt(1000), records)
                        : KafkaBatches.batch(offset, gzip ? KafkaBatches.gzip() : KafkaBatches.none(), records);
                out.writeBytes(kafka.buffer().duplicate());
            } else {
                try (RecordBatchBuilder builder = new RecordBatchBuilder(UNTRACKED)) {
                    builder.baseOffset(offset).compression(gzip ? Compression.gzip() : Compression.none());
                    if (idempotent) {
                        builder.producer(random.nextInt(10_000), (short) random.nextInt(5), random.nextInt(1000));
                    }
                    for (SimpleRecord r : records) {
                        io.runnel.protocol.record.RecordHeader[] headers =
                                new io.runnel.protocol.record.RecordHeader[r.headers().length];
                        for (int h = 0; h < headers.length; h++) {
                            headers[h] = new io.runnel.protocol.record.RecordHeader(r.headers()[h].key(),
                                    r.headers()[h].value());
                        }
                        builder.append(r.timestamp(), bytes(r.key()), bytes(r.value()), headers);
                    }
                    builder.writeTo(out);
                }
            }
            offset += count;
        }
        return out;
    }

    private static byte[] bytesOrNull(Random random) {
        int length = random.nextInt(12) - 2;
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[random.nextInt(4) == 0 ? length * 20 : length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] bytes(java.nio.ByteBuffer b) {
        if (b == null) {
            return null;
        }
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    /** One random mutation; may return a new buffer (and release the old one). */
    private static ByteBuf mutate(ByteBuf buf, Random random) {
        int size = buf.readableBytes();
        switch (random.nextInt(6)) {
            case 0 -> { // truncate
                buf.writerIndex(random.nextInt(size + 1));
            }
            case 1 -> { // overwrite one byte
                if (size > 0) {
                    buf.setByte(random.nextInt(size), random.nextInt(256));
                }
            }
            case 2 -> { // overwrite one byte of the first batch and make its CRC match again
                if (size >= RecordBatch.HEADER_SIZE) {
                    int end = Math.min(size, RecordBatch.HEADER_SIZE + 40);
                    buf.setByte(random.nextInt(end), random.nextInt(256));
                    fixFirstCrc(buf);
                }
            }
            case 3 -> { // forge a header int field with an interesting value, CRC fixed
                if (size >= RecordBatch.HEADER_SIZE) {
                    int[] fields = {RecordBatch.BATCH_LENGTH_OFFSET, RecordBatch.LAST_OFFSET_DELTA_OFFSET,
                            RecordBatch.RECORDS_COUNT_OFFSET, RecordBatch.BASE_SEQUENCE_OFFSET,
                            RecordBatch.PARTITION_LEADER_EPOCH_OFFSET};
                    int[] values = {-1, 0, 1, 2, 7, 49, 61, Integer.MAX_VALUE, Integer.MIN_VALUE,
                            buf.getInt(RecordBatch.RECORDS_COUNT_OFFSET) + 1, random.nextInt()};
                    buf.setInt(fields[random.nextInt(fields.length)], values[random.nextInt(values.length)]);
                    fixFirstCrc(buf);
                }
            }
            case 4 -> { // insert random bytes at a random position
                int at = random.nextInt(size + 1);
                byte[] extra = new byte[1 + random.nextInt(4)];
                random.nextBytes(extra);
                byte[] out = new byte[size + extra.length];
                buf.getBytes(0, out, 0, at);
                System.arraycopy(extra, 0, out, at, extra.length);
                buf.getBytes(at, out, at + extra.length, size - at);
                buf.release();
                return Unpooled.wrappedBuffer(out);
            }
            default -> { // outside the CRC: base offset or leader epoch, always harmless
                if (size >= RecordBatch.HEADER_SIZE) {
                    if (random.nextBoolean()) {
                        buf.setLong(RecordBatch.BASE_OFFSET_OFFSET, random.nextLong());
                    } else {
                        buf.setInt(RecordBatch.PARTITION_LEADER_EPOCH_OFFSET, random.nextInt());
                    }
                }
            }
        }
        return buf;
    }

    /** Recomputes the first batch's CRC when its length still fits, so deeper checks are reached. */
    private static void fixFirstCrc(ByteBuf buf) {
        int length = buf.getInt(RecordBatch.BATCH_LENGTH_OFFSET);
        if (length >= RecordBatch.MIN_BATCH_LENGTH && length <= buf.readableBytes() - RecordBatch.LOG_OVERHEAD) {
            new RecordBatch().wrap(buf, 0).updateCrc();
        }
    }
}
