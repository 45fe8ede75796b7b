package io.runnel.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.FileRegion;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayList;
import java.util.List;

/**
 * The parts of one framed response being built: buffers and file regions in send order. The first part is a
 * buffer that starts with the 4-byte size prefix, filled in by {@link #finishInto} once every part is known.
 */
final class ResponseParts implements ResponseOutput {
    private final ByteBufAllocator alloc;
    private final List<Object> parts = new ArrayList<>();
    private ByteBuf current;
    private long bytes;

    ResponseParts(ByteBufAllocator alloc) {
        this.alloc = alloc;
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

    /** Releases every part; for a response that failed half-way. */
    void discard() {
        for (Object part : parts) {
            ReferenceCountUtil.release(part);
        }
        parts.clear();
        current = null;
    }
}
