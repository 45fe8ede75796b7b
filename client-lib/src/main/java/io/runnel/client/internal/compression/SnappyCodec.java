package io.runnel.client.internal.compression;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.runnel.protocol.record.compression.Compression;
import org.xerial.snappy.SnappyInputStream;
import org.xerial.snappy.SnappyOutputStream;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Codec 2: the records as one stream in xerial's snappy framing (snappy-java's {@code SnappyOutputStream}: an
 * 8-byte magic, version and compatible-version ints, then 32 KiB blocks each prefixed by its compressed length),
 * which is what Kafka writes and reads. Stateless; any thread.
 */
final class SnappyCodec implements Compression {
    static final SnappyCodec INSTANCE = new SnappyCodec();

    private SnappyCodec() {
    }

    @Override
    public int id() {
        return SNAPPY_ID;
    }

    @Override
    public String name() {
        return "snappy";
    }

    @Override
    public void compress(ByteBuf src, ByteBuf dst) {
        try (SnappyOutputStream out = new SnappyOutputStream(new ByteBufOutputStream(dst))) {
            src.getBytes(src.readerIndex(), out, src.readableBytes());
        } catch (IOException e) {
            // Only a ByteBuf is written to; an IOException here means a bug, not bad input.
            throw new UncheckedIOException("snappy compression into a buffer failed", e);
        }
    }

    @Override
    public ByteBuf decompress(ByteBuf src, ByteBufAllocator alloc, int maxBytes) {
        ByteBuf view = src.slice(src.readerIndex(), src.readableBytes());
        try {
            return CodecStreams.readFully(name(), new SnappyInputStream(new ByteBufInputStream(view)), alloc,
                    maxBytes, src.readableBytes() * 3);
        } catch (IOException e) {
            throw new io.runnel.protocol.MalformedMessageException("snappy records have no valid stream header: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
