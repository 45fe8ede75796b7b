package io.runnel.protocol.record.compression;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.runnel.protocol.MalformedMessageException;

/** Codec 0: the records are stored as they are. */
final class NoCompression implements Compression {
    static final NoCompression INSTANCE = new NoCompression();

    private NoCompression() {
    }

    @Override
    public int id() {
        return NONE_ID;
    }

    @Override
    public String name() {
        return "none";
    }

    @Override
    public void compress(ByteBuf src, ByteBuf dst) {
        dst.writeBytes(src, src.readerIndex(), src.readableBytes());
    }

    @Override
    public ByteBuf decompress(ByteBuf src, ByteBufAllocator alloc, int maxBytes) {
        if (src.readableBytes() > maxBytes) {
            throw new MalformedMessageException("records of " + src.readableBytes() + " bytes exceed the limit of "
                    + maxBytes);
        }
        ByteBuf out = alloc.buffer(src.readableBytes());
        out.writeBytes(src, src.readerIndex(), src.readableBytes());
        return out;
    }

    @Override
    public String toString() {
        return name();
    }
}
