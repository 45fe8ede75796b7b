package io.runnel.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.runnel.broker.logging.RateLimitedLogger;

import java.util.List;

/**
 * Splits the byte stream into Kafka request frames: a 4-byte big-endian size, then that many bytes. Each frame goes
 * on as a retained slice of the network buffer.
 *
 * <p>The size is checked as soon as its 4 bytes arrive: a negative size or one above the limit closes the
 * connection before a byte is allocated for the frame. A partial frame simply waits for more bytes; it never
 * holds up another connection.
 */
final class FrameDecoder extends ByteToMessageDecoder {
    private final int maxFrameBytes;
    private final RateLimitedLogger badFrameLog;
    private boolean rejected;

    FrameDecoder(int maxFrameBytes, RateLimitedLogger badFrameLog) {
        this.maxFrameBytes = maxFrameBytes;
        this.badFrameLog = badFrameLog;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (rejected) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < Integer.BYTES) {
            return;
        }
        int size = in.getInt(in.readerIndex());
        if (size < 0 || size > maxFrameBytes) {
            rejected = true;
            in.skipBytes(in.readableBytes());
            badFrameLog.warn("Closing connection from " + ctx.channel().remoteAddress() + ": request size " + size
                    + (size < 0 ? " is negative" : " exceeds socket.request.max.bytes=" + maxFrameBytes));
            ctx.close();
            return;
        }
        if (in.readableBytes() - Integer.BYTES < size) {
            return;
        }
        in.skipBytes(Integer.BYTES);
        out.add(in.readRetainedSlice(size));
    }
}
