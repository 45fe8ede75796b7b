package io.runnel.generator.types;

/**
 * The fixed-size wire types and the variable-length integers. Each maps to one Java type and one
 * {@code WireReader}/{@code WireWriter} (or {@code ByteBuf}) call; compactness and nullability do not apply.
 */
public enum PrimitiveType implements ScalarType {
    BOOL("bool", "boolean", "Boolean", 1, "WireReader.readBoolean", "WireWriter.writeBoolean(%s, %s);"),
    INT8("int8", "byte", "Byte", 1, "WireReader.readInt8", "%s.writeByte(%s);"),
    INT16("int16", "short", "Short", 2, "WireReader.readInt16", "%s.writeShort(%s);"),
    UINT16("uint16", "int", "Integer", 2, "WireReader.readUint16", "%s.writeShort(%s);"),
    INT32("int32", "int", "Integer", 4, "WireReader.readInt32", "%s.writeInt(%s);"),
    UINT32("uint32", "long", "Long", 4, "WireReader.readUint32", "%s.writeInt((int) %s);"),
    INT64("int64", "long", "Long", 8, "WireReader.readInt64", "%s.writeLong(%s);"),
    VARINT("varint", "int", "Integer", 1, "WireReader.readVarint", "WireWriter.writeVarint(%s, %s);"),
    VARLONG("varlong", "long", "Long", 1, "WireReader.readVarlong", "WireWriter.writeVarlong(%s, %s);"),
    UUID("uuid", "UUID", "UUID", 16, "WireReader.readUuid", "WireWriter.writeUuid(%s, %s);"),
    FLOAT64("float64", "double", "Double", 8, "WireReader.readFloat64", "%s.writeDouble(%s);");

    private final String schemaName;
    private final String javaType;
    private final String boxedType;
    private final int minWireBytes;
    private final String readMethod;
    private final String writeFormat;

    PrimitiveType(String schemaName, String javaType, String boxedType, int minWireBytes, String readMethod,
                  String writeFormat) {
        this.schemaName = schemaName;
        this.javaType = javaType;
        this.boxedType = boxedType;
        this.minWireBytes = minWireBytes;
        this.readMethod = readMethod;
        this.writeFormat = writeFormat;
    }

    @Override
    public String schemaName() {
        return schemaName;
    }

    @Override
    public String javaType() {
        return javaType;
    }

    @Override
    public String elementJavaType() {
        return boxedType;
    }

    @Override
    public int minWireBytes() {
        return minWireBytes;
    }

    /** A wire primitive has no null encoding (a uuid's "none" is all zeros, not null). */
    @Override
    public boolean canBeNull() {
        return false;
    }

    /** Whether the Java type is a primitive (compared with {@code ==}, not {@code equals}). */
    public boolean isJavaPrimitive() {
        return !javaType.equals(boxedType);
    }

    @Override
    public String readExpression(String buf, String compact, String nullable) {
        return readMethod + "(" + buf + ")";
    }

    @Override
    public String writeStatement(String buf, String compact, String nullable, String value) {
        return String.format(writeFormat, buf, value);
    }

    @Override
    public String defaultLiteral(String schemaDefault) {
        return switch (this) {
            case BOOL -> booleanLiteral(schemaDefault);
            case INT8 -> "(byte) " + integerLiteral(schemaDefault);
            case INT16 -> "(short) " + integerLiteral(schemaDefault);
            case UINT16, INT32, VARINT -> integerLiteral(schemaDefault);
            case UINT32, INT64, VARLONG -> integerLiteral(schemaDefault) + "L";
            case UUID -> "ZERO_UUID";
            case FLOAT64 -> schemaDefault == null ? "0.0" : decimalLiteral(schemaDefault);
        };
    }

    @Override
    public String isDefault(String expr, String defaultLiteral) {
        return this == UUID ? "Objects.equals(" + expr + ", " + defaultLiteral + ")" : expr + " == " + defaultLiteral;
    }

    @Override
    public String equalsTerm(String name) {
        if (this == FLOAT64) {
            return "Double.compare(" + name + ", other." + name + ") == 0";
        }
        return isJavaPrimitive() ? name + " == other." + name : ScalarType.super.equalsTerm(name);
    }

    @Override
    public String hashTerm(String name) {
        return isJavaPrimitive() ? boxedType + ".hashCode(" + name + ")" : ScalarType.super.hashTerm(name);
    }

    @Override
    public String toString() {
        return schemaName;
    }

    private static String booleanLiteral(String text) {
        if (text == null) {
            return "false";
        }
        if (!text.equals("true") && !text.equals("false")) {
            throw new IllegalArgumentException("not a bool: '" + text + "'");
        }
        return text;
    }

    /** A float64 default, kept as written; only plain decimals are valid Java literals. */
    private static String decimalLiteral(String text) {
        if (!text.matches("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?")) {
            throw new IllegalArgumentException("not a float64: '" + text + "'");
        }
        return text;
    }

    /** The schema's decimal or {@code 0x} hexadecimal integer as a decimal Java literal; 0 when absent. */
    private static String integerLiteral(String text) {
        if (text == null) {
            return "0";
        }
        try {
            return String.valueOf(text.startsWith("0x") ? Long.parseLong(text.substring(2), 16) : Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an integer: '" + text + "'", e);
        }
    }
}
