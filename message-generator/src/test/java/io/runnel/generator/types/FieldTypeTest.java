package io.runnel.generator.types;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FieldTypeTest {
    private static final WireSite FLEXIBLE_NULLABLE_FROM_3 = new WireSite("f", "buf", "flexible", "version >= 3");
    private static final WireSite PLAIN = new WireSite("f", "buf", "false", "false");
    private static final WireSite COMPACT_NULLABLE = new WireSite("f", "body", "true", "true");

    @Test
    void schemaNamesFindTheirTypes() {
        List<String> names = List.of("bool", "int8", "int16", "uint16", "int32", "uint32", "int64", "varint",
                "varlong", "uuid", "float64", "string", "bytes", "records");
        for (String name : names) {
            assertEquals(name, ScalarType.named(name).orElseThrow().schemaName());
        }
        assertEquals(names.size(), ScalarType.all().size());
        assertSame(StringType.INSTANCE, ScalarType.named("string").orElseThrow());
        assertTrue(ScalarType.named("int33").isEmpty());
        assertTrue(ScalarType.named("[]int32").isEmpty());
        assertTrue(ScalarType.named("Topic").isEmpty());
    }

    @Test
    void primitivesMapToJavaTypesAndBoxes() {
        assertEquals("short", PrimitiveType.INT16.javaType());
        assertEquals("Short", PrimitiveType.INT16.elementJavaType());
        assertEquals("long", PrimitiveType.UINT32.javaType());
        assertEquals("UUID", PrimitiveType.UUID.elementJavaType());
        assertEquals("List<Integer>", new ArrayType(PrimitiveType.INT32).javaType());
        assertEquals("List<Topic>", new ArrayType(new StructType("Topic")).javaType());
        assertEquals(4, PrimitiveType.INT32.minWireBytes());
        assertEquals(16, PrimitiveType.UUID.minWireBytes());
        assertEquals(1, PrimitiveType.VARLONG.minWireBytes());
        assertEquals(1, new StructType("Topic").minWireBytes());
    }

    @Test
    void primitiveDefaultsBecomeTypedLiterals() {
        assertEquals("(short) -1", PrimitiveType.INT16.defaultLiteral("-1"));
        assertEquals("(byte) 0", PrimitiveType.INT8.defaultLiteral(null));
        assertEquals("2147483647", PrimitiveType.INT32.defaultLiteral("0x7fffffff"));
        assertEquals("-1L", PrimitiveType.INT64.defaultLiteral("-1"));
        assertEquals("0L", PrimitiveType.VARLONG.defaultLiteral(null));
        assertEquals("true", PrimitiveType.BOOL.defaultLiteral("true"));
        assertEquals("false", PrimitiveType.BOOL.defaultLiteral(null));
        assertEquals("0.0", PrimitiveType.FLOAT64.defaultLiteral(null));
        assertEquals("1.5", PrimitiveType.FLOAT64.defaultLiteral("1.5"));
        assertEquals("ZERO_UUID", PrimitiveType.UUID.defaultLiteral(null));
        assertThrows(IllegalArgumentException.class, () -> PrimitiveType.INT32.defaultLiteral("abc"));
        assertThrows(IllegalArgumentException.class, () -> PrimitiveType.BOOL.defaultLiteral("yes"));
        assertThrows(IllegalArgumentException.class, () -> PrimitiveType.FLOAT64.defaultLiteral("NaN"));
    }

    @Test
    void referenceDefaultsAreEmptyOrNull() {
        assertEquals("\"\"", StringType.INSTANCE.defaultLiteral(null));
        assertEquals("null", StringType.INSTANCE.defaultLiteral("null"));
        assertEquals("\"range\"", StringType.INSTANCE.defaultLiteral("range"));
        assertThrows(IllegalArgumentException.class, () -> StringType.INSTANCE.defaultLiteral("a\"b"));
        assertEquals("EMPTY_BYTES", BytesType.INSTANCE.defaultLiteral(null));
        assertEquals("null", BytesType.INSTANCE.defaultLiteral("null"));
        assertEquals("null", RecordsType.INSTANCE.defaultLiteral(null));
        assertEquals("new Leader()", new StructType("Leader").defaultLiteral(null));
        assertEquals("new ArrayList<>(0)", new ArrayType(PrimitiveType.INT32).defaultLiteral(null));
        for (FieldType t : List.of(BytesType.INSTANCE, RecordsType.INSTANCE, new StructType("Leader"),
                new ArrayType(StringType.INSTANCE))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.defaultLiteral("x"));
            assertTrue(e.getMessage().contains(t.toString()), e.getMessage());
        }
    }

    @Test
    void defaultTestsMatchTheDefault() {
        assertEquals("this.a == -1", PrimitiveType.INT32.isDefault("this.a", "-1"));
        assertEquals("Objects.equals(this.a, ZERO_UUID)", PrimitiveType.UUID.isDefault("this.a", "ZERO_UUID"));
        assertEquals("Objects.equals(this.a, null)", StringType.INSTANCE.isDefault("this.a", "null"));
        assertEquals("(this.a != null && this.a.length == 0)", BytesType.INSTANCE.isDefault("this.a", "EMPTY_BYTES"));
        assertEquals("this.a == null", new ArrayType(PrimitiveType.INT32).isDefault("this.a", "null"));
        assertEquals("(this.a != null && this.a.isEmpty())",
                new ArrayType(PrimitiveType.INT32).isDefault("this.a", "new ArrayList<>(0)"));
        assertEquals("new Leader().equals(this.a)", new StructType("Leader").isDefault("this.a", "new Leader()"));
    }

    @Test
    void onlyWirePrimitivesCannotBeNull() {
        for (PrimitiveType p : PrimitiveType.values()) {
            assertFalse(p.canBeNull(), p.name());
        }
        for (FieldType t : List.of(StringType.INSTANCE, BytesType.INSTANCE, RecordsType.INSTANCE,
                new StructType("S"), new ArrayType(PrimitiveType.INT8))) {
            assertTrue(t.canBeNull(), t.toString());
        }
    }

    @Test
    void stringReadsFoldConstantConditionsAndTestTheOthers() {
        assertEquals("(flexible ? (version >= 3 ? WireReader.readCompactNullableString(buf)"
                        + " : WireReader.readCompactString(buf)) : (version >= 3 ? WireReader.readNullableString(buf)"
                        + " : WireReader.readString(buf)))",
                StringType.INSTANCE.readExpression("buf", "flexible", "version >= 3"));
        assertEquals("WireReader.readString(buf)", StringType.INSTANCE.readExpression("buf", "false", "false"));
        assertEquals("WireReader.readCompactNullableBytes(body)",
                BytesType.INSTANCE.readExpression("body", "true", "true"));
        assertEquals("WireWriter.writeNullableString(buf, this.x);",
                StringType.INSTANCE.writeStatement("buf", "false", "true", "this.x"));
        assertEquals("if (flexible) { WireWriter.writeCompactBytes(buf, v); } else { WireWriter.writeBytes(buf, v); }",
                BytesType.INSTANCE.writeStatement("buf", "flexible", "false", "v"));
    }

    @Test
    void recordsIgnoreNullabilityAndPrimitivesIgnoreBoth() {
        assertEquals("(flexible ? WireReader.readCompactRecords(buf) : WireReader.readRecords(buf))",
                RecordsType.INSTANCE.readExpression("buf", "flexible", "version >= 3"));
        assertEquals("WireReader.readInt32(buf)", PrimitiveType.INT32.readExpression("buf", "flexible", "true"));
        assertEquals("buf.writeInt((int) v);", PrimitiveType.UINT32.writeStatement("buf", "flexible", "true", "v"));
        StringBuilder out = new StringBuilder();
        PrimitiveType.INT64.appendRead(out, "  ", PLAIN, "obj.offset");
        assertEquals("  obj.offset = WireReader.readInt64(buf);\n", out.toString());
    }

    @Test
    void nullableStructsCarryAMarkerByte() {
        StructType leader = new StructType("Leader");
        StringBuilder plain = new StringBuilder();
        leader.appendRead(plain, "", PLAIN, "obj.leader");
        assertEquals("obj.leader = Leader.read(buf, version);\n", plain.toString());

        StringBuilder nullable = new StringBuilder();
        leader.appendRead(nullable, "", FLEXIBLE_NULLABLE_FROM_3, "obj.leader");
        assertTrue(nullable.toString().startsWith("if (version >= 3 && WireReader.readInt8(buf) < 0) {\n"
                + "    obj.leader = null;\n"), nullable.toString());

        StringBuilder write = new StringBuilder();
        leader.appendWrite(write, "", FLEXIBLE_NULLABLE_FROM_3, "this.leader");
        assertTrue(write.toString().contains("        buf.writeByte(-1);\n"), write.toString());
        assertTrue(write.toString().contains("        buf.writeByte(1);\n        this.leader.write(buf, version);\n"),
                write.toString());
    }

    @Test
    void arraysBoundTheirCountAndRefuseNullWhereNotNullable() {
        ArrayType ints = new ArrayType(PrimitiveType.INT32);
        StringBuilder read = new StringBuilder();
        ints.appendRead(read, "", PLAIN, "obj.ids");
        String code = read.toString();
        assertTrue(code.contains("int count = WireReader.readArrayLength(buf, 4);"), code);
        assertTrue(code.contains("throw new MalformedMessageException(\"f is null but not nullable"), code);
        assertFalse(code.contains("obj.ids = null;"), code);
        assertTrue(code.contains("list.add(WireReader.readInt32(buf));"), code);

        StringBuilder nullable = new StringBuilder();
        new ArrayType(new StructType("Topic")).appendRead(nullable, "", COMPACT_NULLABLE, "obj.topics");
        assertTrue(nullable.toString().contains("int count = WireReader.readCompactArrayLength(body, 1);"));
        assertTrue(nullable.toString().contains("if (!(true)) {"), nullable.toString());
        assertTrue(nullable.toString().contains("obj.topics = null;"), nullable.toString());
        assertTrue(nullable.toString().contains("list.add(Topic.read(body, version));"), nullable.toString());

        StringBuilder write = new StringBuilder();
        new ArrayType(StringType.INSTANCE).appendWrite(write, "", FLEXIBLE_NULLABLE_FROM_3, "this.names");
        String w = write.toString();
        assertTrue(w.contains("if (!(version >= 3)) {\n        throw new IllegalArgumentException("), w);
        assertTrue(w.contains("if (flexible) { WireWriter.writeCompactArrayLength(buf, -1); }"), w);
        assertTrue(w.contains("String element = this.names.get(i);"), w);
        assertTrue(w.contains("if (flexible) { WireWriter.writeCompactString(buf, element); }"), w);
    }

    @Test
    void valueMethodTermsFollowTheJavaType() {
        assertEquals("Double.compare(x, other.x) == 0", PrimitiveType.FLOAT64.equalsTerm("x"));
        assertEquals("Double.hashCode(x)", PrimitiveType.FLOAT64.hashTerm("x"));
        assertEquals("x == other.x", PrimitiveType.INT32.equalsTerm("x"));
        assertEquals("Integer.hashCode(x)", PrimitiveType.INT32.hashTerm("x"));
        assertEquals("Objects.equals(x, other.x)", PrimitiveType.UUID.equalsTerm("x"));
        assertEquals("Arrays.equals(x, other.x)", BytesType.INSTANCE.equalsTerm("x"));
        assertEquals("Arrays.hashCode(x)", BytesType.INSTANCE.hashTerm("x"));
        assertEquals("(x == null ? \"null\" : x.length + \" bytes\")", BytesType.INSTANCE.toStringTerm("x"));
        assertEquals("Objects.hashCode(x)", new ArrayType(BytesType.INSTANCE).hashTerm("x"));
        assertEquals("x", new ArrayType(BytesType.INSTANCE).toStringTerm("x"));
    }

    @Test
    void arraysCannotBeArrayElements() {
        Set<Class<?>> elements = Arrays.stream(ElementType.class.getPermittedSubclasses()).collect(Collectors.toSet());
        assertEquals(Set.of(ScalarType.class, StructType.class), elements);
    }
}
