package io.runnel.protocol.record.compression;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.runnel.protocol.MalformedMessageException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Random;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompressionTest {
    /** Unpooled, so usedHeapMemory shows whether a failed decompression released its buffer. */
    private final UnpooledByteBufAllocator allocator = new UnpooledByteBufAllocator(false);

    private static byte[] sample(int size) {
        byte[] bytes = new byte[size];
        Random random = new Random(size);
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt() : 'a' + i % 7);
        }
        return bytes;
    }

    @Test
    void lookupById() {
        assertSame(Compression.none(), Compression.forId(0));
        assertSame(Compression.gzip(), Compression.forId(1));
        assertEquals("gzip", Compression.forId(1).name());
        assertEquals(1, Compression.gzip().id());
        assertEquals(0, Compression.none().id());
        String[] unimplemented = {null, null, "snappy", "lz4", "zstd"};
        for (int id = 2; id <= 4; id++) {
            int codec = id;
            UnsupportedCompressionException e = assertThrows(UnsupportedCompressionException.class,
                    () -> Compression.forId(codec));
            assertEquals(id, e.compressionId());
            assertTrue(e.getMessage().contains(unimplemented[id]), e.getMessage());
        }
        for (int id : new int[]{5, 6, 7, -1, 8}) {
            assertThrows(IllegalArgumentException.class, () -> Compression.forId(id));
        }
    }

    @Test
    void gzipRoundTripIsStandardGzip() throws IOException {
        byte[] original = sample(100_000);
        ByteBuf src = Unpooled.wrappedBuffer(original);
        ByteBuf compressed = Unpooled.buffer();
        try {
            Compression.gzip().compress(src, compressed);
            assertEquals(0, src.readerIndex());
            assertTrue(compressed.readableBytes() < original.length, "repetitive data must shrink");
            byte[] compressedBytes = new byte[compressed.readableBytes()];
            compressed.getBytes(0, compressedBytes);
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressedBytes))) {
                assertArrayEquals(original, in.readAllBytes());
            }
            ByteBuf restored = Compression.gzip().decompress(compressed, allocator, original.length);
            try {
                byte[] restoredBytes = new byte[restored.readableBytes()];
                restored.getBytes(0, restoredBytes);
                assertArrayEquals(original, restoredBytes);
                assertEquals(0, compressed.readerIndex());
            } finally {
                restored.release();
            }
        } finally {
            src.release();
            compressed.release();
        }
        assertEquals(0, allocator.metric().usedHeapMemory());
    }

    @Test
    void gzipRefusesCorruptDataAndOversizedOutputAndReleasesItsBuffer() {
        ByteBuf compressed = Unpooled.buffer();
        try {
            Compression.gzip().compress(Unpooled.wrappedBuffer(sample(50_000)), compressed);
            MalformedMessageException tooBig = assertThrows(MalformedMessageException.class,
                    () -> Compression.gzip().decompress(compressed, allocator, 49_999));
            assertTrue(tooBig.getMessage().contains("49999"), tooBig.getMessage());
            assertEquals(0, allocator.metric().usedHeapMemory());

            ByteBuf cut = compressed.slice(0, compressed.readableBytes() / 2);
            assertThrows(MalformedMessageException.class, () -> Compression.gzip().decompress(cut, allocator, 1 << 20));
            assertEquals(0, allocator.metric().usedHeapMemory());

            ByteBuf notGzip = Unpooled.wrappedBuffer(new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
            assertThrows(MalformedMessageException.class,
                    () -> Compression.gzip().decompress(notGzip, allocator, 1 << 20));
            assertEquals(0, allocator.metric().usedHeapMemory());
        } finally {
            compressed.release();
        }
    }

    @Test
    void noneCopiesAndEnforcesTheLimit() {
        ByteBuf src = Unpooled.wrappedBuffer(new byte[]{1, 2, 3});
        ByteBuf copy = Compression.none().decompress(src, allocator, 3);
        try {
            assertEquals(src, copy);
        } finally {
            copy.release();
        }
        assertThrows(MalformedMessageException.class, () -> Compression.none().decompress(src, allocator, 2));
        ByteBuf out = Unpooled.buffer();
        Compression.none().compress(src, out);
        assertEquals(src, out);
        out.release();
    }
}
