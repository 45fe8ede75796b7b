package io.runnel.protocol.oracle;

import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Message;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.protocol.types.Schema;

import java.nio.ByteBuffer;

/**
 * kafka-clients as the reference codec: its schemas, its message classes' reader and its writer. Everything
 * here is test scope; Runnel's own code never sees these classes.
 */
public final class KafkaOracle {
    private KafkaOracle() {
    }

    /** Kafka's message type for an API key; fails if kafka-clients does not know the key. */
    public static ApiMessageType type(short apiKey) {
        return ApiMessageType.fromApiKey(apiKey);
    }

    /** Kafka's schema of one message body at one version; fails if kafka-clients has none. */
    public static Schema schema(ApiMessageType type, Direction direction, short version) {
        Schema[] schemas = direction == Direction.REQUEST ? type.requestSchemas() : type.responseSchemas();
        if (version < 0 || version >= schemas.length || schemas[version] == null) {
            throw new IllegalArgumentException("kafka-clients has no " + type.name + direction.suffix()
                    + " schema at version " + version);
        }
        return schemas[version];
    }

    /** An empty kafka-clients message object for an API and direction. */
    public static ApiMessage newMessage(ApiMessageType type, Direction direction) {
        return direction == Direction.REQUEST ? type.newRequest() : type.newResponse();
    }

    /**
     * Decodes {@code bytes} with kafka-clients' message class into {@code target} and checks that every byte
     * was consumed; Kafka's reader itself does not notice trailing bytes.
     */
    public static <M extends Message> M read(M target, byte[] bytes, short version) {
        ByteBufferAccessor accessor = new ByteBufferAccessor(ByteBuffer.wrap(bytes));
        target.read(accessor, version);
        if (accessor.remaining() != 0) {
            throw new IllegalStateException("kafka-clients left " + accessor.remaining() + " of " + bytes.length
                    + " bytes unread decoding " + target.getClass().getSimpleName() + " v" + version);
        }
        return target;
    }

    /** Decodes one message body of an API at a version with kafka-clients. */
    public static ApiMessage read(ApiMessageType type, Direction direction, short version, byte[] bytes) {
        return read(newMessage(type, direction), bytes, version);
    }

    /** Encodes a message with kafka-clients: its size computation, then its writer. */
    public static byte[] write(Message message, short version) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = message.size(cache, version);
        ByteBuffer buffer = ByteBuffer.allocate(size);
        message.write(new ByteBufferAccessor(buffer), cache, version);
        if (buffer.hasRemaining()) {
            throw new IllegalStateException("kafka-clients wrote " + buffer.position() + " bytes but sized "
                    + message.getClass().getSimpleName() + " v" + version + " at " + size);
        }
        return buffer.array();
    }
}
