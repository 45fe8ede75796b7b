package io.runnel.generator.types;

/** A type that can be the element of an {@link ArrayType}: every type but an array. */
public sealed interface ElementType extends FieldType permits ScalarType, StructType {

    /** The Java type of this element inside a {@code List}: boxed for Java primitives. */
    default String elementJavaType() {
        return javaType();
    }

    /** The fewest bytes one element takes on the wire; bounds an array count read from the wire. */
    default int minWireBytes() {
        return 1;
    }

    /** An expression reading one (never null) array element from {@code buf}. */
    String readElement(String buf, String compact);

    /** A statement writing the array element {@code value} to {@code buf}. */
    String writeElement(String buf, String compact, String value);
}
