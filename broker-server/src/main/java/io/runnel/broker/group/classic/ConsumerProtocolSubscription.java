package io.runnel.broker.group.classic;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Reads the topic list out of a classic {@code consumer} member's subscription metadata (Kafka's
 * ConsumerProtocolSubscription, any version: int16 version, then int32 count and int16-length topic names; the
 * fields after the topics are not needed here). OffsetDelete and offset retention use it to know which topics a
 * group consumes.
 */
final class ConsumerProtocolSubscription {

    private ConsumerProtocolSubscription() {
    }

    /** The subscribed topics; empty when the metadata is not a consumer subscription. */
    static Set<String> topics(byte[] metadata) {
        ByteBuffer buf = ByteBuffer.wrap(metadata);
        try {
            short version = buf.getShort();
            if (version < 0) {
                return Set.of();
            }
            int count = buf.getInt();
            if (count < 0 || count > buf.remaining() / 2) {
                return Set.of();
            }
            Set<String> topics = new LinkedHashSet<>();
            for (int i = 0; i < count; i++) {
                short length = buf.getShort();
                if (length < 0 || length > buf.remaining()) {
                    return Set.of();
                }
                byte[] name = new byte[length];
                buf.get(name);
                topics.add(new String(name, StandardCharsets.UTF_8));
            }
            return topics;
        } catch (BufferUnderflowException e) {
            // Not a consumer subscription (another client's protocol under the same type): no topics known.
            return Set.of();
        }
    }
}
