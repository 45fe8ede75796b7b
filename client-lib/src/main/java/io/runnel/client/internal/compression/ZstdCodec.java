package io.runnel.client.internal.compression;

import com.github.luben.zstd.RecyclingBufferPool;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.runnel.protocol.MalformedMessageException;
import io.runnel.protocol.record.compression.Compression;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Codec 4: the records as Zstandard frames (zstd-jni's streaming API, level 3, Kafka's default). Reads any valid
 * frame sequence, with or without the content size in the frame header, as Kafka's client writes it. Stateless;
 * any thread.
 */
final class ZstdCodec implements Compression {
    static final ZstdCodec INSTANCE = new ZstdCodec();

    /** Kafka's default {@code compression.zstd.level}. */
    static final int LEVEL = 3;

    private ZstdCodec() {
    }

    @Override
    public int id() {
        return ZSTD_ID;
    }

    @Override
    public String name() {
        return "zstd";
    }

    @Override
    public void compress(ByteBuf src, ByteBuf dst) {
        try (ZstdOutputStreamNoFinalizer out = new ZstdOutputStreamNoFinalizer(new ByteBufOutputStream(dst),
                RecyclingBufferPool.INSTANCE, LEVEL)) {
            src.getBytes(src.readerIndex(), out, src.readableBytes());
        } catch (IOException e) {
            // Only a ByteBuf is written to; an IOException here means a bug, not bad input.
            throw new UncheckedIOException("zstd compression into a buffer failed", e);
        }
    }

    @Override
    public ByteBuf decompress(ByteBuf src, ByteBufAllocator alloc, int maxBytes) {
        ByteBuf view = src.slice(src.readerIndex(), src.readableBytes());
        try {
            return CodecStreams.readFully(name(), new ZstdInputStreamNoFinalizer(new ByteBufInputStream(view),
                    RecyclingBufferPool.INSTANCE), alloc, maxBytes, src.readableBytes() * 4);
        } catch (IOException e) {
            throw new MalformedMessageException("zstd records cannot be opened: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
