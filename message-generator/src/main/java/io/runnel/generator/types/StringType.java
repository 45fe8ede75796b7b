package io.runnel.generator.types;

/**
 * A UTF-8 string: int16 length, or unsigned varint length + 1 when compact; length -1 (compact: 0) is null.
 * A schema default is the text itself, {@code null} for null; absent means the empty string.
 */
public final class StringType implements ScalarType {
    public static final StringType INSTANCE = new StringType();

    private StringType() {
    }

    @Override
    public String schemaName() {
        return "string";
    }

    @Override
    public String javaType() {
        return "String";
    }

    @Override
    public String defaultLiteral(String schemaDefault) {
        if (schemaDefault == null) {
            return "\"\"";
        }
        if (schemaDefault.equals("null")) {
            return "null";
        }
        if (schemaDefault.contains("\"") || schemaDefault.contains("\\")) {
            throw new IllegalArgumentException("a string default may not contain '\"' or '\\': " + schemaDefault);
        }
        return "\"" + schemaDefault + "\"";
    }

    @Override
    public String isDefault(String expr, String defaultLiteral) {
        return "Objects.equals(" + expr + ", " + defaultLiteral + ")";
    }

    @Override
    public String readExpression(String buf, String compact, String nullable) {
        return NullableTypes.read("String", buf, compact, nullable);
    }

    @Override
    public String writeStatement(String buf, String compact, String nullable, String value) {
        return NullableTypes.write("String", buf, compact, nullable, value);
    }

    @Override
    public String toString() {
        return schemaName();
    }
}
