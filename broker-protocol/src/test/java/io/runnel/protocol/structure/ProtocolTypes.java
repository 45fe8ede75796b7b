package io.runnel.protocol.structure;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;

import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The Java types Runnel's and Kafka's generated classes use for one protocol type, described and compared in
 * protocol terms: Kafka's Uuid and Runnel's UUID are both "uuid", Kafka's BaseRecords and Runnel's ByteBuf both
 * "records", any list or keyed collection an array.
 */
final class ProtocolTypes {
    private ProtocolTypes() {
    }

    /** A byte sequence (bytes or records) by content, so that equal contents compare equal. */
    record ByteContent(String hex) {
        @Override
        public String toString() {
            return "bytes [" + hex + "]";
        }
    }

    /** "int32", "[]string", "struct MetadataResponseTopic", ...; equal for matching Runnel and Kafka types. */
    static String describe(Class<?> raw, Type generic) {
        if (Collection.class.isAssignableFrom(raw)) {
            Class<?> element = StructFields.elementType(generic);
            return "[]" + describe(element, element);
        }
        if (StructFields.isStruct(raw)) {
            return "struct " + raw.getSimpleName();
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return "bool";
        }
        if (raw == byte.class || raw == Byte.class) {
            return "int8";
        }
        if (raw == short.class || raw == Short.class) {
            return "int16";
        }
        if (raw == int.class || raw == Integer.class) {
            return "int32 (or uint16, varint)";
        }
        if (raw == long.class || raw == Long.class) {
            return "int64 (or uint32, varlong)";
        }
        if (raw == double.class || raw == Double.class) {
            return "float64";
        }
        if (raw == String.class) {
            return "string";
        }
        if (raw == UUID.class || raw == Uuid.class) {
            return "uuid";
        }
        if (raw == byte[].class || raw == ByteBuffer.class) {
            return "bytes";
        }
        if (BaseRecords.class.isAssignableFrom(raw) || ByteBuf.class.isAssignableFrom(raw)) {
            return "records";
        }
        return "unknown Java type " + raw.getName();
    }

    /**
     * A value of either side in a form that compares equal when the two sides mean the same thing: UUIDs as
     * java.util.UUID, byte sequences as {@link ByteContent}; everything else (boxed numbers, booleans, strings,
     * null) as is.
     */
    static Object comparable(Object value) {
        if (value instanceof Uuid u) {
            return new UUID(u.getMostSignificantBits(), u.getLeastSignificantBits());
        }
        if (value instanceof byte[] bytes) {
            return new ByteContent(HexFormat.of().formatHex(bytes));
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return comparable(bytes);
        }
        if (value instanceof MemoryRecords records) {
            return comparable(records.buffer());
        }
        if (value instanceof ByteBuf buf) {
            return new ByteContent(ByteBufUtil.hexDump(buf));
        }
        return value;
    }
}
