package io.runnel.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.oracle.Direction;

/** Runnel's codec driven from byte arrays, as the tests need it; releases every buffer it makes. */
final class RunnelCodec {
    private RunnelCodec() {
    }

    /**
     * Decodes one message body with Runnel and checks that the decoder consumed every byte; the decoded
     * message is handed to {@code use} and released afterwards if it holds buffers.
     */
    static <T> T decode(ApiKey key, Direction direction, short version, byte[] bytes,
                        java.util.function.Function<ApiMessage, T> use) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        try {
            ApiMessage message = direction == Direction.REQUEST
                    ? key.readRequest(in, version) : key.readResponse(in, version);
            try {
                if (in.isReadable()) {
                    throw new AssertionError("Runnel left " + in.readableBytes() + " of " + bytes.length
                            + " bytes unread decoding " + key.apiName() + direction.suffix() + " v" + version);
                }
                return use.apply(message);
            } finally {
                ReferenceCountUtil.release(message);
            }
        } finally {
            in.release();
        }
    }

    /** Encodes a Runnel message at {@code version} into a fresh byte array. */
    static byte[] encode(ApiMessage message, short version) {
        ByteBuf out = Unpooled.buffer();
        try {
            message.write(out, version);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    /**
     * Where Runnel's decoder stood when it threw on {@code bytes}, for failure reports; -1 if it did not throw.
     */
    static int failureOffset(ApiKey key, Direction direction, short version, byte[] bytes) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        try {
            ReferenceCountUtil.release(direction == Direction.REQUEST
                    ? key.readRequest(in, version) : key.readResponse(in, version));
            return -1;
        } catch (RuntimeException e) {
            return in.readerIndex();
        } finally {
            in.release();
        }
    }

    /** Decodes with Runnel and encodes the result again at the same version. */
    static byte[] reencode(ApiKey key, Direction direction, short version, byte[] bytes) {
        return decode(key, direction, version, bytes, m -> encode(m, version));
    }
}
