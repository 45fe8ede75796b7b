package io.runnel.broker.group;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.runnel.protocol.message.ApiMessage;

import java.util.function.BiFunction;

/** Encodes a response at a version and decodes it back, as a client would see it. */
final class Wire {

    private Wire() {
    }

    static <T extends ApiMessage> T roundTrip(T message, short version, BiFunction<ByteBuf, Short, T> reader) {
        ByteBuf buf = Unpooled.buffer();
        try {
            message.write(buf, version);
            T decoded = reader.apply(buf, version);
            if (buf.isReadable()) {
                throw new AssertionError(buf.readableBytes() + " bytes left after decoding " + message);
            }
            return decoded;
        } finally {
            buf.release();
        }
    }
}
