package io.runnel.protocol.oracle;

import org.apache.kafka.common.protocol.types.ArrayOf;
import org.apache.kafka.common.protocol.types.BoundField;
import org.apache.kafka.common.protocol.types.CompactArrayOf;
import org.apache.kafka.common.protocol.types.Field;
import org.apache.kafka.common.protocol.types.NullableSchema;
import org.apache.kafka.common.protocol.types.Schema;
import org.apache.kafka.common.protocol.types.TaggedFields;
import org.apache.kafka.common.protocol.types.Type;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Writes random but valid Kafka wire bytes for any kafka-clients {@link Schema} by walking the schema's fields
 * and types: every primitive, nullable and compact variant, arrays, nested and nullable structs, and tagged
 * fields (each present or absent at random, written in ascending tag order).
 *
 * <p>The encoding of every type is written here from the protocol's definition, not delegated to Kafka, so the
 * same walk can be checked against Kafka's own reader.
 */
public final class RandomSchemaWriter {
    private final RandomValues values;

    private RandomSchemaWriter(Random random) {
        this.values = new RandomValues(random);
    }

    /** Random bytes for {@code schema}, reproducible from {@code seed}. */
    public static GeneratedBytes generate(Schema schema, long seed) {
        WireSink sink = new WireSink();
        new RandomSchemaWriter(new Random(seed)).writeStruct(sink, schema, 0);
        return new GeneratedBytes(sink.toByteArray(), sink.lengthFields());
    }

    private void writeStruct(WireSink sink, Schema schema, int depth) {
        for (BoundField field : schema.fields()) {
            writeValue(sink, field.def.type, depth);
        }
    }

    private void writeValue(WireSink sink, Type type, int depth) {
        if (type == Type.BOOLEAN) {
            sink.int8(values.bool() ? 1 : 0);
        } else if (type == Type.INT8) {
            sink.int8(values.int8());
        } else if (type == Type.INT16) {
            sink.int16(values.int16());
        } else if (type == Type.UINT16) {
            sink.int16(values.below(1 << 16));
        } else if (type == Type.INT32) {
            sink.int32(values.int32());
        } else if (type == Type.UNSIGNED_INT32) {
            sink.int32((int) (values.int64() & 0xffffffffL));
        } else if (type == Type.INT64) {
            sink.int64(values.int64());
        } else if (type == Type.VARINT) {
            int v = values.int32();
            sink.unsignedVarint((v << 1) ^ (v >> 31));
        } else if (type == Type.VARLONG) {
            long v = values.int64();
            sink.unsignedVarlong((v << 1) ^ (v >> 63));
        } else if (type == Type.UUID) {
            boolean zero = values.chance(0.2);
            sink.int64(zero ? 0 : values.int64());
            sink.int64(zero ? 0 : values.int64());
        } else if (type == Type.FLOAT64) {
            sink.int64(Double.doubleToRawLongBits(values.float64()));
        } else if (type == Type.STRING || type == Type.NULLABLE_STRING) {
            writeString(sink, type == Type.NULLABLE_STRING, false);
        } else if (type == Type.COMPACT_STRING || type == Type.COMPACT_NULLABLE_STRING) {
            writeString(sink, type == Type.COMPACT_NULLABLE_STRING, true);
        } else if (type == Type.BYTES || type == Type.NULLABLE_BYTES
                || type == Type.RECORDS || type == Type.NULLABLE_RECORDS) {
            writeBytes(sink, type.isNullable(), false);
        } else if (type == Type.COMPACT_BYTES || type == Type.COMPACT_NULLABLE_BYTES
                || type == Type.COMPACT_RECORDS || type == Type.COMPACT_NULLABLE_RECORDS) {
            writeBytes(sink, type.isNullable(), true);
        } else if (type instanceof ArrayOf || type instanceof CompactArrayOf) {
            writeArray(sink, type, type instanceof CompactArrayOf, depth);
        } else if (type instanceof NullableSchema nullable) {
            if (values.chance(0.3)) {
                sink.int8(-1);
            } else {
                sink.int8(1);
                writeStruct(sink, nullable, depth + 1);
            }
        } else if (type instanceof Schema struct) {
            writeStruct(sink, struct, depth + 1);
        } else if (type instanceof TaggedFields tagged) {
            writeTaggedFields(sink, tagged, depth);
        } else {
            throw new IllegalArgumentException("no random writer for Kafka type " + type + " ("
                    + type.getClass().getName() + ")");
        }
    }

    private void writeString(WireSink sink, boolean nullable, boolean compact) {
        LengthField.Kind kind = LengthField.Kind.BYTE_LENGTH;
        if (nullable && values.chance(0.2)) {
            if (compact) {
                sink.lengthVarint(0, kind, true, 1);
            } else {
                sink.lengthInt16(-1, kind, true, 1);
            }
            return;
        }
        byte[] utf8 = values.string().getBytes(StandardCharsets.UTF_8);
        if (compact) {
            sink.lengthVarint(utf8.length + 1, kind, nullable, 1);
        } else {
            sink.lengthInt16(utf8.length, kind, nullable, 1);
        }
        sink.raw(utf8);
    }

    private void writeBytes(WireSink sink, boolean nullable, boolean compact) {
        LengthField.Kind kind = LengthField.Kind.BYTE_LENGTH;
        if (nullable && values.chance(0.2)) {
            if (compact) {
                sink.lengthVarint(0, kind, true, 1);
            } else {
                sink.lengthInt32(-1, kind, true, 1);
            }
            return;
        }
        byte[] b = values.bytes();
        if (compact) {
            sink.lengthVarint(b.length + 1, kind, nullable, 1);
        } else {
            sink.lengthInt32(b.length, kind, nullable, 1);
        }
        sink.raw(b);
    }

    private void writeArray(WireSink sink, Type arrayType, boolean compact, int depth) {
        LengthField.Kind kind = LengthField.Kind.ARRAY_COUNT;
        boolean nullable = arrayType.isNullable();
        Type element = arrayType.arrayElementType().orElseThrow();
        int minElement = minimumSize(element);
        if (nullable && values.chance(0.2)) {
            if (compact) {
                sink.lengthVarint(0, kind, true, minElement);
            } else {
                sink.lengthInt32(-1, kind, true, minElement);
            }
            return;
        }
        int count = values.arrayCount(depth);
        if (compact) {
            sink.lengthVarint(count + 1, kind, nullable, minElement);
        } else {
            sink.lengthInt32(count, kind, nullable, minElement);
        }
        for (int i = 0; i < count; i++) {
            writeValue(sink, element, depth + 1);
        }
    }

    private void writeTaggedFields(WireSink sink, TaggedFields tagged, int depth) {
        Map<Integer, WireSink> present = new TreeMap<>();
        for (Map.Entry<Integer, Field> entry : new TreeMap<>(tagged.fields()).entrySet()) {
            if (values.bool()) {
                WireSink body = new WireSink();
                writeValue(body, entry.getValue().type, depth + 1);
                present.put(entry.getKey(), body);
            }
        }
        // Each tagged field takes at least a tag byte and a size byte.
        sink.lengthVarint(present.size(), LengthField.Kind.TAG_COUNT, false, 2);
        for (Map.Entry<Integer, WireSink> entry : present.entrySet()) {
            sink.unsignedVarint(entry.getKey());
            sink.lengthVarint(entry.getValue().size(), LengthField.Kind.TAG_SIZE, false, 1);
            sink.append(entry.getValue());
        }
    }

    /** The fewest bytes any valid value of {@code type} takes on the wire. */
    static int minimumSize(Type type) {
        if (type == Type.BOOLEAN || type == Type.INT8 || type == Type.VARINT || type == Type.VARLONG) {
            return 1;
        } else if (type == Type.INT16 || type == Type.UINT16 || type == Type.STRING || type == Type.NULLABLE_STRING) {
            return 2;
        } else if (type == Type.INT32 || type == Type.UNSIGNED_INT32 || type == Type.BYTES
                || type == Type.NULLABLE_BYTES || type == Type.RECORDS || type == Type.NULLABLE_RECORDS) {
            return 4;
        } else if (type == Type.INT64 || type == Type.FLOAT64) {
            return 8;
        } else if (type == Type.UUID) {
            return 16;
        } else if (type instanceof ArrayOf) {
            return 4;
        } else if (type instanceof NullableSchema || type instanceof TaggedFields || type instanceof CompactArrayOf) {
            return 1;
        } else if (type instanceof Schema struct) {
            int sum = 0;
            for (BoundField field : struct.fields()) {
                sum += minimumSize(field.def.type);
            }
            return sum;
        }
        // Compact strings, bytes and records: a one-byte length.
        return 1;
    }
}
