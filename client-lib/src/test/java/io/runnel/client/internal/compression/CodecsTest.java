package io.runnel.client.internal.compression;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.runnel.client.CompressionType;
import io.runnel.protocol.MalformedMessageException;
import io.runnel.protocol.record.compression.Compression;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Round trips into every kind of buffer, the decompressed-size limit, and damaged input, for every codec. */
class CodecsTest {
    private static final PooledByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

    /** 200 KiB: text that compresses, with a stretch of random bytes that does not (stored raw by lz4). */
    private static byte[] payload() {
        byte[] text = "the quick brown fox jumps over the lazy dog ".repeat(3500).getBytes(StandardCharsets.UTF_8);
        byte[] data = new byte[200 * 1024];
        System.arraycopy(text, 0, data, 0, Math.min(text.length, data.length));
        byte[] noise = new byte[70 * 1024];
        new Random(7).nextBytes(noise);
        System.arraycopy(noise, 0, data, data.length - noise.length, noise.length);
        return data;
    }

    private static ByteBuf compress(Compression codec, byte[] data, Supplier<ByteBuf> dst) {
        ByteBuf src = Unpooled.wrappedBuffer(data);
        ByteBuf out = dst.get();
        codec.compress(src, out);
        assertEquals(0, src.readerIndex(), "compress moved the source's reader index");
        return out;
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void roundTripThroughHeapDirectAndCompositeBuffers(CompressionType type) {
        Compression codec = Codecs.of(type);
        assertEquals(type.id(), codec.id());
        assertEquals(type.kafkaName(), codec.name());
        byte[] data = payload();
        Supplier<ByteBuf> composite = () -> {
            CompositeByteBuf c = Unpooled.compositeBuffer();
            c.addComponent(true, Unpooled.buffer(16));
            c.addComponent(true, Unpooled.buffer(16));
            c.writerIndex(0);
            return c;
        };
        for (Supplier<ByteBuf> dst : java.util.List.<Supplier<ByteBuf>>of(Unpooled::buffer,
                () -> ALLOC.directBuffer(64), composite)) {
            ByteBuf compressed = compress(codec, data, dst);
            try {
                ByteBuf restored = codec.decompress(compressed, ALLOC, data.length);
                try {
                    assertArrayEquals(data, ByteBufUtil.getBytes(restored));
                } finally {
                    restored.release();
                }
            } finally {
                compressed.release();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = {"GZIP", "SNAPPY", "LZ4", "ZSTD"})
    void outputBeyondTheLimitIsRejected(CompressionType type) {
        Compression codec = Codecs.of(type);
        byte[] data = payload();
        ByteBuf compressed = compress(codec, data, Unpooled::buffer);
        try {
            MalformedMessageException e = assertThrows(MalformedMessageException.class,
                    () -> codec.decompress(compressed, ALLOC, data.length - 1));
            assertTrue(e.getMessage().contains("more than " + (data.length - 1)), e.getMessage());
        } finally {
            compressed.release();
        }
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = {"GZIP", "SNAPPY", "LZ4", "ZSTD"})
    void truncatedInputIsRejected(CompressionType type) {
        Compression codec = Codecs.of(type);
        ByteBuf compressed = compress(codec, payload(), Unpooled::buffer);
        try {
            ByteBuf cut = compressed.slice(0, compressed.readableBytes() / 2);
            assertThrows(MalformedMessageException.class, () -> codec.decompress(cut, ALLOC, 1 << 20));
        } finally {
            compressed.release();
        }
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = {"GZIP", "SNAPPY", "LZ4", "ZSTD"})
    void garbageIsRejected(CompressionType type) {
        byte[] garbage = new byte[512];
        new Random(3).nextBytes(garbage);
        assertThrows(MalformedMessageException.class,
                () -> Codecs.of(type).decompress(Unpooled.wrappedBuffer(garbage), ALLOC, 1 << 20));
    }

    @org.junit.jupiter.api.Test
    void lz4HeaderIsKafkasIndependentBlocks64KiBWithAValidChecksum() {
        ByteBuf compressed = compress(Codecs.of(CompressionType.LZ4), new byte[]{1, 2, 3}, Unpooled::buffer);
        assertEquals(Lz4FrameCodec.MAGIC, compressed.getIntLE(0));
        assertEquals(0x60, compressed.getUnsignedByte(4), "FLG: version 1, independent blocks, no checksums");
        assertEquals(0x40, compressed.getUnsignedByte(5), "BD: 64 KiB blocks");
        ByteBuf damaged = compressed.copy();
        damaged.setByte(6, damaged.getByte(6) ^ 0x01);
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> Codecs.of(CompressionType.LZ4).decompress(damaged, ALLOC, 100));
        assertTrue(e.getMessage().contains("header checksum"), e.getMessage());
    }
}
