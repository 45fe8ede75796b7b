package io.runnel.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.FileRegion;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of one framed response being built: buffers and file regions in send order. The first part is a
 * buffer that starts with the 4-byte size prefix, filled in by {@link #finishInto} once every part is known.
 *
 * <p>On a TLS connection the bytes must pass through the cipher, so file regions cannot go to the socket as they
 * are: with {@code copyRegions} each region is read into the current buffer instead (from the page cache, as
 * {@code sendfile} would have read it) and released.
 */
final class ResponseParts implements ResponseOutput {
    private final ByteBufAllocator alloc;
    private final boolean copyRegions;
    private final List<Object> parts = new ArrayList<>();
    private ByteBuf current;
    private long bytes;

    ResponseParts(ByteBufAllocator alloc) {
        this(alloc, false);
    }

    ResponseParts(ByteBufAllocator alloc, boolean copyRegions) {
        this.alloc = alloc;
        this.copyRegions = copyRegions;
    }

    @Override
    public ByteBuf buffer() {
        if (current == null) {
            current = alloc.ioBuffer();
            parts.add(current);
        }
        return current;
    }

    @Override
    public void region(FileRegion region) {
        if (copyRegions) {
            try {
                copy(region, buffer());
            } finally {
                region.release();
            }
            return;
        }
        parts.add(region);
        bytes += region.count();
        if (current != null) {
            bytes += current.readableBytes();
            current = null;
        }
    }

    /** Writes the size prefix and moves every non-empty part to {@code out}, which then owns them. */
    void finishInto(List<Object> out) {
        if (current != null) {
            bytes += current.readableBytes();
            current = null;
        }
        long size = bytes - Integer.BYTES;
        if (parts.isEmpty() || !(parts.get(0) instanceof ByteBuf first) || size > Integer.MAX_VALUE) {
            throw new IllegalStateException("a framed response needs a leading buffer and at most 2 GiB, not "
                    + size + " bytes in " + parts.size() + " parts");
        }
        first.setInt(first.readerIndex(), (int) size);
        for (Object part : parts) {
            if (part instanceof ByteBuf buf && !buf.isReadable()) {
                buf.release();
            } else {
                out.add(part);
            }
        }
        parts.clear();
    }

    private static void copy(FileRegion region, ByteBuf target) {
        long count = region.count();
        if (count > Integer.MAX_VALUE - target.writerIndex()) {
            throw new IllegalStateException("a " + count + "-byte file region does not fit in a buffer");
        }
        target.ensureWritable((int) count);
        WritableByteChannel sink = new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) {
                int n = src.remaining();
                target.writeBytes(src);
                return n;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
        long copied = 0;
        try {
            while (copied < count) {
                long n = region.transferTo(sink, copied);
                if (n <= 0) {
                    throw new IllegalStateException("file region ended after " + copied + " of " + count + " bytes");
                }
                copied += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a file region for a TLS response", e);
        }
    }

    /** Releases every part; for a response that failed half-way. */
    void discard() {
        for (Object part : parts) {
            ReferenceCountUtil.release(part);
        }
        parts.clear();
        current = null;
    }
}
