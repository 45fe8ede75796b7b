package io.runnel.generator.types;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A type read by one expression and written by one statement: the fixed-size primitives, strings, bytes and
 * record batches. Each has one schema name (the word used in a {@code .schema} file).
 */
public sealed interface ScalarType extends ElementType permits PrimitiveType, StringType, BytesType, RecordsType {

    /** The word for this type in a schema file, e.g. {@code int32}. */
    String schemaName();

    /**
     * An expression reading this type from {@code buf}; {@code compact} and {@code nullable} are Java boolean
     * expressions (constant {@code "true"}/{@code "false"} choose the method at generation time).
     */
    String readExpression(String buf, String compact, String nullable);

    /** A statement writing {@code value} to {@code buf}, with {@code compact} and {@code nullable} as in reads. */
    String writeStatement(String buf, String compact, String nullable, String value);

    @Override
    default String readElement(String buf, String compact) {
        return readExpression(buf, compact, JavaCondition.FALSE);
    }

    @Override
    default String writeElement(String buf, String compact, String value) {
        return writeStatement(buf, compact, JavaCondition.FALSE, value);
    }

    @Override
    default void appendRead(StringBuilder out, String ind, WireSite site, String target) {
        out.append(ind).append(target).append(" = ").append(readExpression(site.buf(), site.compact(), site.nullable()))
                .append(";\n");
    }

    @Override
    default void appendWrite(StringBuilder out, String ind, WireSite site, String value) {
        out.append(ind).append(writeStatement(site.buf(), site.compact(), site.nullable(), value)).append("\n");
    }

    /** Every scalar type, the fixed-size primitives first. */
    static List<ScalarType> all() {
        List<ScalarType> all = new ArrayList<>(List.of(PrimitiveType.values()));
        all.addAll(List.of(StringType.INSTANCE, BytesType.INSTANCE, RecordsType.INSTANCE));
        return List.copyOf(all);
    }

    /** The scalar type a schema file names {@code word}, if any. */
    static Optional<ScalarType> named(String word) {
        return all().stream().filter(t -> t.schemaName().equals(word)).findFirst();
    }
}
