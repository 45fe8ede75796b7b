package io.runnel.protocol.oracle;

import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.types.ArrayOf;
import org.apache.kafka.common.protocol.types.CompactArrayOf;
import org.apache.kafka.common.protocol.types.Field;
import org.apache.kafka.common.protocol.types.NullableSchema;
import org.apache.kafka.common.protocol.types.Schema;
import org.apache.kafka.common.protocol.types.Struct;
import org.apache.kafka.common.protocol.types.TaggedFields;
import org.apache.kafka.common.protocol.types.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The randomizer itself must be right before it can judge Runnel: Kafka's own type system reads every byte it
 * writes, re-encodes them identically, and the random choices reach every case (nulls, empties, non-ASCII,
 * tagged fields present and absent).
 */
class RandomSchemaWriterTest {
    private static final Schema INNER = new Schema(
            new Field("id", Type.INT32),
            new Field("name", Type.COMPACT_NULLABLE_STRING),
            new Field("_tagged_fields", TaggedFields.of(0, new Field("note", Type.COMPACT_STRING))));

    private static final Schema EVERY_TYPE = new Schema(
            new Field("boolean", Type.BOOLEAN),
            new Field("int8", Type.INT8),
            new Field("int16", Type.INT16),
            new Field("uint16", Type.UINT16),
            new Field("int32", Type.INT32),
            new Field("uint32", Type.UNSIGNED_INT32),
            new Field("int64", Type.INT64),
            new Field("varint", Type.VARINT),
            new Field("varlong", Type.VARLONG),
            new Field("uuid", Type.UUID),
            new Field("float64", Type.FLOAT64),
            new Field("string", Type.STRING),
            new Field("nullable_string", Type.NULLABLE_STRING),
            new Field("compact_string", Type.COMPACT_STRING),
            new Field("compact_nullable_string", Type.COMPACT_NULLABLE_STRING),
            new Field("bytes", Type.BYTES),
            new Field("nullable_bytes", Type.NULLABLE_BYTES),
            new Field("compact_bytes", Type.COMPACT_BYTES),
            new Field("compact_nullable_bytes", Type.COMPACT_NULLABLE_BYTES),
            new Field("records", Type.RECORDS),
            new Field("nullable_records", Type.NULLABLE_RECORDS),
            new Field("compact_records", Type.COMPACT_RECORDS),
            new Field("compact_nullable_records", Type.COMPACT_NULLABLE_RECORDS),
            new Field("array", new ArrayOf(Type.INT64)),
            new Field("nullable_array", ArrayOf.nullable(Type.STRING)),
            new Field("compact_array", new CompactArrayOf(INNER)),
            new Field("compact_nullable_array", CompactArrayOf.nullable(Type.COMPACT_STRING)),
            new Field("struct", INNER),
            new Field("nullable_struct", new NullableSchema(INNER)),
            new Field("_tagged_fields", TaggedFields.of(
                    0, new Field("tagged_int", Type.INT32),
                    3, new Field("tagged_array", new CompactArrayOf(INNER)),
                    7, new Field("tagged_string", Type.COMPACT_NULLABLE_STRING))));

    @Test
    void kafkaReadsAndRewritesEveryTypeIdentically() {
        boolean nullSeen = false;
        boolean emptyArraySeen = false;
        boolean nonAsciiSeen = false;
        boolean emptyStringSeen = false;
        boolean nullStructSeen = false;
        boolean[] tagPresent = new boolean[8];
        boolean[] tagAbsent = new boolean[8];
        for (long seed = 0; seed < 300; seed++) {
            GeneratedBytes generated = RandomSchemaWriter.generate(EVERY_TYPE, seed);
            ByteBuffer in = ByteBuffer.wrap(generated.bytes());
            Struct struct = EVERY_TYPE.read(in);
            assertEquals(0, in.remaining(), "seed " + seed + ": Kafka left bytes unread");

            ByteBuffer out = ByteBuffer.allocate(EVERY_TYPE.sizeOf(struct));
            EVERY_TYPE.write(out, struct);
            assertArrayEquals(generated.bytes(), out.array(), "seed " + seed + ": Kafka re-encodes differently\n"
                    + HexDump.difference(generated.bytes(), out.array()));

            nullSeen |= struct.get("compact_nullable_string") == null;
            nullStructSeen |= struct.get("nullable_struct") == null;
            emptyArraySeen |= ((Object[]) struct.get("array")).length == 0;
            String s = struct.getString("compact_string");
            emptyStringSeen |= s.isEmpty();
            nonAsciiSeen |= s.getBytes(StandardCharsets.UTF_8).length != s.length();
            @SuppressWarnings("unchecked")
            Map<Integer, Object> tags = (Map<Integer, Object>) struct.get("_tagged_fields");
            for (int tag : new int[] {0, 3, 7}) {
                tagPresent[tag] |= tags.containsKey(tag);
                tagAbsent[tag] |= !tags.containsKey(tag);
            }
        }
        assertTrue(nullSeen && nullStructSeen && emptyArraySeen && emptyStringSeen && nonAsciiSeen,
                "random values miss a case: null " + nullSeen + ", null struct " + nullStructSeen + ", empty array "
                        + emptyArraySeen + ", empty string " + emptyStringSeen + ", non-ASCII " + nonAsciiSeen);
        for (int tag : new int[] {0, 3, 7}) {
            assertTrue(tagPresent[tag] && tagAbsent[tag], "tag " + tag + " present " + tagPresent[tag]
                    + ", absent " + tagAbsent[tag]);
        }
    }

    @Test
    void lengthFieldsPointAtTheLengthsWritten() {
        GeneratedBytes generated = RandomSchemaWriter.generate(EVERY_TYPE, 42);
        assertTrue(generated.lengthFields().size() > 20, "too few length fields recorded");
        ByteBuffer b = ByteBuffer.wrap(generated.bytes());
        for (LengthField f : generated.lengthFields()) {
            int value = switch (f.encoding()) {
                case INT16 -> b.getShort(f.offset());
                case INT32 -> b.getInt(f.offset());
                case UNSIGNED_VARINT -> decodeUnsignedVarint(generated.bytes(), f.offset(), f.width());
            };
            assertEquals(f.rawValue(), value, "length field at " + f.offset());
        }
    }

    /** Every message type kafka-clients knows, every version, both directions: Kafka accepts the random bytes. */
    @ParameterizedTest
    @EnumSource(ApiMessageType.class)
    void kafkaDecodesRandomMessagesOfEveryApi(ApiMessageType type) {
        for (Direction direction : Direction.values()) {
            for (short v = type.lowestSupportedVersion(); v <= type.highestSupportedVersion(true); v++) {
                for (long seed = 0; seed < 5; seed++) {
                    OracleMessage message = OracleMessage.random(type, direction, v, seed);
                    ApiMessage again = KafkaOracle.read(type, direction, v, message.canonical());
                    assertEquals(message.kafkaMessage(), again, message.describe());
                    assertArrayEquals(message.canonical(), KafkaOracle.write(again, v), message.describe());
                }
            }
        }
    }

    private static int decodeUnsignedVarint(byte[] bytes, int offset, int width) {
        int value = 0;
        for (int i = 0; i < width; i++) {
            value |= (bytes[offset + i] & 0x7f) << (7 * i);
        }
        return value;
    }
}
