package io.runnel.reliability.check;

import io.netty.buffer.Unpooled;
import io.runnel.protocol.record.RecordBatch;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The segment-file check accepts a dense, intact log and names the file and position of each kind of damage. */
class SegmentScanTest {
    @TempDir
    Path dataDir;

    @Test
    void denseIntactSegmentsPass() throws IOException {
        write("00000000000000000000.log", batch(0, 3), batch(3, 2));
        write("00000000000000000005.log", batch(5, 4));
        SegmentScan.Extent extent = SegmentScan.scan(dataDir, "t", 0);
        assertEquals(new SegmentScan.Extent(0, 9, 3, 2, 0), extent);
        assertEquals(9, extent.records());
    }

    @Test
    void aFlippedByteFailsTheCrc() throws IOException {
        byte[] second = batch(3, 2);
        second[second.length - 2] ^= 1;
        write("00000000000000000000.log", batch(0, 3), second);
        AssertionError e = assertThrows(AssertionError.class, () -> SegmentScan.scan(dataDir, "t", 0));
        assertTrue(e.getMessage().contains("00000000000000000000.log at byte " + batch(0, 3).length), e.getMessage());
    }

    @Test
    void anOffsetGapFails() throws IOException {
        write("00000000000000000000.log", batch(0, 3), batch(4, 2));
        AssertionError e = assertThrows(AssertionError.class, () -> SegmentScan.scan(dataDir, "t", 0));
        assertTrue(e.getMessage().contains("base offset 4 where 3 was next"), e.getMessage());
    }

    @Test
    void aSegmentNamedForAnotherOffsetFails() throws IOException {
        write("00000000000000000000.log", batch(0, 3));
        write("00000000000000000007.log", batch(3, 1));
        AssertionError e = assertThrows(AssertionError.class, () -> SegmentScan.scan(dataDir, "t", 0));
        assertTrue(e.getMessage().contains("starts with base offset 3"), e.getMessage());
    }

    @Test
    void aTornTailFails() throws IOException {
        byte[] whole = batch(3, 2);
        byte[] torn = java.util.Arrays.copyOf(whole, whole.length - 5);
        write("00000000000000000000.log", batch(0, 3), torn);
        assertThrows(AssertionError.class, () -> SegmentScan.scan(dataDir, "t", 0));
    }

    @Test
    void aCompressedBatchWhoseRecordsAreDamagedBehindAGoodCrcIsCountedNotFailed() throws IOException {
        byte[] plain = batch(3, 2);
        byte[] inner = java.util.Arrays.copyOfRange(plain, RecordBatch.RECORDS_OFFSET, plain.length);
        // The first record's last byte is its header count, 0; 0x36 is the varint of 27, far more than remain.
        int firstRecordEnd = 1 + inner[0] / 2;
        inner[firstRecordEnd - 1] = 0x36;
        write("00000000000000000000.log", batch(0, 3), gzipped(plain, inner), batch(5, 1));
        SegmentScan.Extent extent = SegmentScan.scan(dataDir, "t", 0);
        assertEquals(new SegmentScan.Extent(0, 6, 3, 1, 1), extent);
    }

    /** {@code plain}'s header around {@code inner} records gzipped, with the codec bits, length and CRC set. */
    private static byte[] gzipped(byte[] plain, byte[] inner) throws IOException {
        java.io.ByteArrayOutputStream compressed = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(compressed)) {
            gzip.write(inner);
        }
        byte[] out = java.util.Arrays.copyOf(plain, RecordBatch.RECORDS_OFFSET + compressed.size());
        System.arraycopy(compressed.toByteArray(), 0, out, RecordBatch.RECORDS_OFFSET, compressed.size());
        ByteBuffer.wrap(out).putInt(RecordBatch.BATCH_LENGTH_OFFSET, out.length - RecordBatch.LOG_OVERHEAD)
                .putShort(RecordBatch.ATTRIBUTES_OFFSET, (short) 1);
        new RecordBatch().wrap(Unpooled.wrappedBuffer(out), 0).updateCrc();
        return out;
    }

    private void write(String name, byte[]... batches) throws IOException {
        Path dir = Files.createDirectories(dataDir.resolve("t-0"));
        try (var out = Files.newOutputStream(dir.resolve(name))) {
            for (byte[] b : batches) {
                out.write(b);
            }
        }
    }

    /** One uncompressed batch of {@code count} records at {@code baseOffset}, as kafka-clients writes it. */
    private static byte[] batch(long baseOffset, int count) {
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = new SimpleRecord(1_000L + i, null, ("v" + (baseOffset + i)).getBytes());
        }
        ByteBuffer buffer = MemoryRecords.withRecords(baseOffset, Compression.NONE, records).buffer();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
