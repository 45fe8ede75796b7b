package io.runnel.generator.types;

/**
 * The type of a schema field and everything the generator needs to know about it: the Java type of the
 * field, its default, how to read and write it, and how it takes part in {@code equals}, {@code hashCode} and
 * {@code toString}. Emitters ask the type; they never look at a type's name.
 *
 * <p>Scalars ({@link ScalarType}: the fixed-size {@link PrimitiveType}s, {@link StringType}, {@link BytesType},
 * {@link RecordsType}) and {@link StructType} can be array elements ({@link ElementType}); {@link ArrayType}
 * cannot, so an array of arrays is not representable. Whether a field may be null is a property of the field
 * (a version range), not of its type: the emitters pass it in as the {@code nullable} condition of a
 * {@link WireSite}.
 */
public sealed interface FieldType permits ElementType, ArrayType {

    /** The Java type of a field of this type, e.g. {@code int}, {@code List<String>}. */
    String javaType();

    /** Whether a field of this type can hold null (in the versions its {@code null<range>} names). */
    default boolean canBeNull() {
        return true;
    }

    /**
     * The field initialiser for the schema's {@code default=} text ({@code null} when the field has none).
     *
     * @throws IllegalArgumentException when the text is not a value of this type
     */
    String defaultLiteral(String schemaDefault);

    /** A Java boolean expression: {@code expr} equals {@code defaultLiteral} (a tagged field then stays unwritten). */
    String isDefault(String expr, String defaultLiteral);

    /** Appends, at indentation {@code ind}, the statements that read a field at {@code site} into {@code target}. */
    void appendRead(StringBuilder out, String ind, WireSite site, String target);

    /** Appends, at indentation {@code ind}, the statements that write {@code value} at {@code site}. */
    void appendWrite(StringBuilder out, String ind, WireSite site, String value);

    /** The term of the generated {@code equals} comparing field {@code name} with {@code other.name}. */
    default String equalsTerm(String name) {
        return "Objects.equals(" + name + ", other." + name + ")";
    }

    /** The term of the generated {@code hashCode} for field {@code name}. */
    default String hashTerm(String name) {
        return "Objects.hashCode(" + name + ")";
    }

    /** The term of the generated {@code toString} showing field {@code name}. */
    default String toStringTerm(String name) {
        return name;
    }
}
