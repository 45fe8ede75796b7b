package io.runnel.reliability.check;

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
        assertEquals(new SegmentScan.Extent(0, 9, 3, 2), extent);
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
