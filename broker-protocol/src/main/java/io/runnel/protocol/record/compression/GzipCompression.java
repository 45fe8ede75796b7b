package io.runnel.protocol.record.compression;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.runnel.protocol.MalformedMessageException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Codec 1: the records as one gzip stream (RFC 1952), with java.util.zip. */
final class GzipCompression implements Compression {
    static final GzipCompression INSTANCE = new GzipCompression();

    private static final int STREAM_BUFFER = 8192;

    private GzipCompression() {
    }

    @Override
    public int id() {
        return GZIP_ID;
    }

    @Override
    public String name() {
        return "gzip";
    }

    @Override
    public void compress(ByteBuf src, ByteBuf dst) {
        try (GZIPOutputStream out = new GZIPOutputStream(new ByteBufOutputStream(dst), STREAM_BUFFER)) {
            src.getBytes(src.readerIndex(), out, src.readableBytes());
        } catch (IOException e) {
            // Only a ByteBuf is written to; an IOException here means a bug, not bad input.
            throw new UncheckedIOException("gzip compression into a buffer failed", e);
        }
    }

    @Override
    public ByteBuf decompress(ByteBuf src, ByteBufAllocator alloc, int maxBytes) {
        ByteBuf out = alloc.buffer(Math.min(maxBytes, Math.max(STREAM_BUFFER, src.readableBytes() * 4)));
        try (GZIPInputStream in = new GZIPInputStream(
                new ByteBufInputStream(src.slice(src.readerIndex(), src.readableBytes())), STREAM_BUFFER)) {
            while (true) {
                // Ask for one byte beyond the limit so an over-long stream is detected, not silently cut.
                int want = (int) Math.min(STREAM_BUFFER, (long) maxBytes + 1 - out.writerIndex());
                int read = out.writeBytes(in, want);
                if (read < 0) {
                    return out;
                }
                if (out.writerIndex() > maxBytes) {
                    throw new MalformedMessageException("gzip records decompress to more than " + maxBytes
                            + " bytes");
                }
            }
        } catch (IOException e) {
            out.release();
            throw new MalformedMessageException("gzip records are corrupt: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
