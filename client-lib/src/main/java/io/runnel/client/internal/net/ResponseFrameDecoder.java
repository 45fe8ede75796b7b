package io.runnel.client.internal.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;

import java.util.List;

/**
 * Splits the broker's byte stream into response frames: a 4-byte big-endian size, then that many bytes. Emits each
 * frame without its size prefix as a retained slice, which the next handler releases. A size below 4 (no room for
 * the correlation id) or above the limit is a framing error: the decoder throws and the connection is closed.
 *
 * <p>Runs on the connection's event loop only; one instance per channel.
 */
final class ResponseFrameDecoder extends ByteToMessageDecoder {
    private static final int SIZE_PREFIX = 4;
    private static final int MIN_FRAME = 4;

    private final int maxFrameBytes;

    ResponseFrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= SIZE_PREFIX) {
            int size = in.getInt(in.readerIndex());
            if (size < MIN_FRAME) {
                throw new CorruptedFrameException("response frame size " + size + " is below the " + MIN_FRAME
                        + " bytes of a correlation id");
            }
            if (size > maxFrameBytes) {
                throw new TooLongFrameException("response frame of " + size + " bytes exceeds the limit of "
                        + maxFrameBytes);
            }
            if (in.readableBytes() < SIZE_PREFIX + size) {
                return;
            }
            in.skipBytes(SIZE_PREFIX);
            out.add(in.readRetainedSlice(size));
        }
    }
}
