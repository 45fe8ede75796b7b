package io.runnel.generator.types;

/**
 * Record batches, length-prefixed like bytes but kept as a {@code ByteBuf} slice of the input, never copied
 * or decoded here. Always null by default; the reader accepts null in every version, so the field's
 * nullability does not change the call.
 */
public final class RecordsType implements ScalarType {
    public static final RecordsType INSTANCE = new RecordsType();

    private RecordsType() {
    }

    @Override
    public String schemaName() {
        return "records";
    }

    @Override
    public String javaType() {
        return "ByteBuf";
    }

    @Override
    public String defaultLiteral(String schemaDefault) {
        return NullableTypes.nullOnlyDefault(schemaDefault, this, "null");
    }

    @Override
    public String isDefault(String expr, String defaultLiteral) {
        return expr + " == null";
    }

    @Override
    public String readExpression(String buf, String compact, String nullable) {
        return JavaCondition.pick(compact, "WireReader.readCompactRecords(" + buf + ")",
                "WireReader.readRecords(" + buf + ")");
    }

    @Override
    public String writeStatement(String buf, String compact, String nullable, String value) {
        return JavaCondition.branch(compact, "WireWriter.writeCompactRecords(" + buf + ", " + value + ");",
                "WireWriter.writeRecords(" + buf + ", " + value + ");");
    }

    @Override
    public String toString() {
        return schemaName();
    }
}
