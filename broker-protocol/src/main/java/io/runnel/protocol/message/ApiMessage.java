package io.runnel.protocol.message;

import io.netty.buffer.ByteBuf;

/**
 * A request or response body of one Kafka API. Each implementation is generated from a schema description in
 * {@code src/main/schema} and reads and writes every version the API supports; a static
 * {@code read(ByteBuf, short)} on each class decodes one.
 */
public interface ApiMessage {
    /** The Kafka API key this message belongs to. */
    short apiKey();

    /** Encodes this message at {@code version}; fields the version does not carry are left out. */
    void write(ByteBuf buf, short version);
}
