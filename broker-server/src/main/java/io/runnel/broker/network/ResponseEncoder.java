package io.runnel.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.ResponseHeader;

import java.util.List;

/**
 * Frames a response: 4-byte size, response header (v0 or v1), body at its version. An ordinary body becomes one
 * buffer; a {@link ZeroCopyMessage} becomes buffers interleaved with file regions (released here once written
 * into parts, whatever happens).
 */
@ChannelHandler.Sharable
final class ResponseEncoder extends MessageToMessageEncoder<OutboundResponse> {
    ResponseEncoder() {
        super(OutboundResponse.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, OutboundResponse response, List<Object> out) {
        ApiMessage body = response.body();
        if (body instanceof ZeroCopyMessage zeroCopy) {
            encodeParts(ctx, response, zeroCopy, out);
            return;
        }
        ByteBuf buf = ctx.alloc().ioBuffer();
        try {
            buf.writeInt(0);
            writeHeader(response, buf);
            body.write(buf, response.version());
            buf.setInt(0, buf.writerIndex() - Integer.BYTES);
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
        out.add(buf);
    }

    private static void encodeParts(ChannelHandlerContext ctx, OutboundResponse response, ZeroCopyMessage body,
                                    List<Object> out) {
        ResponseParts parts = new ResponseParts(ctx.alloc(), ctx.pipeline().get(SslHandler.class) != null);
        try {
            ByteBuf first = parts.buffer();
            first.writeInt(0);
            writeHeader(response, first);
            body.writeTo(parts, response.version());
            parts.finishInto(out);
        } catch (RuntimeException e) {
            parts.discard();
            throw e;
        } finally {
            body.release();
        }
    }

    private static void writeHeader(OutboundResponse response, ByteBuf buf) {
        new ResponseHeader().correlationId(response.correlationId()).write(buf, response.headerVersion());
    }
}
