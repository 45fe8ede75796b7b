package io.runnel.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import io.runnel.protocol.message.ResponseHeader;

/** Frames a response: 4-byte size, response header (v0 or v1), body at its version. */
@ChannelHandler.Sharable
final class ResponseEncoder extends MessageToByteEncoder<OutboundResponse> {
    ResponseEncoder() {
        super(OutboundResponse.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, OutboundResponse response, ByteBuf out) {
        int start = out.writerIndex();
        out.writeInt(0);
        new ResponseHeader().correlationId(response.correlationId()).write(out, response.headerVersion());
        response.body().write(out, response.version());
        out.setInt(start, out.writerIndex() - start - Integer.BYTES);
    }
}
