package io.runnel.generator.types;

/**
 * A byte array, length-prefixed like a string. Its default is empty ({@code default=null} makes it null);
 * generated {@code equals}/{@code hashCode} compare contents and {@code toString} shows only the length.
 */
public final class BytesType implements ScalarType {
    public static final BytesType INSTANCE = new BytesType();

    private BytesType() {
    }

    @Override
    public String schemaName() {
        return "bytes";
    }

    @Override
    public String javaType() {
        return "byte[]";
    }

    @Override
    public String defaultLiteral(String schemaDefault) {
        return NullableTypes.nullOnlyDefault(schemaDefault, this, "EMPTY_BYTES");
    }

    @Override
    public String isDefault(String expr, String defaultLiteral) {
        return NullableTypes.isDefault(expr, defaultLiteral, expr + ".length == 0");
    }

    @Override
    public String readExpression(String buf, String compact, String nullable) {
        return NullableTypes.read("Bytes", buf, compact, nullable);
    }

    @Override
    public String writeStatement(String buf, String compact, String nullable, String value) {
        return NullableTypes.write("Bytes", buf, compact, nullable, value);
    }

    @Override
    public String equalsTerm(String name) {
        return "Arrays.equals(" + name + ", other." + name + ")";
    }

    @Override
    public String hashTerm(String name) {
        return "Arrays.hashCode(" + name + ")";
    }

    @Override
    public String toStringTerm(String name) {
        return "(" + name + " == null ? \"null\" : " + name + ".length + \" bytes\")";
    }

    @Override
    public String toString() {
        return schemaName();
    }
}
